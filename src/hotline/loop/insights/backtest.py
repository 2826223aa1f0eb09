"""Generated call history with planted surges, and the backtest of the early-warning detector.

The generator draws weeks of background calls per (problem, place) as a Poisson process with a
daily shape (quiet at night, peaks mid-morning and early afternoon) and a weekly one (calmer
weekends), each pair with its own level. Surges of known size and length are planted at known
times after a warm-up. The backtest feeds everything in time order to `SurgeDetector` and
matches warnings to surges: a warning for the surge's pair between its start and 12 hours after
its end detects it (delay = first such warning − start); any other warning is a false alarm.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from hotline.loop.insights.warning import Event, SurgeDetector, Warning, WarningSettings

PROBLEMS = ("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生")
PLACES = tuple(f"A{n}区" for n in range(1, 10))

# Share of a day's calls in each hour (sums to 1): the hotline's daily rhythm.
_DAY = (
    0.004, 0.003, 0.002, 0.002, 0.003, 0.006, 0.015, 0.035, 0.065, 0.085, 0.090, 0.080,
    0.060, 0.065, 0.080, 0.080, 0.070, 0.060, 0.050, 0.050, 0.045, 0.030, 0.015, 0.005,
)  # fmt: skip
_WEEK = (1.1, 1.05, 1.0, 1.0, 1.05, 0.75, 0.65)  # Monday … Sunday


@dataclass(frozen=True)
class Surge:
    problem: str
    place: str
    start: datetime
    hours: int
    extra: int  # calls added on top of the background
    size: str  # small / medium / large


@dataclass
class History:
    events: list[Event]
    surges: list[Surge]
    start: datetime
    warmup_weeks: int
    weeks: int


SIZES = {"small": 6, "medium": 12, "large": 25}


def generate(
    *,
    weeks: int = 16,
    warmup_weeks: int = 6,
    surges_per_week: int = 3,
    seed: int = 42,
    start: datetime = datetime(2026, 1, 5),
    pairs: int = 40,
) -> History:
    """Background calls for `pairs` (problem, place) pairs plus surges after the warm-up."""
    rng = random.Random(seed)
    keys = rng.sample([(p, q) for p in PROBLEMS for q in PLACES], pairs)
    # Weekly volume per pair: a few busy pairs, many quiet ones (log-normal, median ~8 a week).
    level = {k: math.exp(rng.gauss(math.log(8), 0.8)) for k in keys}
    events: list[Event] = []
    n = 0
    for day in range(weeks * 7):
        date = start + timedelta(days=day)
        wk = _WEEK[date.weekday()]
        for hour in range(24):
            for k in keys:
                lam = level[k] / 7 * wk / (sum(_WEEK) / 7) * _DAY[hour]
                for _ in range(_poisson(rng, lam)):
                    n += 1
                    t = date + timedelta(hours=hour, minutes=rng.random() * 60)
                    events.append(Event(id=f"bg{n}", problem=k[0], place=k[1], time=t))
    surges: list[Surge] = []
    sizes = list(SIZES)
    for week in range(warmup_weeks, weeks):
        for j in range(surges_per_week):
            k = rng.choice(keys)
            size = sizes[(week * surges_per_week + j) % len(sizes)]
            hours = rng.choice((4, 8, 24))
            # Surges start in the day, when people are awake to call about them.
            begin = start + timedelta(weeks=week, days=rng.randrange(7), hours=rng.randrange(8, 18))
            s = Surge(problem=k[0], place=k[1], start=begin, hours=hours, extra=SIZES[size], size=size)
            surges.append(s)
            for _ in range(s.extra):
                n += 1
                t = begin + timedelta(hours=rng.random() * hours)
                events.append(Event(id=f"sg{n}", problem=k[0], place=k[1], time=t))
    events.sort(key=lambda e: e.time)
    return History(events=events, surges=surges, start=start, warmup_weeks=warmup_weeks, weeks=weeks)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small hourly rates here.
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


@dataclass
class BacktestResult:
    surges: int
    detected: int
    delays_hours: list[float]
    by_size: dict[str, dict[str, float]]
    false_alarms: int
    weeks: float
    warnings: list[Warning] = field(default_factory=list)

    @property
    def false_alarms_per_week(self) -> float:
        return self.false_alarms / self.weeks if self.weeks else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "surges": self.surges,
            "detected": self.detected,
            "detection_rate": round(self.detected / self.surges, 3) if self.surges else 0.0,
            "median_delay_hours": round(median(self.delays_hours), 2) if self.delays_hours else None,
            "by_size": self.by_size,
            "false_alarms": self.false_alarms,
            "false_alarms_per_week": round(self.false_alarms_per_week, 2),
        }


def backtest(history: History, settings: WarningSettings | None = None) -> BacktestResult:
    """Run the detector over the history; score warnings raised after the warm-up."""
    det = SurgeDetector(settings)
    cut = history.start + timedelta(weeks=history.warmup_weeks)
    warnings: list[Warning] = []
    for e in history.events:
        w = det.observe(e)
        if w is not None and e.time >= cut:
            warnings.append(w)
    matched: set[int] = set()
    delays: dict[int, float] = {}
    for wi, w in enumerate(warnings):
        raised = datetime.fromisoformat(w.raised_at)
        for si, s in enumerate(history.surges):
            if (w.problem, w.place) != (s.problem, s.place):
                continue
            if s.start <= raised <= s.start + timedelta(hours=s.hours + 12):
                matched.add(wi)
                delay = (raised - s.start).total_seconds() / 3600
                delays[si] = min(delays.get(si, delay), delay)
    by_size: dict[str, dict[str, float]] = {}
    for size in SIZES:
        idx = [i for i, s in enumerate(history.surges) if s.size == size]
        found = [delays[i] for i in idx if i in delays]
        by_size[size] = {
            "extra_calls": SIZES[size],
            "surges": len(idx),
            "detected": len(found),
            "median_delay_hours": round(median(found), 2) if found else -1.0,
        }
    return BacktestResult(
        surges=len(history.surges),
        detected=len(delays),
        delays_hours=sorted(delays.values()),
        by_size=by_size,
        false_alarms=len(warnings) - len(matched),
        weeks=history.weeks - history.warmup_weeks,
        warnings=warnings,
    )
