"""Stage 2, the three-step warmth script: acceptance, responsibility, commitment.

`compose_script` is a pipeline component: it reads the emotion, appeal kind, urgency, handover,
repeat calls and deadline already in the `Analysis`, plus the lead unit from the `Context`, and
fills `a.script`. Wording comes from data/warmth/script.yaml; which variant is used depends on a
stable hash of the caller text, so one call always gets the same script and different calls read
differently.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from hotline.analysis import EMOTIONS, Analysis, Deadline, Script
from hotline.calendar.format import zh_when
from hotline.warmth.templates import pick

if TYPE_CHECKING:
    from hotline.pipeline import Context

# Intensity from which the stronger acceptance sentences are used.
HIGH_INTENSITY = 0.6
# Only an honorific form ("王先生", "李阿姨") is safe to say; a bare full name can sound cold.
_HONORIFICS = ("先生", "女士", "阿姨", "师傅", "老师", "大爷", "大妈", "大姐", "大哥")
_KIND_CALM_KEY = {"inquiry": "calm_inquiry", "report": "calm_report", "suggestion": "calm_suggestion"}


def _when(value: str | None) -> str | None:
    """ISO date or datetime → "12月4日（周五）24:00"; a bare date means the end of that day."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if "T" not in value and " " not in value.strip():
        parsed = datetime.combine(parsed.date(), time(23, 59))
    return zh_when(parsed)


def _emergency(a: Analysis) -> bool:
    return a.urgency == "emergency" and a.handover is not None


def _acceptance(a: Analysis, seed: str) -> str:
    if _emergency(a):
        return pick("acceptance", "emergency", seed)
    if a.appeal_kind == "praise":
        return pick("acceptance", "praise", seed)
    emotion: str = a.emotion.primary if a.emotion.primary in EMOTIONS else "calm"
    strong = a.emotion.intensity >= HIGH_INTENSITY
    if emotion == "calm":
        feeling = pick("acceptance", _KIND_CALM_KEY.get(a.appeal_kind, "calm"), seed)
    else:
        feeling = pick("acceptance", f"{emotion}_high" if strong else emotion, seed)
    if a.repeat_calls > 0:
        repeat = pick("acceptance", "repeat", seed, {"calls": a.repeat_calls + 1})
        # A strong feeling still deserves its own sentence; otherwise one apology is enough.
        sentence = f"{repeat}{feeling}" if strong and emotion != "calm" else repeat
    else:
        sentence = feeling
    return _address(a) + sentence


def _address(a: Analysis) -> str:
    name = (a.details.name or "").strip()
    if name and len(name) <= 5 and name.endswith(_HONORIFICS):
        return f"{name}，"
    return ""


def _responsibility(a: Analysis, unit: str | None, seed: str) -> str:
    if _emergency(a):
        assert a.handover is not None
        return pick(
            "responsibility",
            "emergency",
            seed,
            {"line": a.handover.line, "line_name": a.handover.name or a.handover.line},
        )
    kind = a.appeal_kind
    values = {"unit": unit} if unit else {}
    if kind == "praise":
        return pick("responsibility", "praise_unit" if unit else "praise", seed, values)
    if kind == "suggestion":
        return pick("responsibility", "suggestion_unit" if unit else "suggestion", seed, values)
    if kind == "inquiry":
        # With no lead unit the operator answers from the knowledge base: an answer, not a dispatch.
        return pick("responsibility", "inquiry_unit" if unit else "inquiry", seed, values)
    parts = [pick("responsibility", "unit" if unit else "assign", seed, values)]
    if a.urgency in ("urgent", "emergency"):
        parts.insert(0, pick("responsibility", "urgent_note", seed))
    if a.repeat_calls > 0:
        parts.append(pick("responsibility", "repeat_note", seed))
    return "".join(parts)


def _commitment(a: Analysis, seed: str) -> str:
    d: Deadline | None = a.deadline  # None when the calendar step has not run
    days = d.working_days if d else None
    hours = d.hours if d else None
    due = _when(d.due) if d else None
    feedback = _when(d.feedback_by) if d else None
    if d and d.feedback_by and d.due and d.feedback_by[:10] >= d.due[:10]:
        feedback = None  # a call-back on the due day itself adds nothing to the promise
    values: dict[str, object] = {"working_days": days, "hours": hours, "due": due, "feedback": feedback}

    if _emergency(a):
        assert a.handover is not None
        values["line_name"] = a.handover.name or a.handover.line
        if hours and due:
            return pick("commitment", "emergency_due", seed, values)
        return pick("commitment", "emergency", seed, values)
    if a.appeal_kind == "praise":
        return pick("commitment", "praise_due" if due else "praise_none", seed, values)
    if a.appeal_kind == "inquiry" and not hours:
        if due:
            key = "inquiry_due" if days else "due"
            text = pick("commitment", key, seed, values)
        else:
            return pick("commitment", "inquiry_none", seed, values)
    else:
        if days and due:
            key = "days_due"
        elif hours and due:
            key = "hours_due"
        elif days:
            key = "days"
        elif hours:
            key = "hours"
        elif due:
            key = "due"
        else:
            return pick("commitment", "none", seed, values)
        text = pick("commitment", key, seed, values)
    if feedback:
        text += pick("commitment", "feedback", seed, values)
    return text


def compose_script(a: Analysis, ctx: Context) -> None:
    """Pipeline component: fill `a.script` with the three steps for this call."""
    seed = a.text
    unit = (ctx.unit_name or "").strip() or None
    route = ctx.state.get("route")
    if (
        unit is not None
        and route is not None
        and route.expert_review
        and not route.terms
        and unit == route.lead.name
    ):
        # No word of the call pointed to any unit: the lead is only the category's fallback and an
        # expert will choose. Promising "转给某局" now is a promise the operator may have to take back,
        # so the caller hears the matter is being assigned. (A unsure route that the caller's words
        # did point to still names its unit.)
        unit = None
    a.script = Script(
        acceptance=_acceptance(a, seed),
        responsibility=_responsibility(a, unit, seed),
        commitment=_commitment(a, seed),
    )
