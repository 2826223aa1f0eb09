"""Work out a year's holidays from the holiday law when no official schedule exists yet.

Used for years after the last one chinesecalendar carries and before an administrator has
loaded the State Council's notice. Rules and lunar dates are data
(`data/calendar/statutory.yaml`, `data/calendar/lunar_dates.yaml`, both with their sources).
Substitute days (补假, Art. 6 of the law) go on the first working days after the holiday; the
make-up working weekends of the real notice cannot be foreseen, so every such result is
provisional and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from hotline.calendar.format import zh_date
from hotline.calendar.schedule import HolidayBlock, YearSchedule
from hotline.calendar.yamlfile import Where, YDict, YList, load_yaml, parse_date
from hotline.errors import HotlineError

_ANCHORS = ("chuxi", "qingming", "duanwu", "zhongqiu")


@dataclass(frozen=True)
class StatutoryHoliday:
    name: str
    days: int
    month_day: tuple[int, int] | None = None  # fixed solar date
    anchor: str | None = None  # key into the lunar table


@dataclass(frozen=True)
class StatutoryRules:
    law: str
    first_year: int
    holidays: tuple[StatutoryHoliday, ...]
    lunar_source: str
    lunar: dict[int, dict[str, date]]

    @property
    def years(self) -> range:
        return range(self.first_year, max(self.lunar) + 1)


def _read(name: str) -> str:
    return (resources.files("hotline.data") / "calendar" / name).read_text(encoding="utf-8")


def _parse_rules(text: str, lunar_text: str) -> StatutoryRules:
    where = Where("statutory.yaml")
    doc = load_yaml(text, name="statutory.yaml")
    if not isinstance(doc, YDict) or not isinstance(doc.get("holidays"), YList):
        raise HotlineError("bad_data_file", "statutory.yaml 应包含 law、first_year 与 holidays 列表")
    items: list[StatutoryHoliday] = []
    for i, item in enumerate(doc["holidays"]):
        path = f"holidays[{i + 1}]"
        if not isinstance(item, YDict) or not isinstance(item.get("name"), str):
            raise where.error(doc["holidays"], i, path, "每项应有 name")
        days = item.get("days")
        if not isinstance(days, int) or not 1 <= days <= 7:
            raise where.error(item, "days", f"{path}.days", "天数应为 1–7 的整数")
        md = item.get("month_day")
        anchor = item.get("anchor")
        if (md is None) == (anchor is None):
            raise where.error(item, None, path, "month_day 与 anchor 须且只须写一个")
        fixed: tuple[int, int] | None = None
        if md is not None:
            probe = parse_date(f"2001-{md}") if isinstance(md, str) else None
            if probe is None:
                raise where.error(item, "month_day", f"{path}.month_day", '应写成 "05-01" 这样的月-日')
            fixed = (probe.month, probe.day)
        elif anchor not in _ANCHORS:
            raise where.error(item, "anchor", f"{path}.anchor", f"anchor 应为 {'、'.join(_ANCHORS)} 之一")
        items.append(StatutoryHoliday(item["name"], days, fixed, anchor))

    lwhere = Where("lunar_dates.yaml")
    ldoc = load_yaml(lunar_text, name="lunar_dates.yaml")
    if not isinstance(ldoc, YDict) or not isinstance(ldoc.get("years"), YDict):
        raise HotlineError("bad_data_file", "lunar_dates.yaml 应包含 source 与 years")
    lunar: dict[int, dict[str, date]] = {}
    for key, row in ldoc["years"].items():
        year = int(key)
        if not isinstance(row, YDict) or set(row) != set(_ANCHORS):
            raise lwhere.error(ldoc["years"], key, f"years.{key}", f"应恰好列出 {'、'.join(_ANCHORS)}")
        parsed = {k: parse_date(v) for k, v in row.items()}
        for k, d in parsed.items():
            if d is None or d.year != year:
                raise lwhere.error(row, k, f"years.{key}.{k}", f"{row[k]!r} 不是 {year} 年的日期")
        lunar[year] = {k: d for k, d in parsed.items() if d is not None}
    first_year = doc.get("first_year")
    if not isinstance(first_year, int) or first_year not in lunar:
        raise where.error(doc, "first_year", "first_year", "应是农历表中的年份")
    return StatutoryRules(
        str(doc.get("law", "")), first_year, tuple(items), str(ldoc.get("source", "")), lunar
    )


@lru_cache(maxsize=1)
def statutory_rules() -> StatutoryRules:
    return _parse_rules(_read("statutory.yaml"), _read("lunar_dates.yaml"))


def _statutory_days(rules: StatutoryRules, year: int) -> list[tuple[str, list[date]]]:
    lunar = rules.lunar[year]
    out: list[tuple[str, list[date]]] = []
    for h in rules.holidays:
        if h.month_day is not None:
            first = date(year, *h.month_day)
        else:
            assert h.anchor is not None
            first = lunar[h.anchor]
        out.append((h.name, [first + timedelta(days=i) for i in range(h.days)]))
    return out


def statutory_schedule(year: int, rules: StatutoryRules | None = None) -> YearSchedule | None:
    """The provisional schedule of `year`, or None when the rules do not cover that year."""
    rules = rules or statutory_rules()
    if year not in rules.years or year not in rules.lunar:
        return None
    holidays = sorted(_statutory_days(rules, year), key=lambda item: item[1][0])
    statutory_dates = {d for _, days in holidays for d in days}
    # Merge holidays whose days touch or overlap (e.g. 中秋 falling on or next to 国庆).
    groups: list[tuple[list[str], list[date], int]] = []  # names, dates, day credits
    for name, days in holidays:
        if groups and days[0] <= max(groups[-1][1]) + timedelta(days=1):
            names, dates, credits = groups[-1]
            groups[-1] = ([*names, name], sorted(set(dates) | set(days)), credits + len(days))
        else:
            groups.append(([name], list(days), len(days)))
    blocks: list[HolidayBlock] = []
    taken: set[date] = set()
    for names, dates, credits in groups:
        # Each holiday day is owed as a weekday off; those that fell on a weekend or on
        # another holiday are given back on the next working days (补假).
        owed = credits - sum(1 for d in dates if d.weekday() < 5)
        end = max(dates)
        d = end
        while owed > 0:
            d += timedelta(days=1)
            if d.weekday() < 5 and d not in statutory_dates and d not in taken:
                taken.add(d)
                end = d
                owed -= 1
        blocks.append(HolidayBlock("、".join(names), min(dates), end))
    source = f"按{rules.law}推算（农历日期：{rules.lunar_source}）；国务院公布当年安排后以公布为准"
    return YearSchedule(year, "statutory", tuple(blocks), (), source)


def missing_statutory(schedule: YearSchedule, rules: StatutoryRules | None = None) -> list[str]:
    """Statutory holidays a schedule fails to give off, as "国庆节（10月1日至10月3日）"; [] when complete.

    An official notice always grants every statutory holiday, so a loaded file that leaves one
    out was typed in incompletely; trusted as it is, it would turn 国庆 into working days.
    Years the rules do not cover are not checked.
    """
    rules = rules or statutory_rules()
    if schedule.year not in rules.years or schedule.year not in rules.lunar:
        return []
    off = {d for d, (workday, _) in schedule.overrides().items() if not workday}
    out: list[str] = []
    for name, days in _statutory_days(rules, schedule.year):
        if not all(d in off for d in days):
            span = zh_date(days[0]) if len(days) == 1 else f"{zh_date(days[0])}至{zh_date(days[-1])}"
            out.append(f"{name}（{span}）")
    return out
