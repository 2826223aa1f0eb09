"""Time expressions resolved against the call time, never the wall clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.listen.timeexpr import event_time, find_times

WEDNESDAY = datetime(2026, 3, 11, 15, 20)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("今天上午", "2026-03-11T08:00"),
        ("昨晚十点", "2026-03-10T22:00"),
        ("昨天晚上12点", "2026-03-11T00:00"),  # midnight belongs to the next day
        ("凌晨两点多", "2026-03-11T02:00"),
        ("前天", "2026-03-09"),
        ("大前天", "2026-03-08"),
        ("上周三", "2026-03-04"),
        ("这周一", "2026-03-09"),
        ("周五", "2026-03-06"),  # a bare weekday is the last one
        ("周末", "2026-03-07"),
        ("三天前", "2026-03-08"),
        ("两个小时前", "2026-03-11T13:20"),
        ("一个多月前", "2026-02-11"),
        ("半个月前", "2026-02-24"),
        ("半年前", "2025-09-11"),
        ("这两个月", "2026-01-11"),
        ("从上个月开始", "2026-02-01"),
        ("上个月15号", "2026-02-15"),
        ("5月3日", "2025-05-03"),  # a date later in the year is last year's
        ("3月1号", "2026-03-01"),
        ("去年12月5号", "2025-12-05"),
        ("2025年11月", "2025-11-01"),
        ("十点半", "2026-03-11T10:30"),
        ("下午3点", "2026-03-11T15:00"),
        ("12:30", "2026-03-11T12:30"),
        ("早上7点", "2026-03-11T07:00"),
        ("明天上午九点", "2026-03-12T09:00"),
    ],
)
def test_resolves_to_the_start_of_the_period(text: str, iso: str) -> None:
    found = event_time(text, WEDNESDAY)
    assert found is not None and found.iso() == iso


@pytest.mark.parametrize(
    ("text", "recurring", "since"),
    [
        ("每天晚上十点以后", True, False),
        ("从上个月开始，每天晚上十点以后", True, True),
        ("已经三天了", False, True),
        ("电梯从昨天下午起一直停运", False, True),
        ("最近", False, True),
        ("昨天", False, False),
    ],
)
def test_recurring_and_ongoing(text: str, recurring: bool, since: bool) -> None:
    found = event_time(text, WEDNESDAY)
    assert found is not None
    assert (found.recurring, found.since) == (recurring, since)


@pytest.mark.parametrize(
    "text",
    [
        "3号楼漏水",
        "声音小一点",
        "我有三点意见",
        "一时半会修不好",
        "希望明天之前修好",
        "要求三天内答复",
        "晚上很危险",
    ],
)
def test_not_an_event_time(text: str) -> None:
    assert event_time(text, WEDNESDAY) is None


def test_future_times_are_marked() -> None:
    found = event_time("明天要停水", WEDNESDAY)
    assert found is not None and found.future


def test_offsets_point_into_the_text() -> None:
    text = "我姓王，昨晚十点楼上又开始装修了，前天也是"
    for t in find_times(text, WEDNESDAY):
        assert text[t.start : t.end] == t.text


def test_year_boundary() -> None:
    new_year = datetime(2026, 1, 2, 9, 0)
    found = event_time("上个月20号", new_year)
    assert found is not None and found.iso() == "2025-12-20"
    found = event_time("12月28日", new_year)
    assert found is not None and found.iso() == "2025-12-28"
