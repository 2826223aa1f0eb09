"""Pipeline component: life and safety risks, and where to hand the call over.

Rules are data (`data/emergency/rules.yaml`, `lines.yaml`, `markers.yaml`). Missing an
emergency is the worst error this product can make, so triggers are broad and only clear
context turns them down:

- negation right before the trigger ("没有着火", "不是漏气") drops it;
- the nearest time/mood marker before it in the sentence decides: distant past ("去年")
  drops it, recent past ("昨晚"), a hypothesis ("万一着火") or a settled case ("火已经灭了")
  make it "urgent" instead of an immediate transfer; "现在", "正在", "又" keep it;
- talk of what keeps happening ("事故频发", "经常", "电梯困人事件") makes it "urgent";
- calm topics in the same sentence ("咨询", "理赔") make it "urgent", and talk about
  safety knowledge, drills or bills ("预防知识", "演练", "燃气费") drops it, unless the
  sentence also says "救命", "赶紧", "正在".

Trigger alternatives are indexed by the characters they need, so only a few regexes run
per text; the context checks run only on hits.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hotline.analysis import Analysis, Evidence, Handover
from hotline.errors import HotlineError
from hotline.listen.prefilter import BranchIndex
from hotline.pipeline import Context

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,、：:。！？!?；;\n\s]")
_NEG_WINDOW = 6
_CUE_WINDOW = 15
# How far either side of a trigger its "sentence" reaches. Real sentences are shorter; a text with
# no punctuation at all (a pasted document, a flood of one word) would otherwise make every
# trigger scan the whole text, and 20,000 characters of "着火" took 45 s.
_CONTEXT = 160
# Once a rule has this many emergency hits, more of the same change nothing the operator sees.
_ENOUGH = 8
# A suicide attempt already carried out by swallowing something.
_TAKEN = re.compile(r"(喝|吃|吞|服)(了|下)")
_MARKERS = (
    "negation",
    "negation_except",
    "past",
    "recent",
    "present",
    "hypothetical",
    "resolved",
    "inquiry",
    "calm",
    "urgent_cue",
)


@dataclass(frozen=True)
class Line:
    line: str
    name: str


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    level: str  # "emergency" | "urgent"
    line: Line | None
    priority: int
    reason: str
    restate: str | None  # said instead of reading the caller's words back (suicide risk)
    past: str  # "ignore" | "demote"
    hypothetical: str  # "keep" | "demote"
    inquiry: str  # "keep" | "demote"
    exclude: re.Pattern[str] | None
    demote: re.Pattern[str] | None
    require: re.Pattern[str] | None


@dataclass(frozen=True)
class Hit:
    """One place in the text where a rule fired, after context checks."""

    rule: Rule
    start: int
    end: int
    text: str
    level: str  # what it counts as here: "emergency" or "urgent"
    why: str  # which context decided, for the evidence cue


@dataclass(frozen=True)
class RuleBook:
    rules: dict[str, Rule]  # group name → rule
    # Every alternative of every rule, indexed by the characters it needs (listen/prefilter.py):
    # only a few run per text, and overlapping triggers of different rules are all found.
    triggers: BranchIndex[str]
    negation: re.Pattern[str]
    negation_except: re.Pattern[str]
    timing: re.Pattern[str]  # past / recent / present / hypothetical, as named groups
    resolved: re.Pattern[str]
    habitual: re.Pattern[str]
    inquiry: re.Pattern[str]
    calm: re.Pattern[str]
    urgent_cue: re.Pattern[str]


def _read(name: str) -> dict[str, Any]:
    raw = resources.files("hotline.data").joinpath(f"emergency/{name}").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw)
    if not isinstance(doc, dict):
        raise HotlineError("bad_emergency_rules", f"紧急规则文件 emergency/{name} 的内容应为映射")
    return doc


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise HotlineError("bad_emergency_rules", f"紧急规则 {where} 的正则写错了：{exc}") from exc


def _joined(value: Any, where: str) -> re.Pattern[str] | None:
    if not value:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return _compile("|".join(f"(?:{p})" for p in items), where)


@lru_cache(maxsize=1)
def rulebook() -> RuleBook:
    """Load, validate and compile the emergency rules (once per process)."""
    return build_rulebook(_read("lines.yaml"), _read("markers.yaml"), _read("rules.yaml"))


def build_rulebook(lines_doc: dict[str, Any], markers: dict[str, Any], rules_doc: dict[str, Any]) -> RuleBook:
    """Validate and compile rule documents; a mistake raises HotlineError naming the entry."""
    missing = [k for k in _MARKERS if not isinstance(markers.get(k), str)]
    if missing:
        raise HotlineError("bad_emergency_rules", f"紧急规则 markers.yaml 缺少：{'、'.join(missing)}")
    lines = {code: Line(str(v["line"]), str(v["name"])) for code, v in (lines_doc.get("lines") or {}).items()}
    entries = rules_doc.get("rules")
    if not isinstance(entries, list) or not entries:
        raise HotlineError("bad_emergency_rules", "紧急规则文件 emergency/rules.yaml 缺少 rules 列表")
    rules: dict[str, Rule] = {}
    parts: list[tuple[str, str]] = []
    for i, entry in enumerate(entries):
        where = f"第 {i + 1} 条（{entry.get('code', '?')}）"
        level = entry.get("level")
        if level not in ("emergency", "urgent") or not entry.get("code") or not entry.get("patterns"):
            raise HotlineError(
                "bad_emergency_rules", f"紧急规则 {where} 缺少 code、patterns，或 level 不是 emergency/urgent"
            )
        line = None
        if level == "emergency":
            line = lines.get(str(entry.get("line")))
            if line is None:
                raise HotlineError(
                    "bad_emergency_rules",
                    f"紧急规则 {where} 的转接线路 {entry.get('line')!r} 在 lines.yaml 中找不到",
                )
        context = entry.get("context") or {}
        group = f"r{i}"
        rules[group] = Rule(
            code=str(entry["code"]),
            label=str(entry.get("label") or entry["code"]),
            level=level,
            line=line,
            priority=int(entry.get("priority", 0)),
            reason=str(entry.get("reason") or "").replace("{name}", line.name if line else ""),
            restate=str(entry["restate"]).replace("{name}", line.name if line else "")
            if entry.get("restate")
            else None,
            past=str(context.get("past", "ignore")),
            hypothetical=str(context.get("hypothetical", "demote")),
            inquiry=str(context.get("inquiry", "demote")),
            exclude=_joined(entry.get("exclude"), where),
            demote=_joined(entry.get("demote"), where),
            require=_joined(entry.get("require"), where),
        )
        for pattern in entry["patterns"]:
            _compile(str(pattern), where)
            parts.append((group, str(pattern)))
    timing = "|".join(
        f"(?P<{kind}>{markers[kind]})" for kind in ("past", "recent", "present", "hypothetical")
    )
    return RuleBook(
        rules=rules,
        triggers=BranchIndex(parts),
        negation=_compile(str(markers["negation"]), "negation"),
        negation_except=_compile(str(markers["negation_except"]), "negation_except"),
        timing=_compile(timing, "markers"),
        resolved=_compile(str(markers["resolved"]), "resolved"),
        habitual=_compile(str(markers["habitual"]), "habitual"),
        inquiry=_compile(str(markers["inquiry"]), "inquiry"),
        calm=_compile(str(markers["calm"]), "calm"),
        urgent_cue=_compile(str(markers["urgent_cue"]), "urgent_cue"),
    )


def _bounds(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def _span(ends: list[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else size)


def _judge(
    book: RuleBook, rule: Rule, text: str, start: int, end: int, sentence: tuple[int, int], clause_start: int
) -> tuple[str, str] | None:
    """(level, why) for one trigger in context, or None when context rules it out."""
    s_start, s_end = sentence
    sent = text[s_start:s_end]
    if rule.exclude is not None and rule.exclude.search(sent):
        return None
    before = text[max(clause_start, start - _NEG_WINDOW) : start]
    if book.negation.search(before) and not book.negation_except.search(text[clause_start:end]):
        return None
    level, why = rule.level, "trigger"
    if text[end : end + 1] == "过":
        kind = "past"  # "着过火", "漏过气": it happened before
    else:
        kind = None
        for m in book.timing.finditer(text, s_start, start):
            kind = m.lastgroup
    if kind == "past":
        if rule.past == "ignore":
            return None
        level, why = "urgent", "past"
    elif kind == "recent":
        level, why = "urgent", "recent"
    elif kind == "hypothetical" and rule.hypothetical == "demote":
        level, why = "urgent", "hypothetical"
    # Only urgency words near the trigger count: long letters say "现在" about other things.
    near = text[max(s_start, start - _CUE_WINDOW) : min(s_end, end + _CUE_WINDOW)]
    pressing = kind == "present" or bool(book.urgent_cue.search(near))
    if rule.inquiry == "demote" and not pressing and book.calm.search(sent):
        return None
    if book.resolved.search(sent):
        level, why = "urgent", "resolved"
    elif rule.inquiry == "demote" and not pressing and book.inquiry.search(sent):
        level, why = "urgent", "inquiry"
    elif rule.hypothetical == "demote" and not pressing and book.habitual.search(sent):
        level, why = "urgent", "habitual"
    elif rule.demote is not None and not pressing and rule.demote.search(sent):
        level, why = "urgent", "context"
    return level, why


def hazard_rule(code: str) -> Rule | None:
    """The first rule with this hazard code (for its Chinese label and wording)."""
    return next((r for r in rulebook().rules.values() if r.code == code), None)


def hazard_label(code: str) -> str:
    """The Chinese name of a hazard code ("gas_leak" → "燃气泄漏"), or the code itself."""
    rule = hazard_rule(code)
    return rule.label if rule else code


def find_hazards(text: str) -> list[Hit]:
    """Every hazard the rules see in `text`, judged in its context, in order."""
    book = rulebook()
    hits: list[Hit] = []
    sentences = clauses = None
    found: dict[tuple[str, int], re.Match[str]] = {}
    for group, m in book.triggers.finditer(text):
        # Several alternatives of one rule may match at one place: keep the longest.
        key = (group, m.start())
        if key not in found or m.end() > found[key].end():
            found[key] = m
    required: dict[str, bool] = {}  # whole-text checks, once per rule rather than once per trigger
    emergencies: dict[str, int] = {}
    for (group, _), m in sorted(found.items(), key=lambda item: item[1].start()):
        rule = book.rules[group]
        if emergencies.get(group, 0) >= _ENOUGH:
            continue
        if rule.require is not None:
            if group not in required:
                required[group] = rule.require.search(text) is not None
            if not required[group]:
                continue
        if sentences is None:
            sentences, clauses = _bounds(text, _SENTENCE_END), _bounds(text, _CLAUSE_END)
        assert clauses is not None
        s_start, s_end = _span(sentences, m.start(), len(text))
        sentence = (max(s_start, m.start() - _CONTEXT), min(s_end, m.end() + _CONTEXT))
        clause_start = _span(clauses, m.start(), len(text))[0]
        verdict = _judge(book, rule, text, m.start(), m.end(), sentence, clause_start)
        if verdict is not None:
            hits.append(Hit(rule, m.start(), m.end(), m.group(0), verdict[0], verdict[1]))
            if verdict[0] == "emergency":
                emergencies[group] = emergencies.get(group, 0) + 1
    hits.sort(key=lambda h: h.start)
    return hits


def read_urgency(a: Analysis, ctx: Context) -> None:
    """Set `a.urgency`, `a.handover` and `a.hazards` from the caller's text."""
    hits = find_hazards(a.text)
    emergencies = [h for h in hits if h.level == "emergency"]
    a.hazards = list(dict.fromkeys(h.rule.code for h in hits if h.level == "urgent"))
    if emergencies:
        top = max(emergencies, key=lambda h: (h.rule.priority, -h.start))
        poisoned = [h for h in emergencies if h.rule.code == "medical_emergency"]
        if top.rule.code == "suicide_risk" and poisoned and _TAKEN.search(top.text):
            # The poison or the pills are already taken and the body shows it (口吐白沫, 叫不醒):
            # the ambulance comes first; the police line is for someone still deciding.
            top = max(poisoned, key=lambda h: (h.rule.priority, -h.start))
        line = top.rule.line
        assert line is not None
        a.urgency = "emergency"
        a.handover = Handover(
            line=line.line,
            name=line.name,
            reason=top.rule.reason,
            hazard=top.rule.code,
            evidence=[
                Evidence(h.text, h.start, h.end, cue=f"{h.rule.code}:{h.why}", weight=1.0)
                for h in emergencies
                if h.rule.code == top.rule.code
            ],
        )
        a.hazards = [c for c in a.hazards if c != top.rule.code]
    elif a.hazards:
        a.urgency = "urgent"
        a.handover = None
    else:
        a.urgency = "normal"
        a.handover = None
    ctx.state["hazard_hits"] = hits
