"""Early warning (未诉先办): notice one problem rising in one place while it happens.

Each (problem, place) pair has its own baseline, by hour of week:

    expected(hour) = base[problem, place] × season[hour of week]

`season` is the shared weekly shape (168 values, mean 1: quiet nights, busy mornings, calmer
weekends), learned from all calls with a slow EWMA and a pseudo-count prior. `base` is each
pair's own hourly level: the running mean of count / season over its first weeks, then an EWMA.
An hour feeds the baseline at most a few times what was expected (winsorised), so a surge does
not teach the baseline that surges are normal, yet a lasting change is learnt in time. A pair
with less than a week of history raises nothing: there is no "own history" to rise against.

On every call the detector counts the pair's calls in sliding windows (2, 6 and 24 hours) and
scores the count against the expected sum with a negative-binomial tail (Poisson with extra
variance for everyday clumping): score = −log10 P(X ≥ observed). A score over the threshold
with at least `min_count` calls raises a `Warning` to the shift leader and the responsible
unit, with the ids of the calls as evidence; the pair then rests for a cooldown.
Time is whatever the events say: the detector never reads the clock.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from hotline.errors import HotlineError
from hotline.loop.insights.lexicon import load_yaml

HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Event:
    """One call or message, already labelled with its problem (category or cluster) and place."""

    id: str
    problem: str
    place: str
    time: datetime


@dataclass
class Warning:
    problem: str
    place: str
    window: tuple[str, str]  # start and end of the window that rose, ISO 8601
    observed: int
    expected: float
    score: float
    evidence: list[str]  # ids of the calls in the window
    recipients: list[str]
    raised_at: str
    message: str = ""  # one Chinese sentence for the shift leader

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WarningSettings:
    windows: tuple[int, ...]
    threshold: float
    min_count: int
    cooldown_hours: int
    base_alpha: float
    season_alpha: float
    season_prior: float
    prior_per_week: float
    dispersion: float
    shift_leader: str
    units: dict[str, str]
    default_unit: str


def _number(data: dict[str, Any], key: str, *, low: float, high: float) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= float(value) <= high:
        raise HotlineError("data_invalid", f"warning.yaml 中的 {key} 应为 {low} 到 {high} 之间的数")
    return float(value)


@lru_cache(maxsize=1)
def warning_settings() -> WarningSettings:
    data = load_yaml("warning.yaml")
    windows = data.get("windows")
    if (
        not isinstance(windows, list)
        or not windows
        or not all(isinstance(w, int) and 1 <= w <= 168 for w in windows)
    ):
        raise HotlineError("data_invalid", "warning.yaml 中的 windows 应为 1–168 之间的整数小时列表")
    units = data.get("units")
    if not isinstance(units, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in units.items()
    ):
        raise HotlineError("data_invalid", "warning.yaml 中的 units 应为“分类: 单位”的表")
    leader, default_unit = data.get("shift_leader"), data.get("default_unit")
    if not isinstance(leader, str) or not isinstance(default_unit, str):
        raise HotlineError("data_invalid", "warning.yaml 需要 shift_leader 与 default_unit 两个文字项")
    return WarningSettings(
        windows=tuple(sorted(windows)),
        threshold=_number(data, "threshold", low=0.5, high=20),
        min_count=int(_number(data, "min_count", low=1, high=1000)),
        cooldown_hours=int(_number(data, "cooldown_hours", low=0, high=24 * 30)),
        base_alpha=_number(data, "base_alpha", low=1e-5, high=1),
        season_alpha=_number(data, "season_alpha", low=1e-5, high=1),
        season_prior=_number(data, "season_prior", low=0, high=1e6),
        prior_per_week=_number(data, "prior_per_week", low=0.01, high=1e6),
        dispersion=_number(data, "dispersion", low=0.1, high=1e6),
        shift_leader=leader,
        units=dict(units),
        default_unit=default_unit,
    )


def hour_of_week(t: datetime) -> int:
    return t.weekday() * 24 + t.hour


def tail_score(observed: int, expected: float, dispersion: float) -> float:
    """−log10 P(X ≥ observed) for a negative binomial with this mean and dispersion."""
    from scipy.stats import nbinom

    if observed <= 0:
        return 0.0
    mean = max(expected, 1e-6)
    p = dispersion / (dispersion + mean)
    sf = float(nbinom.sf(observed - 1, dispersion, p))
    return -math.log10(max(sf, 1e-300))


@dataclass
class _Pair:
    base: float  # calls per hour before the weekly shape
    recent: deque[tuple[datetime, str]] = field(default_factory=deque)
    hour_count: int = 0  # calls in the hour being filled
    quiet_until: datetime | None = None  # no new warning before this (cooldown)
    hours_seen: int = 0


Recipients = Callable[[str, str], list[str]]


class SurgeDetector:
    """Streaming detector; feed events in time order with `observe`."""

    def __init__(
        self, settings: WarningSettings | None = None, *, recipients: Recipients | None = None
    ) -> None:
        self.s = settings or warning_settings()
        self._recipients = recipients or self._default_recipients
        self._season = [1.0] * HOURS_PER_WEEK
        self._season_hits = [0.0] * HOURS_PER_WEEK  # EWMA of all calls per hour of week
        self._pairs: dict[tuple[str, str], _Pair] = {}
        self._hour: datetime | None = None  # start of the hour being filled
        self._hour_total = 0
        self._longest = timedelta(hours=max(self.s.windows))

    def _default_recipients(self, problem: str, place: str) -> list[str]:
        unit = self.s.units.get(problem, self.s.default_unit)
        return [self.s.shift_leader, f"{place}{unit}" if place and unit != self.s.default_unit else unit]

    # --- baseline upkeep -------------------------------------------------------------
    def _close_hours(self, until: datetime) -> None:
        """Fold every finished hour before `until` into the season and the pairs' baselines."""
        start = until.replace(minute=0, second=0, microsecond=0)
        if self._hour is None:
            self._hour = start
            return
        while self._hour < start:
            h = hour_of_week(self._hour)
            a = self.s.season_alpha
            self._season_hits[h] = (1 - a) * self._season_hits[h] + a * self._hour_total * HOURS_PER_WEEK
            self._update_season()
            s = self._season[h]
            for pair in self._pairs.values():
                pair.hours_seen += 1
                expected = pair.base * s
                used = min(pair.hour_count, max(2.0, 4.0 * expected))
                a = max(self.s.base_alpha, 1.0 / pair.hours_seen)
                pair.base = (1 - a) * pair.base + a * used / s
                pair.hour_count = 0
            self._hour_total = 0
            self._hour += timedelta(hours=1)
            if start - self._hour > timedelta(days=28):
                # A long gap in the stream: skip ahead instead of walking empty hours one by one.
                self._hour = start

    def _update_season(self) -> None:
        total = sum(self._season_hits)
        prior = self.s.season_prior
        mean = (total + prior * HOURS_PER_WEEK) / HOURS_PER_WEEK
        if mean <= 0:
            return
        self._season = [(x + prior) / mean for x in self._season_hits]

    def warm(self, events: Iterable[Event]) -> None:
        """Learn baselines from history without raising warnings."""
        for e in events:
            self._ingest(e)

    # --- detection -----------------------------------------------------------------
    def _ingest(self, e: Event) -> _Pair:
        self._close_hours(e.time)
        key = (e.problem, e.place)
        pair = self._pairs.get(key)
        if pair is None:
            pair = _Pair(base=self.s.prior_per_week / HOURS_PER_WEEK)
            self._pairs[key] = pair
        pair.recent.append((e.time, e.id))
        while pair.recent and pair.recent[0][0] <= e.time - self._longest:
            pair.recent.popleft()
        pair.hour_count += 1
        self._hour_total += 1
        return pair

    def _expected(self, pair: _Pair, start: datetime, end: datetime) -> float:
        hours = max(1, math.ceil((end - start).total_seconds() / 3600))
        t = start
        total = 0.0
        for _ in range(hours):
            total += self._season[hour_of_week(t)]
            t += timedelta(hours=1)
        return pair.base * total

    def observe(self, e: Event) -> Warning | None:
        """Take one event; return a warning when its problem is rising at its place."""
        pair = self._ingest(e)
        if pair.hours_seen < HOURS_PER_WEEK:
            return None
        if pair.quiet_until is not None and e.time < pair.quiet_until:
            return None
        best: tuple[float, int, float, datetime, list[str]] | None = None
        for hours in self.s.windows:
            start = e.time - timedelta(hours=hours)
            ids = [i for t, i in pair.recent if t > start]
            if len(ids) < self.s.min_count:
                continue
            expected = self._expected(pair, start, e.time)
            score = tail_score(len(ids), expected, self.s.dispersion)
            if best is None or score > best[0]:
                best = (score, len(ids), expected, start, ids)
        if best is None or best[0] < self.s.threshold:
            return None
        score, observed, expected, start, ids = best
        pair.quiet_until = e.time + timedelta(hours=self.s.cooldown_hours)
        return Warning(
            problem=e.problem,
            place=e.place,
            window=(start.isoformat(timespec="minutes"), e.time.isoformat(timespec="minutes")),
            observed=observed,
            expected=round(expected, 2),
            score=round(score, 2),
            evidence=ids,
            recipients=self._recipients(e.problem, e.place),
            raised_at=e.time.isoformat(timespec="minutes"),
            message=(
                f"{e.place}“{e.problem}”类诉求 {start:%m月%d日%H:%M} 以来已有 {observed} 件，"
                f"同时段通常约 {expected:.1f} 件，明显上升，请核实并提前处置。"
            ),
        )


def detect(events: Iterable[Event], *, history: Iterable[Event] = ()) -> list[Warning]:
    """Run the detector over events in time order (after learning from `history`)."""
    det = SurgeDetector()
    det.warm(sorted(history, key=lambda e: e.time))
    out = []
    for e in sorted(events, key=lambda e: e.time):
        w = det.observe(e)
        if w is not None:
            out.append(w)
    return out
