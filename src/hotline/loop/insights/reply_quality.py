"""Score a unit's reply to an appeal: relevance, completeness, explanation, timeliness.

Each score is 0–100 with reasons in Chinese, so a reviewer sees why and the unit sees what to
add. Relevance: does the reply talk about the appeal (its key words and places, and character
n-gram cosine). Completeness: who handled it, what was found, when, and what result or measure.
Explanation: a policy or legal basis (《…》, 依据…规定, 第X条, document numbers) and reasoning.
Timeliness: working days from the appeal to the reply against the time limit. The rules live in
`data/insights/reply_quality.yaml`; docs/insights.md reports how they agree with weak labels.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from hotline.errors import HotlineError
from hotline.loop.insights.lexicon import load_yaml
from hotline.loop.insights.places import extract

ASPECTS = ("relevance", "completeness", "explanation", "timeliness")
ASPECT_ZH = {"relevance": "相关性", "completeness": "完整性", "explanation": "解释性", "timeliness": "及时性"}
ELEMENT_ZH = {"who": "办理单位", "what": "调查情况", "when": "时间", "result": "结果或措施"}


@dataclass
class AspectScore:
    score: int | None  # None when it cannot be judged (no times given)
    reasons: list[str] = field(default_factory=list)


@dataclass
class ReplyScore:
    relevance: AspectScore
    completeness: AspectScore
    explanation: AspectScore
    timeliness: AspectScore
    overall: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Rules:
    weights: dict[str, float]
    limit_days: int
    elements: dict[str, list[re.Pattern[str]]]
    law: list[re.Pattern[str]]
    basis: list[re.Pattern[str]]
    article: list[re.Pattern[str]]
    document: list[re.Pattern[str]]
    reasoning: list[re.Pattern[str]]
    bare_forward: list[re.Pattern[str]]


def _patterns(raw: Any, where: str) -> list[re.Pattern[str]]:
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
        raise HotlineError("data_invalid", f"reply_quality.yaml 中的 {where} 应为非空的正则列表")
    out = []
    for p in raw:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise HotlineError(
                "data_invalid", f"reply_quality.yaml 中 {where} 的正则 {p!r} 有误：{exc}"
            ) from exc
    return out


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_yaml("reply_quality.yaml")
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(ASPECTS):
        raise HotlineError(
            "data_invalid", "reply_quality.yaml 的 weights 应恰好包含四项：" + "、".join(ASPECTS)
        )
    limit = data.get("time_limit_working_days")
    if not isinstance(limit, int) or limit <= 0:
        raise HotlineError("data_invalid", "reply_quality.yaml 的 time_limit_working_days 应为正整数")
    comp = data.get("completeness")
    if not isinstance(comp, dict) or set(comp) != set(ELEMENT_ZH):
        raise HotlineError(
            "data_invalid", "reply_quality.yaml 的 completeness 应包含 who、what、when、result"
        )
    expl = data.get("explanation")
    if not isinstance(expl, dict):
        raise HotlineError("data_invalid", "reply_quality.yaml 缺少 explanation")
    return _Rules(
        weights={k: float(v) for k, v in weights.items()},
        limit_days=limit,
        elements={k: _patterns(comp[k], f"completeness.{k}") for k in ELEMENT_ZH},
        law=_patterns(expl.get("law"), "explanation.law"),
        basis=_patterns(expl.get("basis"), "explanation.basis"),
        article=_patterns(expl.get("article"), "explanation.article"),
        document=_patterns(expl.get("document"), "explanation.document"),
        reasoning=_patterns(expl.get("reasoning"), "explanation.reasoning"),
        bare_forward=_patterns(data.get("bare_forward"), "bare_forward"),
    )


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m.group(0)
    return None


# Opening and closing formulas every reply has: they must not count as substance.
_FORMULA = re.compile(
    r"(网友|市民)?[“\"]?[A-Za-z0-9]*[”\"]?[:：]?\s*您好[!！，,]?|您的留言已收悉[。.]?|来信收悉[!！。]?"
    r"|现将有关情况回复如下[:：]?|感谢您对我们工作的(支持|理解|关心)[^。]*[。!！]?|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*$"
)
_STOP = frozenset(
    [
        "我们",
        "您好",
        "问题",
        "反映",
        "关于",
        "情况",
        "相关",
        "有关",
        "部门",
        "进行",
        "已经",
        "目前",
        "要求",
        "希望",
        "请求",
        "能否",
        "是否",
        "一下",
        "这个",
        "那个",
        "没有",
        "什么",
        "如何",
        "为什么",
        "怎么",
        "网友",
        "市民",
        "留言",
        "投诉",
        "咨询",
        "建议",
        "举报",
        "回复",
        "感谢",
        "支持",
        "理解",
    ]
)


def _terms(text: str) -> list[str]:
    from hotline.listen.segment import cut

    return [
        t
        for t in cut(text)
        if len(t) >= 2 and t not in _STOP and not t.isdigit() and re.search(r"[\u4e00-\u9fff]", t)
    ]


def _cosine(a: str, b: str) -> float:
    def grams(s: str) -> dict[str, int]:
        s = re.sub(r"[\W_]+", "", s)
        out: dict[str, int] = {}
        for i in range(len(s) - 1):
            g = s[i : i + 2]
            out[g] = out.get(g, 0) + 1
        return out

    ga, gb = grams(a), grams(b)
    if not ga or not gb:
        return 0.0
    dot = sum(v * gb.get(k, 0) for k, v in ga.items())
    return dot / math.sqrt(sum(v * v for v in ga.values()) * sum(v * v for v in gb.values()))


def relevance(appeal_title: str, appeal_detail: str, reply: str) -> AspectScore:
    body = _FORMULA.sub("", reply)
    title_terms = list(dict.fromkeys(_terms(appeal_title)))
    detail_terms = [t for t in dict.fromkeys(_terms(appeal_detail[:400])) if t not in title_terms][:12]
    hit_title = [t for t in title_terms if t in body]
    hit_detail = [t for t in detail_terms if t in body]
    place_names = {p.stem for p in extract(appeal_title + "。" + appeal_detail[:200]).named}
    hit_places = [p for p in place_names if p in body]
    title_share = len(hit_title) / len(title_terms) if title_terms else 0.0
    detail_share = len(hit_detail) / len(detail_terms) if detail_terms else 0.0
    cos = _cosine(appeal_title + appeal_detail[:400], body)
    parts = [(0.4, title_share), (0.2, detail_share), (0.2, min(1.0, cos / 0.35))]
    if place_names:
        parts.append((0.2, len(hit_places) / len(place_names)))
    score = sum(w * v for w, v in parts) / sum(w for w, _ in parts)
    reasons = []
    if hit_title:
        reasons.append("答复回应了诉求中的“" + "”“".join(hit_title[:4]) + "”")
    missed = [t for t in title_terms if t not in hit_title]
    if missed:
        reasons.append("答复没有提到诉求标题中的“" + "”“".join(missed[:3]) + "”")
    if place_names and not hit_places:
        reasons.append("答复没有提到诉求所说的地点（" + "、".join(sorted(place_names)[:3]) + "）")
    elif hit_places:
        reasons.append("答复提到了诉求中的地点（" + "、".join(hit_places[:3]) + "）")
    if len(body) < 40:
        reasons.append("答复正文过短，几乎没有针对诉求的内容")
        score *= 0.5
    return AspectScore(score=round(100 * score), reasons=reasons)


def completeness(reply: str) -> AspectScore:
    rules = _rules()
    body = _FORMULA.sub("", reply)
    have: dict[str, str] = {}
    for key, pats in rules.elements.items():
        hit = _first(pats, body)
        if hit:
            have[key] = hit
    score = 25 * len(have)
    reasons = [f"说明了{ELEMENT_ZH[k]}（“{v}”）" for k, v in have.items()]
    missing = [ELEMENT_ZH[k] for k in ELEMENT_ZH if k not in have]
    if missing:
        reasons.append("缺少" + "、".join(missing))
    if _first(rules.bare_forward, body) and len(body) < 80:
        score = min(score, 25)
        reasons.append("只说明已转交其他单位，没有办理情况和结果")
    return AspectScore(score=score, reasons=reasons)


def explanation(reply: str) -> AspectScore:
    rules = _rules()
    body = _FORMULA.sub("", reply)
    law = _first(rules.law, body)
    basis = _first(rules.basis, body)
    article = _first(rules.article, body)
    document = _first(rules.document, body)
    reasoning = _first(rules.reasoning, body)
    score = 0
    reasons = []
    if law:
        score += 50
        reasons.append(f"引用了政策法规{law}")
    if basis:
        score += 30 if not law else 15
        reasons.append(f"说明了办理依据（“{basis}”）")
    if article:
        score += 15
        reasons.append(f"指明了条款（{article}）")
    if document:
        score += 15
        reasons.append(f"给出了文件文号（{document}）")
    if reasoning:
        score += 20
        reasons.append(f"解释了原因（“{reasoning}”）")
    # A reply that states findings at some length explains itself even without citing a rule.
    substance = min(30, len(body) // 10)
    score += substance if not (law or basis) else 0
    if not (law or basis or article or document):
        reasons.append("没有给出政策或法规依据")
    return AspectScore(score=min(100, score), reasons=reasons)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (China's calendar when known)."""
    if end <= start:
        return 0
    try:
        from chinese_calendar import get_workdays

        return len(get_workdays(start + timedelta(days=1), end))
    except (NotImplementedError, ImportError):
        import numpy as np

        return int(np.busday_count(start + timedelta(days=1), end + timedelta(days=1)))


