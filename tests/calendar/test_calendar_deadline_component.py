"""The `deadline` pipeline component: what the analysis JSON says about the time limit."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.analysis import APPEAL_KINDS, Address, Analysis, Details
from hotline.calendar.timelimits import set_deadline
from hotline.config import Settings
from hotline.pipeline import Context


@pytest.fixture(scope="module")
def cfg(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("var"))


def run(
    cfg: Settings,
    text: str,
    received: str,
    kind: str = "complaint",
    urgency: str = "normal",
    district: str | None = None,
    category: str | None = None,
) -> dict[str, object]:
    a = Analysis(text=text, received_at=datetime.fromisoformat(received))
    a.appeal_kind = kind  # type: ignore[assignment]
    a.urgency = urgency  # type: ignore[assignment]
    a.details = Details(address=Address(district=district))
    set_deadline(a, Context(settings=cfg, text=text, category=category))
    deadline: dict[str, object] = a.to_dict()["deadline"]
    return deadline


def test_a_complaint_before_national_day(cfg: Settings) -> None:
    got = run(cfg, "小区门口的垃圾站一个月没清运了，臭得没法开窗", "2026-09-30T15:20:00")
    assert got == {
        "working_days": 15,
        "hours": None,
        "due": "2026-10-27T23:59:59",
        "feedback_by": "2026-10-09T12:00:00",
        "provisional": False,
        "rule": "complaint",
        "source": got["source"],
    }
    assert "广东" in str(got["source"])


def test_an_inquiry_on_the_spring_festival_make_up_saturday(cfg: Settings) -> None:
    got = run(cfg, "请问居住证续签要带哪些材料", "2026-02-14T10:00:00", kind="inquiry")
    assert (got["working_days"], got["due"], got["feedback_by"]) == (
        2,
        "2026-02-25T23:59:59",
        "2026-02-25T12:00:00",
    )


def test_a_water_outage_is_24_clock_hours_even_on_a_holiday(cfg: Settings) -> None:
    got = run(cfg, "我们楼从早上开始停水，到现在一滴水都没有", "2026-10-03T09:15:00", kind="help")
    assert (got["rule"], got["hours"], got["working_days"]) == ("utilities_outage", 24, None)
    assert (got["due"], got["feedback_by"]) == ("2026-10-04T09:15:00", "2026-10-04T09:15:00")


def test_an_emergency_is_two_hours(cfg: Settings) -> None:
    got = run(cfg, "楼下饭店冒黑烟了，好像着火了", "2026-05-02T23:30:00", kind="report", urgency="emergency")
    assert (got["rule"], got["hours"], got["due"]) == ("emergency", 2, "2026-05-03T01:30:00")


def test_a_call_in_2027_is_provisional(cfg: Settings) -> None:
    got = run(cfg, "孩子上学的路上没有斑马线，建议划一条", "2027-02-04T10:00:00", kind="suggestion")
    assert got["provisional"] is True
    assert got["due"] == "2027-02-24T23:59:59"  # 除夕 2-5 to 2-10 off (estimated), then 10 working days


def test_a_district_rule_from_the_time_limits_setting(tmp_path: Path) -> None:
    path = tmp_path / "xihu.yaml"
    path.write_text(
        (Path(__file__).parent / "test_calendar_timelimits.py")
        .read_text(encoding="utf-8")
        .split('LOCAL = """\\\n')[1]
        .split('"""')[0],
        encoding="utf-8",
    )
    cfg = Settings(data_dir=tmp_path, time_limits=path)
    got = run(cfg, "物业乱收停车费", "2026-03-09T09:00:00", district="西湖区")
    assert (got["rule"], got["working_days"], got["due"]) == ("xihu_complaint", 1, "2026-03-10T23:59:59")
    assert got["feedback_by"] == "2026-03-10T12:00:00"  # pulled in to the due day
    got = run(
        cfg, "电梯三天两头坏", "2026-03-09T09:00:00", kind="help", category="城乡建设 › 物业管理 › 电梯"
    )
    assert got["rule"] == "property_help"


def test_a_call_dated_where_no_calendar_reaches_keeps_the_limit_and_says_why(cfg: Settings) -> None:
    a = Analysis(text="路灯坏了", received_at=datetime(2060, 3, 1, 9))
    set_deadline(a, Context(settings=cfg, text=a.text))
    assert a.deadline.working_days == 10 and a.deadline.due is None
    assert any("2060" in note for note in a.notes)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    minute=st.integers(0, 24 * 60 - 1),
    kind=st.sampled_from(APPEAL_KINDS),
    urgency=st.sampled_from(["emergency", "urgent", "normal"]),
    outage=st.booleans(),
)
def test_feedback_is_never_after_the_due_time(
    cfg: Settings, day: date, minute: int, kind: str, urgency: str, outage: bool
) -> None:
    received = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    got = run(
        cfg, "家里停电了" if outage else "反映一个问题", received.isoformat(), kind=kind, urgency=urgency
    )
    assert str(got["feedback_by"]) <= str(got["due"])
    assert str(got["due"]) > received.isoformat()
    if got["hours"] is not None:
        assert got["provisional"] is False  # clock hours do not depend on the holiday schedule
    else:
        assert got["provisional"] == (str(got["due"])[:4] >= "2027")


def test_the_component_is_fast_once_warm(cfg: Settings) -> None:
    text = "我家小区物业不作为，楼道堆满杂物，消防通道被堵，找了好几次都没人管。" * 5
    a = Analysis(text=text, received_at=datetime(2026, 9, 30, 15, 0))
    a.appeal_kind = "complaint"
    ctx = Context(settings=cfg, text=text)
    for _ in range(50):
        set_deadline(a, ctx)
    rounds = 2000
    t0 = time.perf_counter()
    for _ in range(rounds):
        set_deadline(a, ctx)
    per_call = (time.perf_counter() - t0) / rounds
    assert per_call < 0.0005, f"{per_call * 1e6:.0f} µs per call"
