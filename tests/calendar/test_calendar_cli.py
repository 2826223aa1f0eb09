"""The command-line contract: `hotline deadline` and `hotline calendar load|show`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.calendar.workdays import reset_default_calendar
from hotline.cli.main import app
from hotline.config import get_settings

runner = CliRunner()
HOTLINE = Path(sys.executable).with_name("hotline")

SCHEDULE_2027 = """\
year: 2027
source: 假想的 2027 年放假安排（测试用）
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-13}
workdays:
  - {date: 2027-02-20, name: 春节}
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh HOTLINE_DATA_DIR for commands run in this process."""
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    reset_default_calendar()
    yield tmp_path / "var"
    get_settings.cache_clear()
    reset_default_calendar()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--from", "2026-09-30T10:00", "--days", "1"],
            {"from": "2026-09-30T10:00:00", "days": 1, "due": "2026-10-08T23:59:59", "provisional": False},
        ),
        (
            ["--from", "2026-09-30", "--days", "3"],
            {"from": "2026-09-30T00:00:00", "days": 3, "due": "2026-10-10T23:59:59", "provisional": False},
        ),
        (
            ["--from", "2026-02-13 17:30", "--days", "1"],
            {"from": "2026-02-13T17:30:00", "days": 1, "due": "2026-02-14T23:59:59", "provisional": False},
        ),
        (
            ["--from", "2026-10-01T20:30", "--hours", "24"],
            {"from": "2026-10-01T20:30:00", "hours": 24, "due": "2026-10-02T20:30:00", "provisional": False},
        ),
        (
            ["--from", "2027-02-04", "--days", "1"],
            {"from": "2027-02-04T00:00:00", "days": 1, "due": "2027-02-11T23:59:59", "provisional": True},
        ),
        (
            ["--from", "2026-09-30T02:00:00+00:00", "--days", "1"],
            {"from": "2026-09-30T10:00:00", "days": 1, "due": "2026-10-08T23:59:59", "provisional": False},
        ),
    ],
)
def test_deadline_json(data_dir: Path, args: list[str], expected: dict[str, object]) -> None:
    code, out, _ = invoke("deadline", *args, "--json")
    assert code == 0
    assert json.loads(out) == expected


def test_deadline_reads_in_chinese(data_dir: Path) -> None:
    code, out, _ = invoke("deadline", "--from", "2026-09-30T10:00", "--days", "7")
    assert code == 0
    assert "截止：2026年10月15日（周四）24:00" in out
    assert "暂定" not in out


def test_a_provisional_deadline_says_so_in_chinese(data_dir: Path) -> None:
    code, out, _ = invoke("deadline", "--from", "2026-12-31", "--days", "1")
    assert code == 0
    assert "截止：2027年1月4日（周一）24:00" in out
    assert "暂定" in out and "hotline calendar load" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--days", "1"], "起算时间格式不对"),
        (["--from", "明天上午", "--days", "1"], "起算时间格式不对"),
        (["--from", "2026-09-30", "--days", "-1"], "不能为负数"),
        (["--from", "2026-09-30", "--hours", "-5"], "不能为负数"),
        (["--from", "2026-09-30", "--days", "三"], "应为非负整数"),
        (["--from", "2026-09-30", "--days", "1.5"], "应为非负整数"),
        (["--from", "2026-09-30", "--days", "2", "--hours", "3"], "二选一"),
        (["--from", "2026-09-30"], "二选一"),
        (["--days", "2"], "请用 --from"),
        (["--from", "2099-03-01", "--days", "2"], "没有 2099 年的工作日数据"),
    ],
)
def test_bad_deadline_input_is_a_chinese_error_with_exit_code_2(
    data_dir: Path, args: list[str], message: str
) -> None:
    code, out, err = invoke("deadline", *args)
    assert code == 2
    assert message in err and "Traceback" not in err + out
    code, out, _ = invoke("deadline", *args, "--json")
    assert code == 2
    assert message in json.loads(out)["error"]["message"]


def test_load_then_show_then_deadline(data_dir: Path, tmp_path: Path) -> None:
    assert (
        json.loads(invoke("deadline", "--from", "2027-02-04", "--days", "1", "--json")[1])["provisional"]
        is True
    )
    src = tmp_path / "国务院2027年安排.yaml"
    src.write_text(SCHEDULE_2027, encoding="utf-8")
    code, out, _ = invoke("calendar", "load", str(src))
    assert code == 0, out
    assert "已载入 2027 年放假安排：2 个假期、1 个调休上班日" in out
    assert (data_dir / "calendar" / "2027.yaml").exists()
    code, out, _ = invoke("deadline", "--from", "2027-02-04", "--days", "1", "--json")
    assert json.loads(out) == {
        "from": "2027-02-04T00:00:00",
        "days": 1,
        "due": "2027-02-15T23:59:59",
        "provisional": False,
    }
    code, out, _ = invoke("calendar", "show", "2027")
    assert "管理员载入的放假安排" in out and "2月20日（周六）上班（春节调休）" in out and "暂定" not in out


def test_loading_a_year_the_package_knows_warns(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "2026.yaml"
    src.write_text(
        "year: 2026\nholidays:\n  - {name: 国庆节, from: 2026-10-01, to: 2026-10-08}\n", encoding="utf-8"
    )
    code, out, _ = invoke("calendar", "load", str(src))
    assert code == 0
    assert "内置日历已有 2026 年的安排，今后以刚载入的文件为准" in out
    assert (
        json.loads(invoke("deadline", "--from", "2026-09-30", "--days", "1", "--json")[1])["due"]
        == "2026-10-09T23:59:59"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-05, to: 2027-02-31}\n",
            "第 3 行 holidays[1].to",
        ),
        ("year: 2027\nholidays: [\n", "不是合法的 YAML"),
        (
            "year: 2027\nholidays:\n  - {name: 春节, date: 2027-02-06}\nworkdays: [2027-02-09]\n",
            "调休上班日应是周六或周日",
        ),
    ],
)
def test_loading_a_broken_file_is_refused_and_nothing_is_stored(
    data_dir: Path, tmp_path: Path, text: str, message: str
) -> None:
    src = tmp_path / "2027.yaml"
    src.write_text(text, encoding="utf-8")
    code, out, err = invoke("calendar", "load", str(src))
    assert code == 2
    assert message in err and "Traceback" not in err + out
    assert not (data_dir / "calendar" / "2027.yaml").exists()


def test_loading_a_missing_file(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = invoke("calendar", "load", str(tmp_path / "没有这个文件.yaml"))
    assert code == 2 and "找不到文件" in err


def test_show_2026_lists_every_holiday_and_make_up_day(data_dir: Path) -> None:
    code, out, _ = invoke("calendar", "show", "2026", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["origin"] == "chinese_calendar" and shown["provisional"] is False
    assert [h["name"] for h in shown["holidays"]] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ]
    assert [w["date"] for w in shown["workdays"]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


def test_show_2027_marks_every_holiday_provisional(data_dir: Path) -> None:
    code, out, _ = invoke("calendar", "show", "2027")
    assert code == 0
    holiday_lines = [line for line in out.splitlines() if line.startswith("  ") and "共" in line]
    assert len(holiday_lines) == 7 and all(line.endswith("（暂定）") for line in holiday_lines)
    assert "春节：2月5日（周五）至2月10日（周三）" in out


@pytest.mark.parametrize(
    ("year", "message"), [("明年", "年份应为四位数字"), ("1800", "超出范围"), ("2003", "没有 2003 年")]
)
def test_show_a_bad_year(data_dir: Path, year: str, message: str) -> None:
    code, _, err = invoke("calendar", "show", year)
    assert code == 2 and message in err


@pytest.mark.skipif(not HOTLINE.exists(), reason="the hotline entry point is not installed")
def test_the_installed_command(tmp_path: Path) -> None:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path)}
    ok = subprocess.run(
        [str(HOTLINE), "deadline", "--from", "2026-04-30T09:00", "--days", "4", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {
        "from": "2026-04-30T09:00:00",
        "days": 4,
        "due": "2026-05-09T23:59:59",
        "provisional": False,
    }
    bad = subprocess.run(
        [str(HOTLINE), "deadline", "--from", "2026-02-30", "--days", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "起算时间格式不对" in bad.stderr and "Traceback" not in bad.stderr
