"""Dates and times as an operator says them to a caller: "11月30日（周一）12:00"."""

from __future__ import annotations

from datetime import date, datetime

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def zh_date(d: date) -> str:
    return f"{d.month}月{d.day}日（{WEEKDAYS_ZH[d.weekday()]}）"


def zh_when(dt: datetime) -> str:
    """Month, day, weekday and clock time; the end of a day reads as 24:00, not 23:59."""
    if (dt.hour, dt.minute) == (23, 59):
        return f"{zh_date(dt.date())}24:00"
    return f"{zh_date(dt.date())}{dt.hour:02d}:{dt.minute:02d}"
