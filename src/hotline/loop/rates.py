"""The three rates (三率): response, resolution, satisfaction — formulas in docs/rates.md.

- Response rate: of the lead dispatches made in the period, the share the unit answered
  (accepted, or returned with a reason) by `accept_by`. A dispatch still unanswered after its
  `accept_by` counts as a failure at once — counting only answered ones would hide the worst
  cases (Austin 311's lesson). One still inside its window is left out until it is decided.
- Resolution rate: return visits in the period where the caller said the problem is solved,
  over all visits in the period.
- Satisfaction rate: (satisfied × satisfied credit + basically satisfied × basic credit) over
  all visits in the period.
- Score: the weighted mean of the rates that have data, weights from `HOTLINE_RATE_WEIGHTS`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from hotline.config import Settings
from hotline.errors import HotlineError, InputError
from hotline.store.db import Store

RATE_KEYS = ("response", "resolution", "satisfaction")
CREDIT_KEYS = ("satisfied", "basic")


@dataclass(frozen=True)
class Weights:
    response: float = 0.3
    resolution: float = 0.35
    satisfaction: float = 0.35
    satisfied: float = 1.0  # credit of one "satisfied" visit in the satisfaction rate
    basic: float = 1.0  # credit of one "basically satisfied" visit


def parse_weights(spec: str) -> Weights:
    """`response=0.3,resolution=0.35,satisfaction=0.35[,satisfied=1,basic=0.8]` → Weights."""
    values: dict[str, float] = {}
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        key, sep, raw = part.partition("=")
        key = key.strip()
        if not sep or key not in (*RATE_KEYS, *CREDIT_KEYS):
            raise HotlineError(
                "bad_rate_weights",
                f"HOTLINE_RATE_WEIGHTS 中的「{part}」不对：应写成 response=0.3,resolution=0.35,satisfaction=0.35"
                "（可加 satisfied=1,basic=0.8 设定满意、基本满意的计分）",
            )
        try:
            value = float(raw)
        except ValueError:
            raise HotlineError(
                "bad_rate_weights", f"HOTLINE_RATE_WEIGHTS 中 {key} 的值「{raw}」不是数字"
            ) from None
        if not 0 <= value <= 1:
            raise HotlineError("bad_rate_weights", f"HOTLINE_RATE_WEIGHTS 中 {key} 应在 0 到 1 之间")
        values[key] = value
    w = Weights(**values)
    if abs(w.response + w.resolution + w.satisfaction - 1) > 1e-6:
        raise HotlineError("bad_rate_weights", "HOTLINE_RATE_WEIGHTS 中三率权重之和应为 1")
    return w


# ----------------------------------------------------------------------------- the formulas


@dataclass(frozen=True)
class Dispatch:
    unit: str
    category: str | None
    dispatched_at: datetime
    accept_by: datetime | None
    responded_at: datetime | None


@dataclass(frozen=True)
class VisitOutcome:
    unit: str | None
    category: str | None
    satisfaction: str
    resolved: bool


def _ratio(num: float, den: int) -> float | None:
    return round(num / den, 4) if den else None


def response(dispatches: Iterable[Dispatch], now: datetime) -> dict[str, Any]:
    on_time = late = overdue_open = pending = 0
    for d in dispatches:
        if d.accept_by is None:
            # No limit set (should not happen): answered counts as on time, else pending.
            on_time += d.responded_at is not None
            pending += d.responded_at is None
        elif d.responded_at is not None:
            if d.responded_at <= d.accept_by:
                on_time += 1
            else:
                late += 1
        elif now > d.accept_by:
            overdue_open += 1
        else:
            pending += 1
    counted = on_time + late + overdue_open
    return {
        "rate": _ratio(on_time, counted),
        "on_time": on_time,
        "late": late,
        "overdue_open": overdue_open,
        "pending": pending,
        "counted": counted,
    }


def resolution(visits: list[VisitOutcome]) -> dict[str, Any]:
    resolved = sum(v.resolved for v in visits)
    return {"rate": _ratio(resolved, len(visits)), "resolved": resolved, "visits": len(visits)}


def satisfaction(visits: list[VisitOutcome], w: Weights) -> dict[str, Any]:
    satisfied = sum(v.satisfaction == "satisfied" for v in visits)
    basic = sum(v.satisfaction == "basic" for v in visits)
    unsatisfied = sum(v.satisfaction == "unsatisfied" for v in visits)
    credit = satisfied * w.satisfied + basic * w.basic
    return {
        "rate": _ratio(credit, len(visits)),
        "satisfied": satisfied,
        "basic": basic,
        "unsatisfied": unsatisfied,
        "visits": len(visits),
    }


def score(rates: dict[str, dict[str, Any]], w: Weights) -> float | None:
    weights = {"response": w.response, "resolution": w.resolution, "satisfaction": w.satisfaction}
    have = {k: rates[k]["rate"] for k in RATE_KEYS if rates[k]["rate"] is not None}
    total = sum(weights[k] for k in have)
    if not have or total == 0:
        return None
    return round(sum(weights[k] * v for k, v in have.items()) / total, 4)


def three_rates(
    dispatches: list[Dispatch], visits: list[VisitOutcome], now: datetime, w: Weights
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "response": response(dispatches, now),
        "resolution": resolution(visits),
        "satisfaction": satisfaction(visits, w),
    }
    out["score"] = score(out, w)
    return out


def _level1(category: str | None) -> str:
    return (category or "未分类").split("/")[0]


def grouped(
    dispatches: list[Dispatch], visits: list[VisitOutcome], now: datetime, w: Weights
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The rates per unit and per level-1 category."""
    by_unit_d: dict[str, list[Dispatch]] = defaultdict(list)
    by_unit_v: dict[str, list[VisitOutcome]] = defaultdict(list)
    by_cat_d: dict[str, list[Dispatch]] = defaultdict(list)
    by_cat_v: dict[str, list[VisitOutcome]] = defaultdict(list)
    for d in dispatches:
        by_unit_d[d.unit].append(d)
        by_cat_d[_level1(d.category)].append(d)
    for v in visits:
        by_unit_v[v.unit or "-"].append(v)
        by_cat_v[_level1(v.category)].append(v)
    units = sorted(set(by_unit_d) | set(by_unit_v))
    cats = sorted(set(by_cat_d) | set(by_cat_v))
    return (
        {u: three_rates(by_unit_d[u], by_unit_v[u], now, w) for u in units},
        {c: three_rates(by_cat_d[c], by_cat_v[c], now, w) for c in cats},
    )


