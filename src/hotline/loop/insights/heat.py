"""The heat index of a problem: how many people it hurts, how fast it grows, how bad it is.

    raw  = 1.0·ln(1+u) + 0.3·ln(1+n) + 0.35·ln(1+L) + 0.8·s + 0.6·max(g, 0) + 0.4·c
    heat = 100 · raw / (raw + 4)

u distinct callers (repeat messages of one caller count once), n messages, L likes (0 where the
channel has none), s mean severity in [0, 1], g growth in [-1, 1] (recent window against the one
before it), c concentration in [0, 1] (share of messages in the busiest 30 days). Distinct
callers weigh most: one person posting twenty times is a repeat caller, not a hotspot. The
saturating map keeps the index in 0–100 and lets the order of large problems still show.
docs/insights.md explains each term.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

WEIGHTS = {
    "callers": 1.0,
    "messages": 0.3,
    "likes": 0.35,
    "severity": 0.8,
    "growth": 0.6,
    "concentration": 0.4,
}
SCALE = 4.0


@dataclass(frozen=True)
class Heat:
    score: float  # 0–100
    parts: dict[str, float]  # each weighted term, so a reader sees why a problem is hot


def heat_index(
    *, callers: int, messages: int, likes: int, severity: float, growth: float, concentration: float
) -> Heat:
    parts = {
        "callers": WEIGHTS["callers"] * math.log1p(max(0, callers)),
        "messages": WEIGHTS["messages"] * math.log1p(max(0, messages)),
        "likes": WEIGHTS["likes"] * math.log1p(max(0, likes)),
        "severity": WEIGHTS["severity"] * min(1.0, max(0.0, severity)),
        "growth": WEIGHTS["growth"] * max(0.0, min(1.0, growth)),
        "concentration": WEIGHTS["concentration"] * min(1.0, max(0.0, concentration)),
    }
    raw = sum(parts.values())
    return Heat(score=round(100.0 * raw / (raw + SCALE), 1), parts={k: round(v, 3) for k, v in parts.items()})


def growth(times: list[datetime], *, end: datetime, window: timedelta) -> float:
    """(recent − before) / (recent + before) over two windows ending at `end`; 0 when both empty."""
    recent = sum(1 for t in times if end - window < t <= end)
    before = sum(1 for t in times if end - 2 * window < t <= end - window)
    if recent + before == 0:
        return 0.0
    return (recent - before) / (recent + before)


def concentration(times: list[datetime], *, days: int = 30) -> float:
    """Share of the messages that fall in the busiest `days`-long stretch."""
    if not times:
        return 0.0
    ordered = sorted(times)
    span = timedelta(days=days)
    best = 0
    j = 0
    for i, t in enumerate(ordered):
        while ordered[j] < t - span:
            j += 1
        best = max(best, i - j + 1)
    return best / len(ordered)


def trend_word(g: float) -> str:
    if g >= 0.25:
        return "上升"
    if g <= -0.25:
        return "下降"
    return "平稳"