def timeliness(
    received: datetime | None, replied: datetime | None, limit_days: int | None = None
) -> AspectScore:
    limit = limit_days or _rules().limit_days
    if received is None or replied is None:
        return AspectScore(score=None, reasons=["缺少诉求或答复时间，无法判断时效"])
    if replied < received:
        return AspectScore(score=None, reasons=["答复时间早于诉求时间，请核对数据"])
    days = working_days_between(received.date(), replied.date())
    if days <= limit:
        return AspectScore(score=100, reasons=[f"用时 {days} 个工作日，在 {limit} 个工作日时限内"])
    over = days - limit
    score = max(0, round(100 * (1 - over / limit)))
    return AspectScore(score=score, reasons=[f"用时 {days} 个工作日，超出 {limit} 个工作日时限 {over} 天"])


def score_reply(
    appeal_title: str,
    appeal_detail: str,
    reply: str,
    *,
    received_at: datetime | None = None,
    replied_at: datetime | None = None,
    limit_days: int | None = None,
) -> ReplyScore:
    """Score one reply; every aspect 0–100 with Chinese reasons, and the weighted overall score."""
    rules = _rules()
    if not reply or not reply.strip():
        empty = AspectScore(score=0, reasons=["没有答复内容"])
        return ReplyScore(empty, empty, empty, timeliness(received_at, replied_at, limit_days), overall=0)
    parts = {
        "relevance": relevance(appeal_title, appeal_detail, reply),
        "completeness": completeness(reply),
        "explanation": explanation(reply),
        "timeliness": timeliness(received_at, replied_at, limit_days),
    }
    known = {k: v.score for k, v in parts.items() if v.score is not None}
    total_w = sum(rules.weights[k] for k in known)
    overall = round(sum(rules.weights[k] * s for k, s in known.items()) / total_w) if total_w else 0
    return ReplyScore(overall=overall, **parts)