# ----------------------------------------------------------------------------- the report


def period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """Inclusive dates; the default is the current calendar month up to today."""
    end = end or today
    start = start or end.replace(day=1)
    if start > end:
        raise InputError("bad_period", f"开始日期 {start} 晚于结束日期 {end}")
    if (end - start).days > 366 * 3:
        raise InputError("bad_period", "统计区间最长三年")
    return start, end


def rates_report(
    store: Store,
    settings: Settings,
    now: datetime,
    *,
    start: date | None = None,
    end: date | None = None,
    unit: str | None = None,
    category: str | None = None,
) -> dict[str, Any]:
    """The three rates for a period (by dispatch date and visit date), overall, per unit and per category."""
    w = parse_weights(settings.rate_weights)
    first, last = period(start, end, now.date())
    since, until = datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
    with store.read() as tx:
        dispatches = [
            Dispatch(u, c, at, by, responded)
            for u, c, at, by, responded, _response in tx.response_facts(
                since, until, unit=unit, category=category
            )
        ]
        visits = [VisitOutcome(*row) for row in tx.visit_facts(since, until, unit=unit, category=category)]
        names = {code: u.name for code, u in tx.units().items()}
    by_unit, by_category = grouped(dispatches, visits, now, w)
    return {
        "period": {"from": first.isoformat(), "to": last.isoformat()},
        "as_of": now.isoformat(timespec="seconds"),
        "filters": {"unit": unit, "category": category},
        "weights": {"response": w.response, "resolution": w.resolution, "satisfaction": w.satisfaction},
        "credits": {"satisfied": w.satisfied, "basic": w.basic},
        "overall": three_rates(dispatches, visits, now, w),
        "by_unit": [{"unit": {"code": u, "name": names.get(u, u)}, **r} for u, r in by_unit.items()],
        "by_category": [{"category": c, **r} for c, r in by_category.items()],
    }
