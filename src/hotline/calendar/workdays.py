"""China's working-day calendar: weekends, public holidays and make-up working days (调休).

Where each year comes from, in order: a schedule file an administrator loaded
(`hotline calendar load`), the chinesecalendar package (official notices 2004–2026), and for
later years the statutory holidays worked out from the holiday law — those answers carry
`provisional=True` so nobody mistakes an estimate for the official schedule.

Deadline convention (see docs/time-limits.md): the day a step starts does not count; N
working days end at the close (23:59:59) of the Nth working day after it. Hour limits are
clock hours. All datetimes are naive local time (Asia/Shanghai); an aware datetime is first
converted to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from hotline.calendar.schedule import ORIGIN_ZH, YearSchedule, from_package, package_knows, read_schedule_dir
from hotline.calendar.statutory import statutory_rules, statutory_schedule
from hotline.errors import InputError

if TYPE_CHECKING:
    from hotline.config import Settings

DAY_END = time(23, 59, 59)
# China has kept UTC+8 all year since 1991; a fixed offset avoids needing tzdata.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayInfo:
    day: date
    workday: bool
    provisional: bool
    kind: str  # "workday", "weekend", "holiday" or "makeup" (调休上班)
    name: str  # holiday name for holidays and make-up days, else ""
    origin: str  # loaded / chinese_calendar / statutory


def local(dt: datetime) -> datetime:
    """Naive Asia/Shanghai time for any datetime (aware ones are converted)."""
    if dt.tzinfo is None:
        return dt
    try:
        return dt.astimezone(SHANGHAI).replace(tzinfo=None)
    except OverflowError as exc:
        raise _out_of_range(dt.date()) from exc


def as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return local(value)
    return datetime.combine(value, time())


def _out_of_range(when: date) -> InputError:
    return InputError(
        "date_out_of_range",
        f"时间 {when.isoformat()} 超出了可以计算时限的范围，请检查年份",
        date=when.isoformat(),
    )


def _next_day(d: date) -> date:
    # Python dates stop at 9999-12-31; a typo such as "9999-12-31" must be an input error, not a crash.
    try:
        return d + ONE_DAY
    except OverflowError as exc:
        raise _out_of_range(d) from exc


def _shifted(start: datetime, delta: timedelta) -> datetime:
    try:
        return start + delta
    except OverflowError as exc:
        raise _out_of_range(start.date()) from exc


class WorkCalendar:
    """Answers "is this a working day" and computes deadlines on China's official calendar."""

    def __init__(self, loaded: Iterable[YearSchedule] = (), *, use_package: bool = True) -> None:
        self._loaded: dict[int, YearSchedule] = {s.year: s for s in loaded}
        self._loaded_days: dict[date, tuple[bool, str]] = {}
        for sched in sorted(self._loaded.values(), key=lambda s: s.year):
            self._loaded_days.update(sched.overrides())
        self._use_package = use_package
        self._years: dict[int, tuple[YearSchedule, dict[date, tuple[bool, str]]]] = {}
        self._days: dict[date, DayInfo] = {}

    @classmethod
    def from_dir(cls, directory: Path | None) -> WorkCalendar:
        """A calendar with every schedule file stored in `directory` (missing directory: none)."""
        return cls(read_schedule_dir(directory) if directory else ())

    # --- years -------------------------------------------------------------------------

    def schedule(self, year: int) -> YearSchedule:
        """The schedule that decides `year`: loaded file, then the package, then the law."""
        cached = self._years.get(year)
        if cached is not None:
            return cached[0]
        sched = self._loaded.get(year)
        if sched is None and self._use_package and package_knows(year):
            sched = from_package(year)
        if sched is None:
            sched = statutory_schedule(year)
        if sched is None:
            rules = statutory_rules()
            raise InputError(
                "calendar_year_unknown",
                f"没有 {year} 年的工作日数据：内置日历覆盖 2004–2026 年，法定节假日推算覆盖 "
                f"{rules.first_year}–{max(rules.lunar)} 年。请先用 hotline calendar load 载入 {year} 年的放假安排",
                year=year,
            )
        self._years[year] = (sched, sched.overrides())
        return sched

    @property
    def loaded_years(self) -> list[int]:
        return sorted(self._loaded)

    # --- days --------------------------------------------------------------------------

    def day(self, d: date) -> DayInfo:
        """Everything known about one date (memoised: the live path asks about the same days)."""
        info = self._days.get(d)
        if info is not None:
            return info
        if d in self._loaded_days:  # may spill over from next year's file (元旦 from 12-30)
            workday, name = self._loaded_days[d]
            info = self._info(d, workday, name, "loaded", False)
        elif d.year in self._loaded:
            info = self._info(d, d.weekday() < 5, "", "loaded", False)
        else:
            sched = self.schedule(d.year)
            over = self._years[d.year][1].get(d)
            if over is None:
                info = self._info(d, d.weekday() < 5, "", sched.origin, sched.provisional)
            else:
                info = self._info(d, over[0], over[1], sched.origin, sched.provisional)
        self._days[d] = info
        return info

    @staticmethod
    def _info(d: date, workday: bool, name: str, origin: str, provisional: bool) -> DayInfo:
        weekend = d.weekday() >= 5
        kind = ("makeup" if weekend else "workday") if workday else ("holiday" if name else "weekend")
        return DayInfo(d, workday, provisional, kind, name if (name and kind != "workday") else "", origin)

    def is_workday(self, d: date) -> tuple[bool, bool]:
        """(is a working day, the answer is provisional)."""
        info = self.day(d)
        return info.workday, info.provisional

    # --- deadlines ---------------------------------------------------------------------

    def _nth_workday_after(self, d: date, n: int) -> tuple[date, bool]:
        provisional = False
        count = 0
        while count < n:
            d = _next_day(d)
            info = self.day(d)
            provisional = provisional or info.provisional
            if info.workday:
                count += 1
        return d, provisional

    def add_working_days(self, start: datetime, n: int) -> tuple[datetime, bool]:
        """The close (23:59:59) of the nth working day after the day `start` falls on.

        The start day itself never counts, whatever the hour. n = 0 returns `start`.
        """
        if n < 0:
            raise InputError("bad_days", f"工作日数不能为负数（收到 {n}）")
        start = local(start)
        if n == 0:
            return start, self.day(start.date()).provisional
        d, provisional = self._nth_workday_after(start.date(), n)
        return datetime.combine(d, DAY_END), provisional

    def next_workday_at(self, start: datetime, k: int, hour: int, minute: int = 0) -> tuple[datetime, bool]:
        """`hour:minute` on the kth working day after `start`'s day, e.g. noon of the 2nd working day."""
        if k < 1:
            raise InputError("bad_days", f"第几个工作日应从 1 起算（收到 {k}）")
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise InputError("bad_hour", f"钟点不合法：{hour}:{minute:02d}")
        d, provisional = self._nth_workday_after(local(start).date(), k)
        return datetime.combine(d, time(hour, minute)), provisional

    @staticmethod
    def add_hours(start: datetime, hours: int) -> datetime:
        """Clock hours: emergencies and utilities are worked around the clock, holidays included."""
        if hours < 0:
            raise InputError("bad_hours", f"小时数不能为负数（收到 {hours}）")
        return _shifted(local(start), timedelta(hours=hours))

    @staticmethod
    def add_minutes(start: datetime, minutes: int) -> datetime:
        if minutes < 0:
            raise InputError("bad_minutes", f"分钟数不能为负数（收到 {minutes}）")
        return _shifted(local(start), timedelta(minutes=minutes))

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """Working days d with a's day < d <= b's day (negative when b is before a).

        The inverse of `add_working_days`: `working_days_between(s, add_working_days(s, n)[0]) == n`.
        """
        da, db = as_datetime(a).date(), as_datetime(b).date()
        if db < da:
            return -self.working_days_between(db, da)
        count = 0
        d = da
        while d < db:
            d += ONE_DAY
            if self.day(d).workday:
                count += 1
        return count

    def describe_origin(self, year: int) -> str:
        return ORIGIN_ZH[self.schedule(year).origin]


# --- the process-wide default -------------------------------------------------------------

_DEFAULT: dict[str, tuple[int, WorkCalendar]] = {}


def calendar_dir(settings: Settings) -> Path:
    """Where `hotline calendar load` stores schedule files."""
    return Path(settings.data_dir) / "calendar"


def _stamp(directory: str) -> int:
    # Loading a file renames it into the directory, which changes the directory's mtime.
    try:
        return os.stat(directory).st_mtime_ns
    except OSError:
        return -1


def default_calendar(settings: Settings | None = None) -> WorkCalendar:
    """The calendar for these settings, built once and rebuilt when a schedule file is loaded.

    A running server notices `hotline calendar load` from another process by one `stat` of the
    schedule directory per call (about a microsecond).
    """
    if settings is None:
        from hotline.config import get_settings

        settings = get_settings()
    key = os.path.abspath(calendar_dir(settings))
    stamp = _stamp(key)
    cached = _DEFAULT.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    cal = WorkCalendar.from_dir(Path(key))
    _DEFAULT[key] = (stamp, cal)
    return cal


def reset_default_calendar() -> None:
    """Forget cached calendars (tests; the directory check makes this optional elsewhere)."""
    _DEFAULT.clear()
