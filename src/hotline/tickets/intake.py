"""The one place where tickets meet the other stages: analysis, routing, calendar, time limits, units.

Everything the ticket code needs from them goes through these functions, so a change in
their interfaces is a change here only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.act.catalogue import default_catalogue
from hotline.calendar.timelimits import default_catalogue as default_limits
from hotline.calendar.workdays import WorkCalendar, default_calendar
from hotline.config import Settings
from hotline.errors import InputError

log = logging.getLogger("hotline.tickets")

# ----------------------------------------------------------------------------- analysis


def analyze(text: str, *, received_at: datetime, repeat_calls: int, settings: Settings) -> dict[str, Any]:
    """Run the analysis pipeline and return its JSON record (`Analysis.to_dict()`).

    A ticket must never be lost because assistance failed: if the pipeline breaks for any
    reason other than the text itself (a model file missing, a bug), the ticket is still
    registered with the bare record and a note asking the operator to check it by hand.
    """
    from hotline.analysis import Analysis
    from hotline.text import prepare

    prepared = prepare(text, max_chars=settings.max_text_chars)  # bad text: the caller's error, raised
    try:
        from hotline.services import analyze_call

        return analyze_call(
            text, received_at=received_at, repeat_calls=repeat_calls, settings=settings
        ).to_dict()
    except InputError:
        raise
    except Exception as exc:
        log.exception("analysis failed, registering without it: %s", type(exc).__name__)
        a = Analysis(text=prepared.text, received_at=received_at, repeat_calls=repeat_calls)
        a.notes.extend(prepared.notes)
        a.notes.append("自动分析暂不可用，请人工确认诉求类型、分类和承办单位")
        return a.to_dict()


@dataclass
class Findings:
    """What a ticket takes from the analysis record."""

    appeal_kind: str = "help"
    urgency: str = "normal"
    category: str | None = None
    lead_unit: str | None = None
    co_units: list[str] = field(default_factory=list)
    route_confidence: float | None = None
    route_path: str | None = None
    expert_review: bool = False
    summary: str = ""
    district: str | None = None
    street: str | None = None
    place_text: str | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    feedback_by: datetime | None = None


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in ("path", "name", "label", "code"):
            if isinstance(value.get(key), str) and value[key]:
                return str(value[key])
    return None


def _code_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        return str(value["code"]) or None
    return None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def findings(analysis: dict[str, Any]) -> Findings:
    """Read the fields a ticket needs out of an analysis record, tolerating missing stages."""
    f = Findings()
    f.appeal_kind = str(analysis.get("appeal_kind") or "help")
    f.urgency = str(analysis.get("urgency") or "normal")
    f.category = _name_of(analysis.get("category"))
    route = analysis.get("route") or {}
    if isinstance(route, dict):
        f.lead_unit = _code_of(route.get("lead"))
        f.co_units = [c for c in (_code_of(x) for x in route.get("co") or []) if c and c != f.lead_unit]
        conf = route.get("confidence")
        f.route_confidence = float(conf) if isinstance(conf, int | float) else None
        f.route_path = route.get("path") if isinstance(route.get("path"), str) else None
        f.expert_review = bool(route.get("expert_review"))
        level1, sub = route.get("category"), route.get("subcategory")
        if isinstance(level1, str) and level1:
            f.category = f"{level1}/{sub}" if isinstance(sub, str) and sub else level1
    f.summary = str(analysis.get("need") or analysis.get("restatement") or "")[:500]
    details = analysis.get("details") or {}
    address = details.get("address") or {}
    place: dict[str, Any] = {}
    if isinstance(route, dict) and isinstance(route.get("place"), dict):
        place = route["place"]
    f.district = address.get("district") or place.get("district") or None
    f.street = address.get("street") or place.get("street") or None
    f.place_text = (address.get("text") or None) if isinstance(address.get("text"), str) else None
    f.caller_name = details.get("name") or None
    f.caller_phone = details.get("phone") or None
    f.feedback_by = _when((analysis.get("deadline") or {}).get("feedback_by"))
    return f


# ----------------------------------------------------------------------------- calendar


def calendar(settings: Settings) -> WorkCalendar:
    return default_calendar(settings)


def add_working_days(start: datetime, n: int, settings: Settings) -> tuple[datetime, bool]:
    return default_calendar(settings).add_working_days(start, n)


# ----------------------------------------------------------------------------- time limits


@dataclass(frozen=True)
class Due:
    """Deadlines for one step, all from the same start time."""

    accept_by: datetime | None
    reply_by: datetime | None
    feedback_by: datetime | None
    return_by: datetime | None
    provisional: bool
    rule: str
    visit: tuple[int, str] = (3, "working_days")  # amount and unit, counted from the reply
    extension_max_days: int = 10


def steps_due(
    *,
    appeal_kind: str,
    urgency: str,
    category: str | None,
    district: str | None,
    text: str | None,
    start: datetime,
    settings: Settings,
) -> Due:
    """Deadlines for accepting, replying, feeding back and returning, starting at `start`."""
    catalogue = default_limits(settings)
    limit = catalogue.limit_for(appeal_kind, urgency, category=category, district=district, text=text)
    steps = catalogue.steps_due(limit, start, calendar(settings), feedback_hour=settings.feedback_hour)
    visit, extension = limit.visit, limit.extension_max
    return Due(
        accept_by=steps["accept_by"],
        reply_by=steps["reply_by"],
        feedback_by=steps["feedback_by"],
        return_by=steps["return_by"],
        provisional=bool(steps["provisional"]),
        rule=str(limit.rule),
        visit=(int(visit.amount), str(visit.unit)),
        extension_max_days=int(extension.amount) if extension.unit == "working_days" else 0,
    )


# ----------------------------------------------------------------------------- units and categories


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    parent: str | None
    kind: str


def catalogue_units(settings: Settings) -> list[UnitInfo]:
    """Units of the responsibility catalogue, to be synced into the store; [] while it is missing."""
    cat = default_catalogue(settings.catalogue_dir)
    return [UnitInfo(u.code, u.name, u.parent, u.kind) for u in cat.units.values()]


def categories(settings: Settings) -> list[tuple[str, str]]:
    """(path, group) for every category of the catalogue: Open311's service list."""
    out: list[tuple[str, str]] = []
    for level1, level2s in default_catalogue(settings.catalogue_dir).categories.items():
        out.append((level1, level1))
        for level2, level3s in level2s.items():
            out.append((f"{level1}/{level2}", level1))
            out.extend((f"{level1}/{level2}/{level3}", level1) for level3 in level3s)
    return out
