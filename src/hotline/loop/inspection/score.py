"""Score one call against the four stages, with evidence (turn and words) and coaching tips.

The caller's turns are run through the analysis pipeline once (emotion, details still missing,
emergency, routing, escalation); the operator's turns through the warmth lint. Each stage is
the sum of a few checks, so a supervisor can see which check cost the points:

    listen  30 no interrupting · 15 long turns answered · 30 missing details asked · 25 restated
    warmth  25 emotion accepted · 25 responsibility stated · 25 concrete commitment · 25 clean words
    act     40 lead unit named (and agrees with routing) · 30 escalated when due · 30 emergency
            handed over at once (a missed emergency caps the stage at 10)
    loop    50 feedback time promised · 50 ticket recorded and its number given

total is the mean of the four stages; a missed emergency caps it at 40.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from hotline.loop.inspection.rules import InspectionRules, inspection_rules
from hotline.loop.inspection.transcript import Turn

STAGES = ("listen", "warmth", "act", "loop")
STAGE_ZH = {"listen": "倾听", "warmth": "温度", "act": "行动", "loop": "闭环"}
_DEFAULT_TIME = datetime(2026, 1, 5, 10, 0)  # used only when the transcript carries no times


@dataclass
class Finding:
    stage: str
    turn: int | None  # index of the turn the evidence is in; None when something is absent
    words: str  # the words at fault, or "" for an omission
    severity: str  # high | medium | low
    tip: str  # coaching in Chinese


@dataclass
class Inspection:
    stages: dict[str, int]
    total: int
    findings: list[Finding] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    operator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "stages": dict(self.stages),
            "total": self.total,
            "findings": [asdict(f) for f in self.findings],
            "strengths": list(self.strengths),
        }


def _ask_key(label: str) -> str:
    if "电话" in label or "联系" in label:
        return "联系电话"
    if "地址" in label or "位置" in label or "地点" in label:
        return "地址"
    if "姓" in label or "称呼" in label:
        return "姓名"
    if "时间" in label:
        return "发生时间"
    return "对象"


def _unit_names(route: dict[str, Any] | None) -> list[str]:
    """Ways an operator may name the routed units ("文新街道办事处" → "文新街道")."""
    if not route:
        return []
    names = []
    for unit in [route.get("lead") or {}, *(route.get("co") or [])]:
        name = str(unit.get("name") or "")
        if not name:
            continue
        names.append(name)
        core = re.sub(r"^(.{0,3}?市|区|县)", "", name)
        core = re.sub(r"(办事处|委员会|管理局|局|中心|公司|集团)$", "", core)
        if len(core) >= 2:
            names.append(core)
        for full, short in _ALIASES.items():
            if full in name:
                names.append(short)
    return names


# Everyday short names operators use for units.
_ALIASES = {"城市管理": "城管", "市场监督管理": "市场监管", "人力资源和社会保障": "人社", "生态环境": "环保"}


def _local_unit(route: dict[str, Any] | None, text: str, unit: re.Pattern[str]) -> bool:
    """The operator names a unit of the right district or street ("由拱墅区人社局主办")."""
    place = (route or {}).get("place") or {}
    spots = [str(v) for k, v in place.items() if k in ("district", "street") and v]
    return any(p in text for p in spots) and bool(unit.search(text))


class _Scorer:
    def __init__(self, turns: list[Turn], rules: InspectionRules, received_at: datetime | None) -> None:
        from hotline.services import analyze_call

        self.turns = turns
        self.r = rules
        self.ops = [t for t in turns if t.speaker == "operator"]
        self.callers = [t for t in turns if t.speaker == "caller"]
        when = received_at or next((t.at for t in turns if t.at), None) or _DEFAULT_TIME
        caller_text = "。".join(t.text for t in self.callers)[:20000]
        self.analysis = analyze_call(caller_text, received_at=when)
        self.findings: list[Finding] = []
        self.strengths: list[str] = []

    def find(
        self, stage: str, turn: int | None, words: str, severity: str, tip_key: str, **fill: str
    ) -> None:
        tip = self.r.tips.get(tip_key, "").format(**fill)
        self.findings.append(Finding(stage=stage, turn=turn, words=words, severity=severity, tip=tip))

    def op_search(self, cue: re.Pattern[str]) -> Turn | None:
        return next((t for t in self.ops if cue.search(t.text)), None)

    # --- stage 1 -----------------------------------------------------------------
    def listen(self) -> int:
        score = 0
        cues = self.r.cues
        interrupted = False
        for i, t in enumerate(self.turns):
            if t.speaker == "operator" and (m := cues["interrupt_operator"].search(t.text)):
                interrupted = True
                self.find("listen", t.index, m.group(0), "high", "interrupt")
            nxt = self.turns[i + 1] if i + 1 < len(self.turns) else None
            if (
                t.speaker == "caller"
                and nxt is not None
                and nxt.speaker == "operator"
                and (m := cues["interrupt_caller"].search(t.text))
            ):
                interrupted = True
                self.find("listen", t.index, m.group(0), "high", "interrupt")
        cut = self._cut_off_by_timing()
        if cut is not None:
            interrupted = True
            _caller, op = cut
            self.find("listen", op.index, op.text[:20], "high", "interrupt")
        score += 0 if interrupted else 30
        ignored = 0
        for i, t in enumerate(self.turns[:-1]):
            nxt = self.turns[i + 1]
            if (
                t.speaker == "caller"
                and len(t.text) >= 50
                and nxt.speaker == "operator"
                and cues["backchannel"].match(nxt.text)
            ):
                ignored += 1
                self.find("listen", nxt.index, nxt.text, "medium", "backchannel")
        score += 15 if ignored == 0 else 0
        missing = [m for m in self.analysis.missing]
        not_asked = []
        for label in missing:
            ask = self.r.ask.get(_ask_key(label))
            if ask is None or not self.op_search(ask):
                not_asked.append(label)
        if missing:
            score += round(30 * (1 - len(not_asked) / len(missing)))
        else:
            score += 30
        if not_asked:
            self.find("listen", None, "", "medium", "missing_detail", missing="、".join(not_asked))
        restated = self.op_search(cues["restatement"]) or next(
            (t for t in self.ops if self._lint(t).moves.restatement), None
        )
        if restated:
            score += 25
            self.strengths.append(f"第 {restated.index + 1} 句复述确认了诉求")
        else:
            self.find("listen", None, "", "medium", "restatement")
        return score

    def _cut_off_by_timing(self) -> tuple[Turn, Turn] | None:
        """With times: the operator spoke before the caller could have said the previous turn.

        People speak about four Chinese characters a second; an operator who starts sooner than
        six characters a second allows has talked over the caller.
        """
        for prev, nxt in zip(self.turns, self.turns[1:], strict=False):
            if prev.speaker == "caller" and nxt.speaker == "operator" and prev.at and nxt.at:
                needed = len(prev.text) / 6.0
                if len(prev.text) >= 12 and (nxt.at - prev.at).total_seconds() < needed:
                    return prev, nxt
        return None

    # --- stage 2 -----------------------------------------------------------------
    _lints: dict[int, Any]

    def _lint(self, t: Turn) -> Any:
        from hotline.warmth.lint import lint

        if not hasattr(self, "_lints"):
            self._lints = {}
        if t.index not in self._lints:
            self._lints[t.index] = lint(t.text)
        return self._lints[t.index]

    def warmth(self) -> int:
        score = 0
        moves: dict[str, Turn | None] = {"acceptance": None, "responsibility": None, "commitment": None}
        clean = 25
        for t in self.ops:
            res = self._lint(t)
            for move in moves:
                if moves[move] is None and getattr(res.moves, move):
                    moves[move] = t
            # A question or a read-back may repeat the caller's own words ("希望尽快整治"); only
            # what the operator asserts or promises is held to the no-vague-words rule.
            asking = t.text.rstrip().endswith(("？", "?")) or bool(self.r.cues["restatement"].search(t.text))
            for v in [] if asking else res.vague:
                clean -= 10
                self.find("warmth", t.index, v.word, "medium", "vague", word=v.word, suggestion=v.suggestion)
            for b in res.buck_passing:
                clean -= 25
                self.find("warmth", t.index, b.text, "high", "buck_passing")
            for p in res.impatience:
                clean -= 25
                self.find("warmth", t.index, p.text, "high", "impatience")
        for move in ("acceptance", "responsibility"):
            if moves[move] is not None:
                score += 25
            else:
                self.find("warmth", None, "", "medium", move)
        commit = moves["commitment"]
        concrete = next(
            (
                t
                for t in self.ops
                if self.r.cues["feedback_time"].search(t.text) and self._lint(t).moves.commitment
            ),
            None,
        )
        if concrete is not None:
            score += 25
            self.strengths.append(f"第 {concrete.index + 1} 句给出了具体的办理时限")
        elif commit is not None:
            score += 10
            self.find("warmth", commit.index, commit.text[:30], "medium", "commitment")
        else:
            self.find("warmth", None, "", "medium", "commitment")
        return score + max(0, clean)

    # --- stage 3 -----------------------------------------------------------------
    def act(self) -> tuple[int, bool]:
        a = self.analysis
        score = 0
        route = a.extra.get("route") if isinstance(a.extra.get("route"), dict) else None
        lead = ((route or {}).get("lead") or {}).get("name")
        names = _unit_names(route)
        # "你去找城管" names the unit only to send the caller there: that is buck-passing (scored
        # under warmth), not a statement of who handles the matter, and earns no credit here.
        owning = [t for t in self.ops if not self._lint(t).buck_passing]
        named = next((t for t in owning if any(n in t.text for n in names)), None) if names else None
        if named is None and names:
            named = next((t for t in owning if _local_unit(route, t.text, self.r.cues["unit"])), None)
        if a.urgency == "emergency" and a.handover is not None:
            # The handover line is the route in an emergency; it is checked below.
            score += 40
        elif named is not None:
            score += 40
            self.strengths.append(f"第 {named.index + 1} 句讲明了承办单位")
        else:
            generic = self.op_search(self.r.cues["unit"])
            if generic is not None and names:
                score += 15
                self.find("act", generic.index, generic.text[:30], "medium", "route_wrong", unit=str(lead))
            elif generic is not None:
                score += 40
            elif a.urgency != "emergency":
                self.find("act", None, "", "medium", "route_missing", unit=str(lead or "按权责清单确定"))
        esc = a.extra.get("escalation") if isinstance(a.extra.get("escalation"), dict) else None
        due = bool(esc and esc.get("level") not in (None, "", "seat", "operator"))
        if due:
            if self.op_search(self.r.cues["escalate"]):
                score += 30
            else:
                reasons = "；".join(str(r) for r in (esc or {}).get("reasons", [])) or "达到升级条件"
                self.find("act", None, "", "medium", "escalate", reasons=reasons)
        else:
            score += 30
        missed = False
        if a.urgency == "emergency" and a.handover is not None:
            line = a.handover.line
            said = [
                t
                for t in self.ops
                if line in t.text or any(x in t.text for x in ("110", "119", "120", "122"))
            ]
            first_op = self.ops[0]
            if not said:
                missed = True
                self.find(
                    "act",
                    first_op.index,
                    first_op.text[:30],
                    "high",
                    "emergency_missed",
                    reason=a.handover.reason[:30],
                    line=line,
                )
                return min(score, 10), True
            if said[0].index != self._first_op_after_danger():
                score += 10
                self.find("act", said[0].index, line, "medium", "emergency_late", line=line)
            else:
                score += 30
                self.strengths.append(f"第 {said[0].index + 1} 句立即转接了 {line}")
        else:
            score += 30
        return score, missed

    def _first_op_after_danger(self) -> int:
        """Index of the first operator turn after the caller first describes the danger."""
        handover = self.analysis.handover
        cues = [e.text for e in handover.evidence] if handover else []
        for i, t in enumerate(self.turns):
            if t.speaker == "caller" and any(c in t.text for c in cues):
                nxt = next((u for u in self.turns[i + 1 :] if u.speaker == "operator"), None)
                return nxt.index if nxt else -1
        return self.ops[0].index

    # --- stage 4 -----------------------------------------------------------------
    def loop(self) -> int:
        score = 0
        cues = self.r.cues
        promise = next(
            (
                t
                for t in self.ops
                if cues["feedback_time"].search(t.text) and cues["feedback_verb"].search(t.text)
            ),
            None,
        )
        if promise is not None:
            score += 50
            self.strengths.append(f"第 {promise.index + 1} 句约定了回电反馈时间")
        else:
            self.find("loop", None, "", "medium", "feedback")
        ticket = self.op_search(cues["ticket"])
        if ticket is not None:
            has_number = bool(re.search(r"[0-9]{4,}", ticket.text)) or any(
                re.search(r"[0-9]{4,}", t.text) for t in self.ops if "号" in t.text
            )
            score += 50 if has_number else 35
            if not has_number:
                self.find("loop", ticket.index, ticket.text[:30], "low", "ticket")
        else:
            self.find("loop", None, "", "medium", "ticket")
        return score


def inspect_call(
    turns: list[Turn], *, received_at: datetime | None = None, operator: str | None = None
) -> Inspection:
    """Score a transcript against the four stages; findings carry the turn, the words and a tip."""
    sc = _Scorer(turns, inspection_rules(), received_at)
    listen = sc.listen()
    warmth = sc.warmth()
    act, missed = sc.act()
    loop = sc.loop()
    stages = {
        "listen": max(0, min(100, listen)),
        "warmth": max(0, min(100, warmth)),
        "act": max(0, min(100, act)),
        "loop": max(0, min(100, loop)),
    }
    total = round(sum(stages.values()) / 4)
    if missed:
        total = min(total, 40)
    order = {"high": 0, "medium": 1, "low": 2}
    findings = sorted(sc.findings, key=lambda f: (order[f.severity], STAGES.index(f.stage), f.turn or 0))
    return Inspection(
        stages=stages, total=total, findings=findings, strengths=sc.strengths, operator=operator
    )
