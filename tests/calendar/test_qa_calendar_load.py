"""QA: an administrator who types in only part of a State Council notice is told so.

`hotline calendar load` accepted a 2027 file listing only 元旦 without a word: deadlines then
counted 国庆 (10月1日–3日) and 春节 as working days, marked `provisional: false`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.calendar.schedule import from_package, read_schedule_file
from hotline.calendar.statutory import missing_statutory
from hotline.calendar.workdays import reset_default_calendar
from hotline.cli.main import app
from hotline.config import get_settings

runner = CliRunner()

FULL_2027 = """year: 2027
source: 按通知填写
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-13}
  - {name: 清明节, from: 2027-04-03, to: 2027-04-05}
  - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}
  - {name: 端午节, from: 2027-06-09, to: 2027-06-11}
  - {name: 中秋节, from: 2027-09-15, to: 2027-09-17}
  - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    reset_default_calendar()
    yield tmp_path / "var"
    get_settings.cache_clear()
    reset_default_calendar()


def test_a_notice_typed_in_without_most_holidays_is_loaded_with_a_warning_naming_them(
    data_dir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "2027.yaml"
    src.write_text(
        "year: 2027\nsource: 国办通知\nholidays:\n  - {name: 元旦, date: 2027-01-01}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["calendar", "load", str(src)])
    assert result.exit_code == 0
    assert "警告" in result.output and "国庆节（10月1日" in result.output and "春节" in result.output
    assert "元旦（" not in result.output.split("警告")[1]


def test_a_complete_notice_loads_without_a_warning(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "2027.yaml"
    src.write_text(FULL_2027, encoding="utf-8")
    result = runner.invoke(app, ["calendar", "load", str(src)])
    assert result.exit_code == 0 and "警告" not in result.output
    out = runner.invoke(app, ["deadline", "--from", "2027-09-30", "--days", "1", "--json"]).output
    assert json.loads(out)["due"].startswith("2027-10-08")


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_official_schedules_the_package_carries_are_complete(year: int) -> None:
    assert missing_statutory(from_package(year)) == []


def test_a_complete_file_reads_as_complete(tmp_path: Path) -> None:
    src = tmp_path / "2027.yaml"
    src.write_text(FULL_2027, encoding="utf-8")
    assert missing_statutory(read_schedule_file(src)) == []
