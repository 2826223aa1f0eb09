"""QA: dates at the edge of what Python can count give a clear input error, never a crash.

An operator who types 9999-12-31 (or a system that sends it) used to get an OverflowError
traceback from `hotline deadline` and `hotline analyze`, and a 500 from the ticket API.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from hotline.calendar.workdays import WorkCalendar
from hotline.cli.main import app
from hotline.errors import InputError

runner = CliRunner()


@pytest.mark.parametrize(
    "start",
    [
        datetime(9999, 12, 31, 9, 0),
        datetime(9999, 12, 31, 23, 30),
    ],
)
def test_working_days_past_the_last_representable_day_are_an_input_error(start: datetime) -> None:
    with pytest.raises(InputError) as err:
        WorkCalendar().add_working_days(start, 1)
    assert err.value.code == "date_out_of_range"
    assert "9999-12-31" in err.value.message


def test_clock_hours_past_the_last_representable_moment_are_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        WorkCalendar.add_hours(datetime(9999, 12, 31, 23, 0), 2)
    assert err.value.code == "date_out_of_range"


def test_an_aware_time_that_cannot_be_moved_to_beijing_time_is_an_input_error() -> None:
    with pytest.raises(InputError):
        WorkCalendar().add_working_days(
            datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), 1
        )


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "--from", "9999-12-31", "--days", "1", "--json"],
        ["deadline", "--from", "9999-12-31T23:00", "--hours", "2", "--json"],
        ["analyze", "路灯坏了三天了", "--at", "9999-12-31T23:00", "--json"],
    ],
)
def test_the_cli_answers_a_far_future_date_with_a_chinese_error(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert '"code": "date_out_of_range"' in result.output


def test_analyze_jsonl_reports_the_bad_line_and_goes_on() -> None:
    lines = (
        '{"id": 1, "text": "路灯坏了", "received_at": "9999-12-31T23:00"}\n'
        '{"id": 2, "text": "路灯坏了", "received_at": "2026-05-06T09:30"}\n'
    )
    result = runner.invoke(app, ["analyze", "--jsonl"], input=lines)
    assert result.exit_code == 0
    out = result.output.strip().splitlines()
    assert len(out) == 2
    assert '"date_out_of_range"' in out[0] and '"line": 1' in out[0]
    assert '"id": 2' in out[1] and '"deadline"' in out[1]
