"""Pipeline component: appeal kind, the one-line need, missing details and the restatement.

The kind (咨询/求助/投诉/举报/建议/表扬) is scored from cue words plus the leaning of the
matter's topic; the need, the questions still to ask and the wording all come from
`data/appeal/`. Nothing here invents facts: placeholders are filled only with details
read from the caller's own words, and fall back to general wording when a detail is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotline.analysis import Address, Analysis, Details
from hotline.listen.appeal_data import AppealData, Check, Topic, appeal_data
from hotline.listen.emergency import hazard_label
from hotline.listen.restate import question_clause, restate, trimmed_clause
from hotline.pipeline import Context

_NAMED_KINDS = frozenset({"service_number", "phone"})
_SOURCE_KINDS = ("restaurant", "shop", "site", "company", "hotel")
_WHERE_WORDS = frozenset({"楼上", "邻居", "隔壁", "店", "商铺"})
_OWN_WORDS_ONLY = frozenset({"inquiry", "suggestion", "praise"})
_LOCATION_FIRST = (
    "事发具体位置",
    "具体地址",
    "房屋地址",
    "小区名称",
    "具体楼栋",
    "事发路段",
    "务工地点",
    "上下车地点",
)
_SUGGEST = re.compile(r"(?:我)?(?:建议|提议|希望(?:能|可以)?|能不能|最好(?:能)?|呼吁)")
_PRAISE = re.compile(r"(?:表扬|感谢|点赞|谢谢)(?:一下)?")


@dataclass(frozen=True)
class TopicMatch:
    topic: Topic
    start: int
    end: int


def classify(text: str, topic: Topic | None, urgency: str) -> tuple[str, dict[str, float]]:
    """(appeal kind, normalised scores) from cue words and the topic's leaning."""
    data = appeal_data()
    raw = dict.fromkeys(data.kinds, 0.0)
    seen: set[str] = set()
    for group, _ in data.cues.finditer(text):
        if group not in seen:
            seen.add(group)
            kind, weight = data.cue_weight[group]
            raw[kind] += weight
    if topic is not None:
        for kind, weight in topic.hint.items():
            raw[kind] = raw.get(kind, 0.0) + weight
    if urgency == "emergency":
        raw["help"] += 3.0
    total = sum(raw.values())
    if total <= 0:
        scores = {k: (1.0 if k == data.default else 0.0) for k in raw}
        return data.default, scores
    scores = {k: round(v / total, 3) for k, v in raw.items()}
    kind = max(raw, key=lambda k: (raw[k], k == data.default))
    return kind, scores


def find_topic(text: str, hazards: list[str] | None = None) -> TopicMatch | None:
    """The matter the text is mostly about: the topic with the most cue hits, first on ties.

    A topic tied to a hazard found in the call ("消防通道被堵" → fire safety) gets a bonus,
    so a passing mention of the property manager does not take over.
    """
    data = appeal_data()
    counts: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}
    for group, m in data.topic_index.finditer(text):
        counts[group] = counts.get(group, 0) + 1
        if group not in first or m.start() < first[group][0]:
            first[group] = (m.start(), m.end())
    if not counts:
        return None
    for group in counts:
        if hazards and data.topics[group].hazards.intersection(hazards):
            counts[group] += 1.5
    order = list(data.topics)
    group = max(counts, key=lambda g: (counts[g], -order.index(g)))
    start, end = first[group]
    return TopicMatch(data.topics[group], start, end)


def _place(addr: Address) -> str | None:
    return addr.community or addr.street or addr.district


def _fills(details: Details, text: str, data: AppealData) -> dict[str, str]:
    objs = [o for o in details.objects if o.kind not in _NAMED_KINDS]
    fills: dict[str, str] = {}

    def first(*kinds: str) -> str | None:
        return next((o.text for o in objs if o.kind in kinds), None)

    for key, value in (
        ("company", first("company", "site", "property")),
        ("shop", first("shop", "restaurant", "hotel", "market", "company")),
        ("line", first("bus_line", "metro_line")),
        ("plate", first("plate")),
        ("road", first("road")),
        ("object", next((o.text for o in objs if o.kind != "plate"), None)),
        ("place", _place(details.address)),
    ):
        if value:
            fills[key] = value
    source = first(*_SOURCE_KINDS)
    if source is None:
        for label in ("噪音来源", "污染源"):
            check = data.checks.get(label)
            words = [m.group(0) for m in check.text.finditer(text)] if check and check.text else []
            # "隔壁工地": the thing making noise says more than where it is.
            specific = [w for w in words if w not in _WHERE_WORDS]
            if words:
                source = (specific or words)[0]
                break
    if source:
        fills["source"] = source
    return fills


def _fill(cores: tuple[str, ...], fills: dict[str, str]) -> str | None:
    for core in cores:
        names = re.findall(r"\{(\w+)\}", core)
        if all(n in fills for n in names):
            return core.format(**{n: fills[n] for n in names})
    return None


