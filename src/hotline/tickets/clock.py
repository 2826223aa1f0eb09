"""Clocks. Services take a clock (a function returning naive Asia/Shanghai time) and never read
the wall themselves; the web app and the CLI pass `system_clock`, tests a `FakeClock`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

Clock = Callable[[], datetime]

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def system_clock() -> datetime:
    """Now, in naive Asia/Shanghai time, to the second: the one place the wall clock is read."""
    return datetime.now(SHANGHAI).replace(tzinfo=None, microsecond=0)


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
