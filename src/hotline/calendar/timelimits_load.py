"""Read and validate a time-limit catalogue file; every error names the file, line and field."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from hotline.analysis import APPEAL_KIND_ZH, APPEAL_KINDS
from hotline.calendar.timelimits import (
    LEVEL1_CATEGORIES,
    URGENCY_ZH,
    Feedback,
    Match,
    Rule,
    Span,
    TimeLimit,
    TimeLimitCatalogue,
    Unit,
    category_path,
)
from hotline.calendar.yamlfile import Where, YDict, YList, load_yaml
from hotline.errors import InputError

URGENCIES = ("emergency", "urgent", "normal")
STEPS = ("accept", "reply", "return_window", "extension_max", "feedback", "visit")
STEP_ZH = {
    "accept": "签收",
    "reply": "答复",
    "return_window": "退单",
    "extension_max": "延期",
    "feedback": "反馈",
    "visit": "回访",
}
# Which units make sense for each step; the reply must be hours or working days because the
# analysis record reports one of those two.
STEP_UNITS: dict[str, tuple[Unit, ...]] = {
    "accept": ("minutes", "hours", "working_days"),
    "reply": ("hours", "working_days"),
    "return_window": ("minutes", "hours", "working_days"),
    "extension_max": ("minutes", "hours", "working_days"),
    "visit": ("hours", "working_days"),
}
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_TOP_KEYS = {"profile", "title", "sources", "defaults", "rules"}
_RULE_KEYS = {"id", "label", "when", *STEPS}
_WHEN_KEYS = {"appeal_kind", "urgency", "category", "district", "keywords"}


class _Reader:
    def __init__(self, name: str) -> None:
        self.where = Where(name)
        self.sources: dict[str, str] = {}

    def err(self, obj: Any, key: str | int | None, path: str, message: str) -> InputError:
        return self.where.error(obj, key, path, message)

    def keys(self, obj: YDict, allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed:
                names = "、".join(sorted(allowed))
                raise self.err(
                    obj, key, f"{path}.{key}" if path else key, f"不认识的字段，可用的字段有 {names}"
                )

    def source(self, obj: YDict, path: str) -> tuple[str, str]:
        sid = obj.get("source")
        if not isinstance(sid, str) or not sid.strip():
            raise self.err(
                obj, "source" if "source" in obj else None, f"{path}.source", "每个时限都要写明来源 source"
            )
        if sid not in self.sources:
            known = "、".join(sorted(self.sources)) or "（sources 为空）"
            raise self.err(
                obj, "source", f"{path}.source", f"来源 {sid} 未在 sources 中定义，已定义：{known}"
            )
        return sid, self.sources[sid]

    def span(self, obj: Any, step: str, path: str, holder: Any, key: str | int) -> Span:
        if not isinstance(obj, YDict):
            raise self.err(holder, key, path, f"{STEP_ZH[step]}时限应写成 {{working_days: 2, source: …}}")
        units = STEP_UNITS[step]
        self.keys(obj, {*units, "source"}, path)
        given = [u for u in units if u in obj]
        if len(given) != 1:
            names = "、".join(units)
            raise self.err(obj, None, path, f"{STEP_ZH[step]}时限应只写一个单位（{names} 之一）")
        unit = given[0]
        amount = obj[unit]
        low = 0 if step == "extension_max" else 1
        if not isinstance(amount, int) or isinstance(amount, bool) or not low <= amount <= 10000:
            raise self.err(obj, unit, f"{path}.{unit}", f"应为不小于 {low} 的整数（收到 {amount!r}）")
        sid, text = self.source(obj, path)
        return Span(amount, unit, text, sid)

    def feedback(self, obj: Any, path: str, holder: Any, key: str | int) -> Feedback:
        if not isinstance(obj, YDict):
            raise self.err(
                holder, key, path, "反馈应写成 {working_day: 2, source: …} 或 {hours: 24, source: …}"
            )
        self.keys(obj, {"working_day", "hour", "hours", "source"}, path)
        sid, text = self.source(obj, path)
        if "hours" in obj:
            if "working_day" in obj or "hour" in obj:
                raise self.err(obj, "hours", path, "hours 与 working_day/hour 只能二选一")
            hours = obj["hours"]
            if not isinstance(hours, int) or isinstance(hours, bool) or hours < 1:
                raise self.err(obj, "hours", f"{path}.hours", f"应为正整数（收到 {hours!r}）")
            return Feedback(text, hours=hours, source_id=sid)
        day = obj.get("working_day")
        if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 60:
            raise self.err(
                obj,
                "working_day" if "working_day" in obj else None,
                f"{path}.working_day",
                "应写第几个工作日（1–60）",
            )
        hour = obj.get("hour")
        if hour is not None and (not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 23):
            raise self.err(obj, "hour", f"{path}.hour", f"钟点应为 0–23 的整数（收到 {hour!r}）")
        return Feedback(text, working_day=day, hour=hour, source_id=sid)

    def strings(
        self, obj: YDict, key: str, path: str, allowed: tuple[str, ...] | None = None
    ) -> tuple[str, ...]:
        raw = obj[key]
        items = list(raw) if isinstance(raw, YList) else [raw]
        if not items:
            raise self.err(obj, key, path, "不能为空列表")
        out: list[str] = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise self.err(obj, key, path, f"应为文字或文字列表（收到 {item!r}）")
            if allowed is not None and item not in allowed:
                raise self.err(obj, key, path, f"{item} 不是可用的取值，应为 {'、'.join(allowed)} 之一")
            out.append(item.strip())
        return tuple(out)

    def match(self, obj: Any, path: str, holder: YDict) -> Match:
        if obj is None:
            return Match()
        if not isinstance(obj, YDict):
            raise self.err(holder, "when", path, "适用条件应写成键值对，如 {appeal_kind: complaint}")
        self.keys(obj, _WHEN_KEYS, path)
        kinds = (
            self.strings(obj, "appeal_kind", f"{path}.appeal_kind", APPEAL_KINDS)
            if "appeal_kind" in obj
            else None
        )
        urg = self.strings(obj, "urgency", f"{path}.urgency", URGENCIES) if "urgency" in obj else None
        cats: tuple[tuple[str, ...], ...] | None = None
        if "category" in obj:
            cats = tuple(category_path(c) for c in self.strings(obj, "category", f"{path}.category"))
            for c in cats:
                if not c or c[0] not in LEVEL1_CATEGORIES:
                    raise self.err(
                        obj,
                        "category",
                        f"{path}.category",
                        f"一级分类应为 {'、'.join(LEVEL1_CATEGORIES)} 之一",
                    )
        districts = self.strings(obj, "district", f"{path}.district") if "district" in obj else None
        keywords = self.strings(obj, "keywords", f"{path}.keywords") if "keywords" in obj else None
        return Match(
            frozenset(kinds) if kinds else None,
            frozenset(urg) if urg else None,
            cats,
            frozenset(districts) if districts else None,
            keywords,
        )


def parse_catalogue(text: str, *, name: str) -> TimeLimitCatalogue:
    """Validate a catalogue's YAML text (see docs/time-limits.md for the format)."""
    r = _Reader(name)
    doc = load_yaml(text, name=name)
    if not isinstance(doc, YDict):
        raise InputError("bad_data_file", f"{name} 的顶层应是键值对（profile、sources、defaults、rules）")
    r.keys(doc, _TOP_KEYS, "")
    sources = doc.get("sources")
    if not isinstance(sources, YDict) or not sources:
        raise r.err(
            doc, "sources" if "sources" in doc else None, "sources", "应列出各时限的来源，如 gd2022: 广东省……"
        )
    for sid, stext in sources.items():
        if not isinstance(stext, str) or not stext.strip():
            raise r.err(sources, sid, f"sources.{sid}", "来源应是一段说明文字")
        r.sources[sid] = " ".join(stext.split())
    defaults = doc.get("defaults", YDict())
    if not isinstance(defaults, YDict):
        raise r.err(doc, "defaults", "defaults", "应是键值对")
    r.keys(defaults, set(STEPS) - {"reply"}, "defaults")
    default_steps: dict[str, Any] = {}
    for step in STEPS:
        if step in defaults:
            path = f"defaults.{step}"
            if step == "feedback":
                default_steps[step] = r.feedback(defaults[step], path, defaults, step)
            else:
                default_steps[step] = r.span(defaults[step], step, path, defaults, step)

    rules_raw = doc.get("rules")
    if not isinstance(rules_raw, YList) or not rules_raw:
        raise r.err(doc, "rules" if "rules" in doc else None, "rules", "应列出至少一条规则")
    rules: list[Rule] = []
    seen_ids: dict[str, int] = {}
    seen_match: dict[Match, str] = {}
    for i, item in enumerate(rules_raw):
        path = f"rules[{i + 1}]"
        if not isinstance(item, YDict):
            raise r.err(rules_raw, i, path, "每条规则应写成键值对（id、when、reply……）")
        r.keys(item, _RULE_KEYS, path)
        rid = item.get("id")
        if not isinstance(rid, str) or not _RULE_ID.match(rid):
            raise r.err(
                item,
                "id" if "id" in item else None,
                f"{path}.id",
                "规则 id 应为小写英文、数字和下划线，如 complaint",
            )
        if rid in seen_ids:
            raise r.err(item, "id", f"{path}.id", f"规则 id {rid} 与第 {seen_ids[rid]} 行重复")
        seen_ids[rid] = item.lines["id"]
        path = f"rules[{i + 1}]（{rid}）"
        label = item.get("label", rid)
        if not isinstance(label, str):
            raise r.err(item, "label", f"{path}.label", "label 应是文字")
        match = r.match(item.get("when"), f"{path}.when", item)
        if match in seen_match:
            raise r.err(item, "when", f"{path}.when", f"适用条件与规则 {seen_match[match]} 完全相同")
        seen_match[match] = rid
        steps: dict[str, Any] = {}
        for step in STEPS:
            if step in item:
                spath = f"{path}.{step}"
                if step == "feedback":
                    steps[step] = r.feedback(item[step], spath, item, step)
                else:
                    steps[step] = r.span(item[step], step, spath, item, step)
            elif step in default_steps:
                steps[step] = default_steps[step]
            else:
                raise r.err(item, None, path, f"缺少{STEP_ZH[step]}时限 {step}，且 defaults 中也没有")
        reply: Span = steps["reply"]
        fb: Feedback = steps["feedback"]
        if reply.unit == "hours":
            if fb.hours is None:
                raise r.err(
                    item,
                    "reply",
                    f"{path}.feedback",
                    "答复以小时计时，反馈也应以小时计（写 feedback: {hours: …}）",
                )
            if fb.hours > reply.amount:
                raise r.err(
                    item,
                    "feedback",
                    f"{path}.feedback",
                    f"反馈 {fb.hours} 小时晚于答复时限 {reply.amount} 小时",
                )
        limit = TimeLimit(
            rule=rid,
            label=label,
            accept=steps["accept"],
            reply=reply,
            return_window=steps["return_window"],
            extension_max=steps["extension_max"],
            feedback=fb,
            visit=steps["visit"],
        )
        rules.append(Rule(match, limit, i))

    profile = doc.get("profile", Path(name).stem)
    title = doc.get("title", str(profile))
    catalogue = TimeLimitCatalogue(str(profile), str(title), rules, dict(r.sources), name)
    # Every appeal kind at every urgency must get a limit even when nothing else is known.
    missing = [
        f"{APPEAL_KIND_ZH[k]}/{URGENCY_ZH[u]}"
        for k in APPEAL_KINDS
        for u in URGENCIES
        if not any(rule.match.matches(k, u, (), None, None) for rule in catalogue.rules)
    ]
    if missing:
        raise InputError(
            "bad_data_file",
            f"{name}：以下诉求类型/紧急程度没有兜底规则（不带 category、district、keywords 的规则）：{'、'.join(missing)}",
        )
    return catalogue


def load_catalogue(path: Path | None = None) -> TimeLimitCatalogue:
    """The built-in default profile, or a catalogue file chosen by the `time_limits` setting."""
    if path is None:
        text = (resources.files("hotline.data") / "timelimits" / "default.yaml").read_text(encoding="utf-8")
        return parse_catalogue(text, name="default.yaml")
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            "file_not_found", f"找不到时限目录文件 {path}（配置项 HOTLINE_TIME_LIMITS）"
        ) from exc
    except OSError as exc:
        raise InputError("file_unreadable", f"无法读取时限目录文件 {path}：{exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path} 不是 UTF-8 编码") from exc
    return parse_catalogue(text, name=str(path))
