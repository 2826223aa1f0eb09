"""Working days and deadlines on China's official calendar, around every 2026 holiday."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.calendar.workdays import WorkCalendar
from hotline.errors import InputError

CAL = WorkCalendar()  # no loaded files: chinesecalendar, then the statutory fallback

# The State Council's 2026 schedule (国办发明电〔2025〕7号) as announced; the first test checks
# this list against the package so neither can drift silently.
HOLIDAYS_2026 = {
    "元旦": ("2026-01-01", "2026-01-03"),
    "春节": ("2026-02-15", "2026-02-23"),
    "清明节": ("2026-04-04", "2026-04-06"),
    "劳动节": ("2026-05-01", "2026-05-05"),
    "端午节": ("2026-06-19", "2026-06-21"),
    "中秋节": ("2026-09-25", "2026-09-27"),
    "国庆节": ("2026-10-01", "2026-10-07"),
}
MAKEUP_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def d(s: str) -> date:
    return date.fromisoformat(s)


def end_of(s: str) -> datetime:
    return datetime.fromisoformat(s + "T23:59:59")


def test_the_2026_schedule_matches_the_official_one_in_chinesecalendar() -> None:
    official_off = {x for x in chinese_calendar.get_holidays(date(2026, 1, 1), date(2026, 12, 31))}
    ours_named = set()
    for start, end in HOLIDAYS_2026.values():
        day = d(start)
        while day <= d(end):
            ours_named.add(day)
            day += timedelta(days=1)
    # Every day of our blocks is a day off, and every weekday off is inside a block.
    assert all(not chinese_calendar.is_workday(x) for x in ours_named)
    assert {x for x in official_off if x.weekday() < 5} <= ours_named
    assert [
        x.isoformat()
        for x in chinese_calendar.get_workdays(date(2026, 1, 1), date(2026, 12, 31))
        if x.weekday() >= 5
    ] == MAKEUP_2026
    sched = CAL.schedule(2026)
    assert {b.name: (b.start.isoformat(), b.end.isoformat()) for b in sched.holidays} == HOLIDAYS_2026
    assert [m.day.isoformat() for m in sched.workdays] == MAKEUP_2026


@pytest.mark.parametrize("name", sorted(HOLIDAYS_2026))
def test_every_day_of_each_2026_holiday_is_off_and_not_provisional(name: str) -> None:
    start, end = map(d, HOLIDAYS_2026[name])
    day = start
    while day <= end:
        assert CAL.is_workday(day) == (False, False), day
        assert CAL.day(day).name == name
        day += timedelta(days=1)


@pytest.mark.parametrize("day", MAKEUP_2026)
def test_each_2026_make_up_weekend_is_a_working_day(day: str) -> None:
    assert d(day).weekday() >= 5
    assert CAL.is_workday(d(day)) == (True, False)
    assert CAL.day(d(day)).kind == "makeup"


@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        ("2025-12-31T16:20", 1, "2026-01-04", "元旦三天假后，1月4日周日调休上班"),
        ("2026-01-01T09:00", 1, "2026-01-04", "假期中受理，第一个工作日是调休的周日"),
        ("2026-01-02T10:00", 2, "2026-01-05", "调休周日算第1天，周一算第2天"),
        ("2026-01-03T23:00", 1, "2026-01-04", "假期最后一天深夜受理"),
        ("2026-02-12T11:00", 3, "2026-02-24", "春节前：周五、调休周六，然后节后周二"),
        ("2026-02-13T17:30", 1, "2026-02-14", "春节前的调休周六上班"),
        ("2026-02-14T09:00", 1, "2026-02-24", "调休日当天受理不计，下一个工作日在节后"),
        ("2026-02-13T08:00", 10, "2026-03-05", "跨春节的10个工作日，含2月28日调休"),
        ("2026-02-27T15:00", 1, "2026-02-28", "2月28日周六调休上班"),
        ("2026-04-03T18:00", 1, "2026-04-07", "清明三天假（4日至6日）"),
        ("2026-04-30T10:00", 1, "2026-05-06", "劳动节五天假"),
        ("2026-04-30T10:00", 4, "2026-05-09", "第4个工作日是5月9日调休周六"),
        ("2026-05-08T10:00", 1, "2026-05-09", "5月9日周六调休上班"),
        ("2026-06-18T14:00", 1, "2026-06-22", "端午三天假（19日至21日）"),
        ("2026-09-18T09:00", 1, "2026-09-20", "9月20日周日调休上班"),
        ("2026-09-24T16:00", 1, "2026-09-28", "中秋三天假（25日至27日）"),
        ("2026-09-30T10:00", 1, "2026-10-08", "国庆七天假"),
        ("2026-09-30T10:00", 2, "2026-10-09", "节后周四、周五"),
        ("2026-09-30T10:00", 3, "2026-10-10", "10月10日周六调休上班"),
        ("2026-09-30T10:00", 4, "2026-10-12", "调休后的周一"),
        ("2026-09-30T10:00", 15, "2026-10-27", "投诉15个工作日跨国庆"),
        ("2026-10-07T20:00", 1, "2026-10-08", "假期最后一天受理"),
        ("2026-03-06T10:00", 5, "2026-03-13", "没有节假日的普通一周"),
    ],
)
def test_deadlines_around_the_2026_holidays(start: str, n: int, due: str, why: str) -> None:
    got, provisional = CAL.add_working_days(datetime.fromisoformat(start), n)
    assert got == end_of(due), why
    assert provisional is False


def test_the_start_day_does_not_count_whatever_the_hour() -> None:
    early = CAL.add_working_days(datetime(2026, 3, 9, 0, 1), 1)[0]
    late = CAL.add_working_days(datetime(2026, 3, 9, 23, 59), 1)[0]
    assert early == late == end_of("2026-03-10")


def test_zero_working_days_is_the_start_itself() -> None:
    start = datetime(2026, 3, 9, 10, 30)
    assert CAL.add_working_days(start, 0) == (start, False)


def test_negative_working_days_are_refused_in_chinese() -> None:
    with pytest.raises(InputError, match="不能为负数"):
        CAL.add_working_days(datetime(2026, 3, 9), -1)


@pytest.mark.parametrize(
    ("start", "k", "hour", "expected"),
    [
        ("2026-09-30T15:00", 2, 12, "2026-10-09T12:00"),
        ("2026-02-13T09:00", 1, 12, "2026-02-14T12:00"),
        ("2026-03-09T08:00", 1, 17, "2026-03-10T17:00"),
    ],
)
def test_noon_of_the_kth_working_day(start: str, k: int, hour: int, expected: str) -> None:
    got, provisional = CAL.next_workday_at(datetime.fromisoformat(start), k, hour)
    assert got == datetime.fromisoformat(expected)
    assert provisional is False


def test_hour_limits_are_clock_hours_across_a_holiday_night() -> None:
    assert CAL.add_hours(datetime(2026, 9, 30, 22, 0), 2) == datetime(2026, 10, 1, 0, 0)
    assert CAL.add_hours(datetime(2026, 2, 16, 20, 15), 24) == datetime(2026, 2, 17, 20, 15)


def test_aware_datetimes_are_read_in_beijing_time() -> None:
    utc = datetime(2026, 9, 30, 17, 0, tzinfo=UTC)  # 01:00 on 1 October in Beijing
    assert CAL.add_working_days(utc, 1)[0] == end_of("2026-10-08")
    assert CAL.add_hours(utc, 1) == datetime(2026, 10, 1, 2, 0)


def test_working_days_between_counts_like_the_deadline() -> None:
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert CAL.working_days_between(date(2026, 10, 12), date(2026, 9, 30)) == -4
    assert CAL.working_days_between(datetime(2026, 10, 1, 8), datetime(2026, 10, 7, 20)) == 0


# --- 2027: no official schedule yet --------------------------------------------------------


def test_2027_spring_festival_is_provisional_and_starts_on_new_years_eve() -> None:
    assert CAL.is_workday(date(2027, 2, 4)) == (True, True)  # Thursday before 除夕
    for day in range(5, 11):  # 除夕 2-5 to 初三 2-8, plus two days for the weekend (补假)
        assert CAL.is_workday(date(2027, 2, day)) == (False, True)
    assert CAL.is_workday(date(2027, 2, 11)) == (True, True)
    assert CAL.day(date(2027, 2, 5)).name == "春节"
    assert CAL.add_working_days(datetime(2027, 2, 4, 10), 1) == (end_of("2027-02-11"), True)


def test_a_deadline_crossing_into_2027_is_provisional_but_one_inside_2026_is_not() -> None:
    assert CAL.add_working_days(datetime(2026, 12, 30, 10), 1) == (end_of("2026-12-31"), False)
    assert CAL.add_working_days(datetime(2026, 12, 31, 10), 1) == (end_of("2027-01-04"), True)


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2027-01-01", False),  # 元旦, Friday
        ("2027-04-05", False),  # 清明 falls on Monday
        ("2027-05-03", False),  # 劳动节 5-1 is Saturday: made up on Monday
        ("2027-05-04", False),  # 5-2 is Sunday: made up on Tuesday
        ("2027-05-05", True),
        ("2027-06-09", False),  # 端午
        ("2027-09-15", False),  # 中秋
        ("2027-10-05", False),  # 国庆 10-2/10-3 weekend: made up on 10-4 and 10-5
        ("2027-10-06", True),
    ],
)
def test_2027_statutory_holidays(day: str, workday: bool) -> None:
    assert CAL.is_workday(d(day)) == (workday, True)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_fallback_never_invents_a_day_off_the_official_schedule_lacks(year: int) -> None:
    """Checked on the two years the amended law has governed: the fallback is a subset."""
    law_only = WorkCalendar(use_package=False)
    day = date(year, 1, 1)
    while day.year == year:
        if not law_only.is_workday(day)[0] and day.weekday() < 5:
            assert not chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", [2003, 2051, 2100])
def test_a_year_nobody_knows_is_an_error_not_a_guess(year: int) -> None:
    with pytest.raises(InputError) as err:
        CAL.is_workday(date(year, 3, 3))
    assert err.value.code == "calendar_year_unknown"
    assert "hotline calendar load" in err.value.message


def test_cross_check_every_day_of_2024_to_2026_with_the_holidays_package() -> None:
    holidays = pytest.importorskip("holidays")
    china = holidays.China(years=range(2024, 2027))
    day = date(2024, 1, 1)
    while day.year <= 2026:
        assert china.is_working_day(day) == CAL.is_workday(day)[0], day
        day += timedelta(days=1)


# --- properties --------------------------------------------------------------------------

official_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))


@settings(max_examples=300, deadline=None)
@given(start=official_days, hour=st.integers(0, 23), n=st.integers(1, 40))
def test_n_working_days_land_on_a_working_day_after_exactly_n_of_them(start: date, hour: int, n: int) -> None:
    begin = datetime(start.year, start.month, start.day, hour)
    due, provisional = CAL.add_working_days(begin, n)
    assert provisional is False
    assert due.time().isoformat() == "23:59:59"
    assert chinese_calendar.is_workday(due.date())
    between = [
        start + timedelta(days=i)
        for i in range(1, (due.date() - start).days + 1)
        if chinese_calendar.is_workday(start + timedelta(days=i))
    ]
    assert len(between) == n
    assert CAL.working_days_between(begin, due) == n


@settings(max_examples=150, deadline=None)
@given(start=st.dates(min_value=date(2027, 1, 1), max_value=date(2050, 11, 30)), n=st.integers(1, 20))
def test_future_deadlines_are_provisional_and_land_on_a_working_day(start: date, n: int) -> None:
    due, provisional = CAL.add_working_days(datetime(start.year, start.month, start.day, 9), n)
    assert provisional is True
    assert CAL.is_workday(due.date()) == (True, True)
    assert CAL.working_days_between(start, due) == n
