"""Three-level response (三级响应): seat operator → shift leader (值班长) → business expert (业务专家).

To the shift leader: strong anger, threats to go to the media or to petition, repeated calls,
vulnerable callers, group appeals. To an expert: low routing confidence, units pushing the
matter between them, repeated returns (退单), policy questions the knowledge base cannot answer.
Numeric thresholds are settings; the phrases are data (`catalogue/escalation.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hotline.act.matcher import PhraseMatcher
from hotline.act.yamlmarks import MarkedDict, MarkedList, Problem, fail_on, load_file, load_text
from hotline.analysis import Analysis
from hotline.config import Settings, get_settings

if TYPE_CHECKING:
    from hotline.act.kb import Hit
    from hotline.act.routing import Route

EscalationLevel = Literal["seat", "shift_leader", "expert"]
LEVELS: tuple[EscalationLevel, ...] = ("seat", "shift_leader", "expert")
LEVEL_ZH = {"seat": "坐席", "shift_leader": "值班长", "expert": "业务专家"}
FILE = "escalation.yaml"
_CUE_IDS = ("threat", "vulnerable", "group", "repeat_text", "cross_unit", "policy")


@dataclass
class Escalation:
    level: EscalationLevel = "seat"
    reasons: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)  # stable codes, one per reason

    def add(self, level: EscalationLevel, trigger: str, reason: str) -> None:
        if LEVELS.index(level) > LEVELS.index(self.level):
            self.level = level
        self.triggers.append(trigger)
        self.reasons.append(reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "level_zh": LEVEL_ZH[self.level],
            "reasons": list(self.reasons),
            "triggers": list(self.triggers),
        }


@dataclass(frozen=True)
class CueSet:
    id: str
    level: EscalationLevel
    reason: str
    matcher: PhraseMatcher
    patterns: tuple[re.Pattern[str], ...]

    def said(self, text: str) -> list[str]:
        found = self.matcher.phrases_in(text) if self.matcher else []
        for pattern in self.patterns:
            if (m := pattern.search(text)) is not None and m.group(0) not in found:
                found.append(m.group(0))
        return found


def parse_cues(data: Any, *, name: str) -> dict[str, CueSet]:
    problems: list[Problem] = []
    items = data.get("escalation") if isinstance(data, MarkedDict) else None
    if not isinstance(items, MarkedList):
        fail_on([Problem(name, 1, "文件应包含 escalation 列表")], code="catalogue_invalid")
        return {}
    out: dict[str, CueSet] = {}
    for i, item in enumerate(items):
        line = items.line_at(i)
        if not isinstance(item, MarkedDict) or not item.get("id") or not item.get("reason"):
            problems.append(Problem(name, line, "每一项应有 id 和 reason"))
            continue
        level = item.get("level")
        if level not in ("shift_leader", "expert"):
            problems.append(
                Problem(name, item.line_of("level"), f"level {level} 无效（应为 shift_leader 或 expert）")
            )
            continue
        cues = [str(c) for c in item.get("cues") or []]
        patterns: list[re.Pattern[str]] = []
        raw = item.get("patterns") or []
        for j, pattern in enumerate(raw):
            try:
                patterns.append(re.compile(str(pattern)))
            except re.error as exc:
                at = raw.line_at(j) if isinstance(raw, MarkedList) else line
                problems.append(Problem(name, at, f"正则表达式有误：{exc}"))
        try:
            matcher = PhraseMatcher(cues)
        except ValueError as exc:
            problems.append(Problem(name, item.line_of("cues"), str(exc)))
            continue
        out[str(item["id"])] = CueSet(str(item["id"]), level, str(item["reason"]), matcher, tuple(patterns))
    missing = [c for c in _CUE_IDS if c not in out]
    if missing and not problems:
        problems.append(Problem(name, 1, f"缺少触发项：{'、'.join(missing)}"))
    fail_on(problems, code="catalogue_invalid")
    return out


@lru_cache(maxsize=4)
def escalation_cues(catalogue_dir: str | None = None) -> dict[str, CueSet]:
    """The escalation cues of a catalogue folder (falls back to the built-in file)."""
    if catalogue_dir and (Path(catalogue_dir) / FILE).is_file():
        path = Path(catalogue_dir) / FILE
        return parse_cues(load_file(path), name=str(path))
    name = f"catalogue/{FILE}"
    text = resources.files("hotline.data").joinpath(name).read_text(encoding="utf-8")
    return parse_cues(load_text(text, name=name), name=name)


def _quote(words: list[str]) -> str:
    return "、".join(f"「{w}」" for w in words[:3])


def escalate(
    analysis: Analysis,
    route: Route,
    *,
    returns: int = 0,
    settings: Settings | None = None,
    knowledge: list[Hit] | None = None,
) -> Escalation:
    """Who should handle this call: the seat, the shift leader or a business expert, and why."""
    settings = settings or get_settings()
    cues = escalation_cues(str(settings.catalogue_dir) if settings.catalogue_dir else None)
    text = analysis.text
    esc = Escalation()

    # Shift leader.
    emotion = analysis.emotion
    anger = max(emotion.intensity if emotion.primary == "anger" else 0.0, emotion.scores.get("anger", 0.0))
    if anger >= settings.anger_escalation:
        esc.add(
            "shift_leader",
            "anger",
            f"来电人情绪激动（愤怒强度 {anger:.2f}，门槛 {settings.anger_escalation:.2f}）",
        )
    for cue_id in ("threat", "vulnerable", "group"):
        cue = cues[cue_id]
        if said := cue.said(text):
            esc.add(cue.level, cue_id, f"{cue.reason}（{_quote(said)}）")
    if analysis.repeat_calls >= settings.repeat_escalation:
        esc.add(
            "shift_leader",
            "repeat_calls",
            f"同一事项已来电 {analysis.repeat_calls} 次（门槛 {settings.repeat_escalation} 次）",
        )
    elif said := cues["repeat_text"].said(text):
        esc.add(cues["repeat_text"].level, "repeat_calls", f"{cues['repeat_text'].reason}（{_quote(said)}）")

    # Expert.
    if route.expert_review:
        esc.add(
            "expert",
            "low_confidence",
            f"派单置信度 {route.confidence:.2f} 低于 {settings.route_min_confidence:.2f}，需业务专家确定主办单位",
        )
    if said := cues["cross_unit"].said(text):
        esc.add(cues["cross_unit"].level, "cross_unit", f"{cues['cross_unit'].reason}（{_quote(said)}）")
    if returns >= settings.returns_escalation:
        esc.add(
            "expert",
            "returns",
            f"工单已被退回 {returns} 次（门槛 {settings.returns_escalation} 次），需业务专家协调派单",
        )
    answered = route.path == "direct_answer" or any(h.confident for h in knowledge or [])
    if (
        analysis.appeal_kind == "inquiry"
        and route.path in ("dispatch",)
        and not answered
        and (said := cues["policy"].said(text))
    ):
        esc.add(cues["policy"].level, "policy_no_answer", f"{cues['policy'].reason}（{_quote(said)}）")
    return esc
