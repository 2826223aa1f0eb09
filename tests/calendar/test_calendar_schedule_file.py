"""Yearly schedule files an administrator loads when the State Council announces a new year."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from hotline.calendar.schedule import install_schedule, parse_schedule, read_schedule_file
from hotline.calendar.workdays import WorkCalendar
from hotline.errors import InputError

# An imagined 2027 notice, in the shape the State Council uses (dates made up for the test).
SCHEDULE_2027 = """\
# 测试用：假想的 2027 年部分节假日安排
year: 2027
source: 假想的国务院办公厅关于2027年部分节假日安排的通知（测试用）
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-05, to: 2027-02-13}
  - {name: 清明节, from: 2027-04-03, to: 2027-04-05}
  - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}
  - {name: 端午节, from: 2027-06-09, to: 2027-06-11}
  - {name: 中秋节, date: 2027-09-15}
  - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}
workdays:
  - {date: 2027-02-20, name: 春节}
  - {date: 2027-04-25, name: 劳动节}
  - 2027-06-12
  - {date: 2027-09-26, name: 国庆节}
  - {date: 2027-10-09, name: 国庆节}
"""


def write(tmp_path: Path, text: str, name: str = "安排.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_loaded_2027_schedule_makes_2027_official(tmp_path: Path) -> None:
    installed = install_schedule(write(tmp_path, SCHEDULE_2027), tmp_path / "calendar")
    assert installed.path == tmp_path / "calendar" / "2027.yaml"
    assert installed.replaced_package is False
    cal = WorkCalendar.from_dir(tmp_path / "calendar")
    assert cal.is_workday(date(2027, 2, 11)) == (False, False)  # inside the loaded 春节 block
    assert cal.is_workday(date(2027, 2, 20)) == (True, False)  # make-up Saturday
    assert cal.is_workday(date(2027, 6, 12)) == (True, False)  # make-up given as a bare date
    assert cal.is_workday(date(2027, 3, 10)) == (True, False)  # an ordinary Wednesday
    assert cal.is_workday(date(2027, 3, 13)) == (False, False)  # an ordinary Saturday
    assert cal.add_working_days(datetime(2027, 2, 4, 10), 1) == (datetime(2027, 2, 15, 23, 59, 59), False)
    assert cal.add_working_days(datetime(2027, 9, 30, 10), 2) == (datetime(2027, 10, 9, 23, 59, 59), False)
    assert cal.schedule(2027).origin == "loaded"
    assert cal.schedule(2027).source.startswith("假想的国务院办公厅")


def test_the_original_file_is_kept_with_its_comments(tmp_path: Path) -> None:
    installed = install_schedule(write(tmp_path, SCHEDULE_2027), tmp_path / "calendar")
    assert installed.path.read_text(encoding="utf-8").startswith("# 测试用")


def test_loading_a_year_the_package_knows_overrides_it_and_says_so(tmp_path: Path) -> None:
    # Suppose 1 October 2026 were moved: the loaded file wins over chinesecalendar.
    text = "year: 2026\nholidays:\n  - {name: 国庆节, from: 2026-10-02, to: 2026-10-08}\n"
    installed = install_schedule(write(tmp_path, text), tmp_path / "calendar")
    assert installed.replaced_package is True
    cal = WorkCalendar.from_dir(tmp_path / "calendar")
    assert cal.is_workday(date(2026, 10, 1)) == (True, False)
    assert cal.is_workday(date(2026, 10, 8)) == (False, False)
    assert cal.is_workday(date(2026, 2, 16)) == (True, False)  # the file replaces the whole year
    again = install_schedule(write(tmp_path, text), tmp_path / "calendar")
    assert again.replaced_file is True


def test_a_new_years_block_starting_in_december_reaches_back_into_the_previous_year(tmp_path: Path) -> None:
    text = (
        "year: 2028\nholidays:\n  - {name: 元旦, from: 2027-12-30, to: 2028-01-01}\n"
        "workdays:\n  - {date: 2027-12-26, name: 元旦}\n"
    )
    install_schedule(write(tmp_path, text), tmp_path / "calendar")
    cal = WorkCalendar.from_dir(tmp_path / "calendar")
    assert cal.is_workday(date(2027, 12, 30)) == (False, False)  # from the 2028 file
    assert cal.is_workday(date(2027, 12, 26)) == (True, False)
    assert cal.is_workday(date(2027, 12, 29)) == (True, True)  # the rest of 2027 is still estimated


BAD_FILES = [
    ("holidays:\n  - {name: 春节, date: 2027-02-06}\n", "缺少年份"),
    ("year: 二〇二七\nholidays: []\n", "第 1 行 year：年份"),
    ("year: 2027\n", "holidays：应列出至少一个放假区间"),
    (
        "year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-05, to: 2027-13-01}\n",
        "第 3 行 holidays[1].to：日期 '2027-13-01' 不合法",
    ),
    (
        "year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-10, to: 2027-02-05}\n",
        "结束日 2027-02-05 早于开始日 2027-02-10",
    ),
    ("year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-05}\n", "应写 date（单日）或 from 与 to（区间）"),
    ("year: 2027\nholidays:\n  - {from: 2027-02-05, to: 2027-02-06}\n", "缺少节日名称"),
    ("year: 2027\nholidays:\n  - {name: 国庆节, from: 2027-10-01, to: 2027-10-31}\n", "长达 31 天"),
    ("year: 2027\nholidays:\n  - {name: 春节, date: 2028-02-06}\n", "不在 2027 年的安排范围内"),
    (
        "year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-05, to: 2027-02-13}\n  - {name: 元宵, date: 2027-02-13}\n",
        "第 4 行 holidays[2]：2027-02-13 已在“春节”中放假",
    ),
    (
        "year: 2027\nholidays:\n  - {name: 春节, date: 2027-02-06}\nworkdays:\n  - 2027-02-10\n",
        "第 5 行 workdays[1]：2027-02-10 是周三，本来就上班",
    ),
    (
        "year: 2027\nholidays:\n  - {name: 春节, from: 2027-02-05, to: 2027-02-13}\nworkdays:\n  - {date: 2027-02-06}\n",
        "同时被列为放假日（春节）和上班日",
    ),
    ("year: 2027\nholiday:\n  - {name: 春节, date: 2027-02-06}\n", "第 2 行 holiday：不认识的字段"),
    ("year: 2027\nyear: 2028\nholidays: []\n", "键 year 重复出现"),
    ("year: 2027\nholidays:\n  - {name: 春节, date: 2027-02-06\n", "不是合法的 YAML：第"),
    ("year: 2027\nholidays:\n\t- x\n", "不是合法的 YAML"),
    ("", "是空文件"),
    ("- 2027\n", "顶层应是键值对"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_broken_schedule_file_gets_a_chinese_error_naming_the_place(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_schedule(text, name="2027.yaml")
    assert message in err.value.message
    assert err.value.message.startswith("2027.yaml")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    path.write_bytes("year: 2027\nholidays:\n  - {name: 春节, date: 2027-02-06}\n".encode("gbk"))
    with pytest.raises(InputError, match="不是 UTF-8 编码"):
        read_schedule_file(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到文件"):
        install_schedule(tmp_path / "nope.yaml", tmp_path / "calendar")


def test_a_stored_file_whose_name_does_not_match_its_year_is_refused(tmp_path: Path) -> None:
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2028.yaml").write_text(SCHEDULE_2027, encoding="utf-8")
    with pytest.raises(InputError, match=r"2027\.yaml"):
        WorkCalendar.from_dir(tmp_path / "calendar")


def test_the_default_calendar_notices_a_file_loaded_by_another_process(tmp_path: Path) -> None:
    from hotline.calendar.workdays import calendar_dir, default_calendar
    from hotline.config import Settings

    cfg = Settings(data_dir=tmp_path / "var")
    assert default_calendar(cfg).is_workday(date(2027, 2, 11)) == (True, True)
    assert default_calendar(cfg) is default_calendar(cfg)  # cached while nothing changes
    install_schedule(write(tmp_path, SCHEDULE_2027), calendar_dir(cfg))
    assert default_calendar(cfg).is_workday(date(2027, 2, 11)) == (False, False)
