"""The lunar-date table behind the statutory fallback, checked against independent sources."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from hotline.calendar.statutory import statutory_rules

RULES = statutory_rules()
YEARS = sorted(RULES.lunar)


def test_the_table_covers_every_year_from_the_amended_law_to_2050() -> None:
    assert sorted(RULES.lunar) == list(range(2025, 2051))
    assert RULES.first_year == 2025


@pytest.mark.parametrize(
    ("year", "chuxi", "qingming", "duanwu", "zhongqiu"),
    [
        # 2025 and 2026: what the State Council's notices used.
        (2025, "2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06"),
        (2026, "2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25"),
        # 2027: 春节 (正月初一) is 2027-02-06, so 除夕 is 2027-02-05.
        (2027, "2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15"),
    ],
)
def test_known_years(year: int, chuxi: str, qingming: str, duanwu: str, zhongqiu: str) -> None:
    row = RULES.lunar[year]
    assert {k: v.isoformat() for k, v in row.items()} == {
        "chuxi": chuxi,
        "qingming": qingming,
        "duanwu": duanwu,
        "zhongqiu": zhongqiu,
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_table_agrees_with_the_official_holidays(year: int) -> None:
    for key, name in [
        ("chuxi", "Spring Festival"),
        ("duanwu", "Dragon Boat Festival"),
        ("zhongqiu", "Mid-autumn Festival"),
    ]:
        on_holiday, holiday = chinese_calendar.get_holiday_detail(RULES.lunar[year][key])
        assert on_holiday and holiday == name, (year, key)


@pytest.mark.parametrize("year", YEARS)
def test_qingming_matches_the_solar_term_formula_of_chinesecalendar(year: int) -> None:
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    assert RULES.lunar[year]["qingming"] in [d for d, name in terms if name == "清明"]


@pytest.mark.parametrize("year", YEARS)
def test_lunar_dates_match_lunar_python(year: int) -> None:
    lunar_python = pytest.importorskip("lunar_python")

    def solar(y: int, m: int, d: int) -> date:
        s = lunar_python.Lunar.fromYmd(y, m, d).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    row = RULES.lunar[year]
    assert row["chuxi"] == solar(year, 1, 1) - timedelta(days=1)
    assert row["duanwu"] == solar(year, 5, 5)
    assert row["zhongqiu"] == solar(year, 8, 15)
    q = lunar_python.Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    assert row["qingming"] == date(q.getYear(), q.getMonth(), q.getDay())


@pytest.mark.parametrize("year", YEARS)
def test_lunar_dates_match_lunardate(year: int) -> None:
    lunardate = pytest.importorskip("lunardate")
    row = RULES.lunar[year]
    assert row["chuxi"] == lunardate.LunarDate(year, 1, 1).to_solar_date() - timedelta(days=1)
    assert row["duanwu"] == lunardate.LunarDate(year, 5, 5).to_solar_date()
    assert row["zhongqiu"] == lunardate.LunarDate(year, 8, 15).to_solar_date()
