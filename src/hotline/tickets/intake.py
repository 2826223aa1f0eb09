"""The one place where tickets meet the other stages: analysis, routing, calendar, time limits, units.

Everything the ticket code needs from them goes through these functions, so a change in
their interfaces is a change here only. While a stage is not installed (its module cannot
be imported) a small built-in stand-in answers instead, so the ticket loop always works:
a plain Mon–Fri/chinesecalendar calendar and the default profile's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from hotline.config import Settings

DAY_END = time(23, 59, 59)


# ----------------------------------------------------------------------------- analysis


def analyze(text: str, *, received_at: datetime, repeat_calls: int, settings: Settings) -> dict[str, Any]:
    """Run the analysis pipeline and return its JSON record (`Analysis.to_dict()`)."""
    try:
        from hotline.services import analyze_call

        return analyze_call(text, received_at=received_at, repeat_calls=repeat_calls).to_dict()
    except ImportError:
        # Some stage is not installed yet: keep the text checks, leave the findings empty.
        from hotline.analysis import Analysis
        from hotline.text import prepare

        prepared = prepare(text, max_chars=settings.max_text_chars)
        a = Analysis(text=prepared.text, received_at=received_at, repeat_calls=repeat_calls)
        a.notes.extend(prepared.notes)
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
    f.summary = str(analysis.get("need") or analysis.get("restatement") or "")[:500]
    details = analysis.get("details") or {}
    address = details.get("address") or {}
    f.district = address.get("district") or None
    f.street = address.get("street") or None
    f.place_text = (address.get("text") or None) if isinstance(address.get("text"), str) else None
    f.caller_name = details.get("name") or None
    f.caller_phone = details.get("phone") or None
    f.feedback_by = _when((analysis.get("deadline") or {}).get("feedback_by"))
    return f


# ----------------------------------------------------------------------------- calendar


class _WeekdayCalendar:
    """Stand-in: chinesecalendar's official days where it knows the year, else Mon–Fri."""

    def _workday(self, d: date) -> tuple[bool, bool]:
        try:
            import chinese_calendar

            return bool(chinese_calendar.is_workday(d)), False
        except (ImportError, NotImplementedError):
            return d.weekday() < 5, True

    def add_working_days(self, start: datetime, n: int) -> tuple[datetime, bool]:
        if n <= 0:
            return start, False
        d, count, provisional = start.date(), 0, False
        while count < n:
            d += timedelta(days=1)
            ok, guess = self._workday(d)
            provisional = provisional or guess
            count += ok
        return datetime.combine(d, DAY_END), provisional

    def next_workday_at(self, start: datetime, k: int, hour: int, minute: int = 0) -> tuple[datetime, bool]:
        end, provisional = self.add_working_days(start, max(1, k))
        return datetime.combine(end.date(), time(hour, minute)), provisional


def calendar(settings: Settings) -> Any:
    try:
        from hotline.calendar.workdays import default_calendar

        return default_calendar(settings)
    except ImportError:
        return _WeekdayCalendar()


def add_working_days(start: datetime, n: int, settings: Settings) -> tuple[datetime, bool]:
    result: tuple[datetime, bool] = calendar(settings).add_working_days(start, n)
    return result


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
    visit_days: int = 3
    extension_max_days: int = 10


# The default profile's numbers (data/timelimits/default.yaml), used only while the catalogue is missing.
_REPLY_DAYS = {"inquiry": 2, "help": 10, "suggestion": 10, "complaint": 15, "report": 15, "praise": 10}
_HOURS = {"emergency": (0.25, 2), "urgent": (0.5, 24)}


def _fallback_due(appeal_kind: str, urgency: str, start: datetime, settings: Settings) -> Due:
    cal = calendar(settings)
    feedback, p3 = cal.next_workday_at(start, 2, settings.feedback_hour)
    if urgency in _HOURS:
        accept_h, reply_h = _HOURS[urgency]
        return Due(
            start + timedelta(hours=accept_h),
            start + timedelta(hours=reply_h),
            start + timedelta(hours=reply_h),
            start + timedelta(hours=1),
            False,
            f"builtin:{urgency}",
            extension_max_days=0,
        )
    accept, p1 = cal.add_working_days(start, 1)
    reply, p2 = cal.add_working_days(start, _REPLY_DAYS.get(appeal_kind, 10))
    ret, _ = cal.add_working_days(start, 2)
    return Due(accept, reply, feedback, ret, p1 or p2 or p3, f"builtin:{appeal_kind}")


@lru_cache(maxsize=4)
def _limits(path: str | None) -> Any:
    from pathlib import Path

    from hotline.calendar.timelimits import TimeLimitCatalogue

    return TimeLimitCatalogue.load(Path(path) if path else None)


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
    try:
        catalogue = _limits(str(settings.time_limits) if settings.time_limits else None)
    except ImportError:
        return _fallback_due(appeal_kind, urgency, start, settings)
    limit = catalogue.limit_for(appeal_kind, urgency, category=category, district=district, text=text)
    steps = catalogue.steps_due(limit, start, calendar(settings))
    get = steps.get if isinstance(steps, dict) else lambda k: getattr(steps, k, None)
    visit = getattr(limit, "visit", None)
    extension = getattr(limit, "extension_max", None)
    return Due(
        accept_by=get("accept_by"),
        reply_by=get("reply_by"),
        feedback_by=get("feedback_by"),
        return_by=get("return_by"),
        provisional=bool(get("provisional")),
        rule=str(getattr(limit, "rule", None) or getattr(limit, "id", "") or ""),
        visit_days=int(getattr(visit, "working_days", None) or 3),
        extension_max_days=int(
            getattr(extension, "working_days", None) or (0 if urgency != "normal" else 10)
        ),
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
    try:
        from hotline.act.catalogue import default_catalogue
    except ImportError:
        return []
    cat = default_catalogue(settings.catalogue_dir)
    return [UnitInfo(u.code, u.name, u.parent, u.kind) for u in cat.units.values()]


def categories(settings: Settings) -> list[tuple[str, str]]:
    """(path, group) for every category of the catalogue: Open311's service list."""
    try:
        from hotline.act.catalogue import default_catalogue
    except ImportError:
        return []
    out: list[tuple[str, str]] = []
    for level1, level2s in default_catalogue(settings.catalogue_dir).categories.items():
        out.append((level1, level1))
        for level2, level3s in level2s.items():
            out.append((f"{level1}/{level2}", level1))
            out.extend((f"{level1}/{level2}/{level3}", level1) for level3 in level3s)
    return out