def _known(check: Check, details: Details, text: str, has_time: bool) -> bool:
    addr = details.address
    if check.address == "any" and not addr.is_empty():
        return True
    if check.address == "detail" and (addr.street or addr.community or addr.detail):
        return True
    if check.address == "community" and addr.community:
        return True
    if check.address == "building" and addr.detail:
        return True
    if check.address == "city" and (addr.city or addr.district):
        return True
    if (check.time and has_time) or (check.phone and details.phones) or (check.amount and details.amounts):
        return True
    kinds = {o.kind for o in details.objects if o.kind not in _NAMED_KINDS}
    if check.objects and (("any" in check.objects and kinds) or kinds & check.objects):
        return True
    return bool(check.text and check.text.search(text))


def missing_details(
    kind: str, topic: Topic | None, details: Details, text: str, urgency: str, has_time: bool
) -> list[str]:
    """Chinese labels of the details an operator should still ask for, most important first."""
    data = appeal_data()
    if urgency == "emergency":
        wanted: tuple[str, ...] = ("事发具体位置", "来电人联系电话")
    else:
        if kind in ("praise", "suggestion"):
            wanted = data.kinds[kind].ask
        elif topic is not None and (kind != "inquiry" or topic.hint.get("inquiry", 0) > 0):
            wanted = topic.ask
        else:
            wanted = data.kinds[kind].ask
        if kind == "inquiry":
            wanted = tuple(w for w in wanted if w not in _LOCATION_FIRST)
        else:
            wanted = (*wanted, "来电人联系电话")
    out = [w for w in dict.fromkeys(wanted) if not _known(data.checks[w], details, text, has_time)]
    return sorted(out, key=lambda label: (label not in _LOCATION_FIRST, out.index(label)))


_GENERIC = {
    "inquiry": ("相关政策和办理方式",),
    "help": ("有关部门协助解决{object}的问题", "有关部门协助解决所反映的困难"),
    "complaint": ("有关部门核实处理{object}的问题", "有关部门核实处理所反映的问题"),
    "report": ("{object}的违法违规行为，要求有关部门查处", "所反映的违法违规行为，要求有关部门查处"),
    "suggestion": ("有关部门研究改进相关工作",),
    "praise": ("{object}的工作人员", "相关工作人员"),
}
_GENERIC_WISH = ("有关部门查处{object}的违法违规行为", "有关部门查处所反映的违法违规行为")


def compose_need(a: Analysis, kind: str, topic: TopicMatch | None, fills: dict[str, str]) -> tuple[str, str]:
    """(the one-line need, the wish used in the restatement).

    The wish leaves out the place (the restatement says it already) and, for a report,
    is phrased as what the caller wants done rather than as "举报…".
    """
    data = appeal_data()
    spec = data.kinds[kind]
    if a.urgency == "emergency" and a.handover is not None:
        label = hazard_label(a.handover.hazard)
        return f"立即转接{a.handover.name}处置{label}", label
    own: str | None = None
    if kind == "inquiry":
        own = question_clause(a.text)
    elif kind == "suggestion":
        own = trimmed_clause(a.text, _SUGGEST)
    elif kind == "praise":
        own = trimmed_clause(a.text, _PRAISE)
    if own is not None:
        return spec.need_prefix + own, own
    no_place = {k: v for k, v in fills.items() if k != "place"}
    if topic is not None:
        need = topic.topic.need
        own_cores = need.get(kind)
        if own_cores is None and kind in _OWN_WORDS_ONLY:
            # A topic's default need is a request ("…尽快修复…"); it cannot be praised or suggested.
            label = topic.topic.label
            plain = {
                "inquiry": f"{label}的相关政策和办理方式",
                "suggestion": f"有关部门研究改进{label}方面的做法",
            }.get(kind, _fill(_GENERIC[kind], fills) or _GENERIC[kind][-1])
            return spec.need_prefix + plain, plain
        cores = own_cores or need["default"]
        topical = _fill(cores, fills)
        wish_cores = need["default"] if kind == "report" else cores
        wish = _fill(wish_cores, no_place) or topical
        if topical is not None and wish is not None:
            return (spec.need_prefix if own_cores else spec.plain_prefix) + topical, wish
    core = _fill(_GENERIC[kind], fills) or _GENERIC[kind][-1]
    wish = (_fill(_GENERIC_WISH, no_place) or _GENERIC_WISH[-1]) if kind == "report" else core
    return spec.need_prefix + core, wish


def read_appeal(a: Analysis, ctx: Context) -> None:
    """Set `a.appeal_kind`, `a.appeal_kind_scores`, `a.missing`, `a.need` and `a.restatement`."""
    data = appeal_data()
    topic = find_topic(a.text, a.hazards)
    kind, scores = classify(a.text, topic.topic if topic else None, a.urgency)
    a.appeal_kind = kind  # type: ignore[assignment]  # checked against APPEAL_KINDS at load
    a.appeal_kind_scores = scores
    has_time = a.details.event_time is not None or a.details.event_time_text is not None
    a.missing = missing_details(kind, topic.topic if topic else None, a.details, a.text, a.urgency, has_time)
    fills = _fills(a.details, a.text, data)
    a.need, core = compose_need(a, kind, topic, fills)
    anchor = topic.start if topic else None
    a.restatement = restate(a, kind, core, anchor, ctx.state.get("event_time"), ctx.settings.home_city)
