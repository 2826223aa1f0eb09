"""One year's holiday schedule (放假安排): holiday blocks and make-up working days (调休上班).

A schedule comes from one of three places, in this order of trust:
- `loaded`: a file an administrator loaded with `hotline calendar load` (the State Council's
  notice for a year, typed in when it is announced);
- `chinese_calendar`: the `chinesecalendar` package, which carries the official notices for
  2004–2026;
- `statutory`: worked out from the holiday law (see `statutory.py`) — always provisional.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from hotline.calendar.format import zh_date
from hotline.calendar.yamlfile import Where, YDict, YList, load_yaml, parse_date
from hotline.errors import InputError

Origin = Literal["loaded", "chinese_calendar", "statutory"]

ORIGIN_ZH: dict[str, str] = {
    "loaded": "管理员载入的放假安排",
    "chinese_calendar": "国务院公布的放假安排（内置）",
    "statutory": "按法定节假日推算（暂定）",
}

# The package names holidays in English; operators read Chinese.
PACKAGE_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# A real holiday block is at most nine days long (春节 with 调休); a longer one is a typo.
MAX_BLOCK_DAYS = 15


@dataclass(frozen=True)
class HolidayBlock:
    name: str
    start: date
    end: date

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    def zh(self) -> str:
        if self.start == self.end:
            return f"{self.name}：{zh_date(self.start)}，共 1 天"
        return f"{self.name}：{zh_date(self.start)}至{zh_date(self.end)}，共 {self.length} 天"


@dataclass(frozen=True)
class MakeupDay:
    day: date
    name: str  # the holiday it makes up for

    def zh(self) -> str:
        return (
            f"{zh_date(self.day)}上班（{self.name}调休）" if self.name else f"{zh_date(self.day)}上班（调休）"
        )


@dataclass(frozen=True)
class YearSchedule:
    year: int
    origin: Origin
    holidays: tuple[HolidayBlock, ...]
    workdays: tuple[MakeupDay, ...]
    source: str

    @property
    def provisional(self) -> bool:
        return self.origin == "statutory"

    def overrides(self) -> dict[date, tuple[bool, str]]:
        """Dates whose status differs from the plain weekday rule: date → (is working day, name)."""
        out: dict[date, tuple[bool, str]] = {}
        for block in self.holidays:
            for d in block.days():
                out[d] = (False, block.name)
        for m in self.workdays:
            out[m.day] = (True, m.name)
        return out


# --- the chinesecalendar package ---------------------------------------------------------


def package_years() -> range:
    """Years the installed chinesecalendar knows (it raises NotImplementedError outside)."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return range(min(years), max(years) + 1)


def package_knows(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _name(value: Any) -> str:
    raw = getattr(value, "value", value)
    if isinstance(raw, tuple):  # some package versions store (english, chinese, days)
        raw = raw[0]
    return PACKAGE_NAMES_ZH.get(str(raw), str(raw))


def from_package(year: int) -> YearSchedule:
    """The official schedule of `year` as carried by chinesecalendar."""
    from chinese_calendar import constants

    off = sorted((d, _name(v)) for d, v in constants.holidays.items() if d.year == year)
    blocks: list[HolidayBlock] = []
    for d, name in off:
        last = blocks[-1] if blocks else None
        if last and last.name == name and last.end + timedelta(days=1) == d:
            blocks[-1] = HolidayBlock(name, last.start, d)
        else:
            blocks.append(HolidayBlock(name, d, d))
    makeups = tuple(MakeupDay(d, _name(v)) for d, v in sorted(constants.workdays.items()) if d.year == year)
    return YearSchedule(
        year, "chinese_calendar", tuple(blocks), makeups, "chinesecalendar 1.11 内置的国务院放假安排"
    )


# --- a file loaded by an administrator -----------------------------------------------------

_TOP_KEYS = {"year", "source", "holidays", "workdays"}
_HOLIDAY_KEYS = {"name", "date", "from", "to"}
_WORKDAY_KEYS = {"date", "name"}
_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _date_field(where: Where, obj: YDict, key: str, path: str, year: int) -> date:
    raw = obj.get(key)
    d = parse_date(raw)
    if d is None:
        raise where.error(obj, key, path, f"日期 {raw!r} 不合法，应写成 {year}-01-01 这样的年-月-日")
    if not (date(year - 1, 12, 1) <= d <= date(year, 12, 31)):
        raise where.error(obj, key, path, f"日期 {d} 不在 {year} 年的安排范围内（可含上一年 12 月）")
    return d


def _unknown_keys(where: Where, obj: YDict, allowed: set[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            names = "、".join(sorted(allowed))
            raise where.error(
                obj, key, f"{path}.{key}" if path else key, f"不认识的字段，可用的字段有 {names}"
            )


def parse_schedule(text: str, *, name: str) -> YearSchedule:
    """Validate a yearly schedule file and return it; errors name the line and field."""
    where = Where(name)
    doc = load_yaml(text, name=name)
    if not isinstance(doc, YDict):
        raise InputError("bad_data_file", f"{name} 的顶层应是键值对（year、holidays、workdays）")
    _unknown_keys(where, doc, _TOP_KEYS, "")
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        if "year" not in doc:
            raise where.error(doc, None, "year", "缺少年份，例如 year: 2027")
        raise where.error(doc, "year", "year", f"年份 {year!r} 不合法，应为 2000–2100 之间的整数")
    source = doc.get("source", f"管理员载入的 {year} 年放假安排")
    if not isinstance(source, str) or not source.strip():
        raise where.error(doc, "source", "source", "来源应是一段文字，例如国务院办公厅通知的标题和文号")

    raw_holidays = doc.get("holidays")
    if not isinstance(raw_holidays, YList) or not raw_holidays:
        raise where.error(
            doc, "holidays" if "holidays" in doc else None, "holidays", "应列出至少一个放假区间"
        )
    blocks: list[HolidayBlock] = []
    seen: dict[date, str] = {}
    for i, item in enumerate(raw_holidays):
        path = f"holidays[{i + 1}]"
        if not isinstance(item, YDict):
            raise where.error(raw_holidays, i, path, "每个放假区间应写成 {name: 春节, from: …, to: …}")
        _unknown_keys(where, item, _HOLIDAY_KEYS, path)
        hname = item.get("name")
        if not isinstance(hname, str) or not hname.strip():
            raise where.error(
                item, "name" if "name" in item else None, f"{path}.name", "缺少节日名称，如 春节"
            )
        if "date" in item:
            if "from" in item or "to" in item:
                raise where.error(item, "date", path, "date 与 from/to 只能二选一")
            start = end = _date_field(where, item, "date", f"{path}.date", year)
        else:
            if "from" not in item or "to" not in item:
                raise where.error(item, None, path, "应写 date（单日）或 from 与 to（区间）")
            start = _date_field(where, item, "from", f"{path}.from", year)
            end = _date_field(where, item, "to", f"{path}.to", year)
            if end < start:
                raise where.error(item, "to", f"{path}.to", f"结束日 {end} 早于开始日 {start}")
        block = HolidayBlock(hname.strip(), start, end)
        if block.length > MAX_BLOCK_DAYS:
            raise where.error(item, "to", f"{path}.to", f"放假区间长达 {block.length} 天，请检查日期是否写错")
        for d in block.days():
            if d in seen:
                raise where.error(item, None, path, f"{d} 已在“{seen[d]}”中放假，区间重叠")
            seen[d] = block.name
        blocks.append(block)

    makeups: list[MakeupDay] = []
    raw_workdays = doc.get("workdays", YList())
    if raw_workdays is None:
        raw_workdays = YList()
    if not isinstance(raw_workdays, YList):
        raise where.error(
            doc, "workdays", "workdays", "调休上班日应写成列表，如 - {date: 2027-02-20, name: 春节}"
        )
    for i, item in enumerate(raw_workdays):
        path = f"workdays[{i + 1}]"
        if isinstance(item, YDict):
            _unknown_keys(where, item, _WORKDAY_KEYS, path)
            wname = item.get("name", "")
            if not isinstance(wname, str):
                raise where.error(item, "name", f"{path}.name", "名称应是文字")
            d = _date_field(where, item, "date", f"{path}.date", year)
        else:
            holder = YDict({"date": item})
            holder.lines = {"date": raw_workdays.lines[i]}
            d = _date_field(where, holder, "date", path, year)
            wname = ""
        if d.weekday() < 5:
            raise where.error(
                raw_workdays,
                i,
                path,
                f"{d} 是{_WEEKDAY_ZH[d.weekday()]}，本来就上班，调休上班日应是周六或周日",
            )
        if d in seen:
            raise where.error(raw_workdays, i, path, f"{d} 同时被列为放假日（{seen[d]}）和上班日")
        if any(m.day == d for m in makeups):
            raise where.error(raw_workdays, i, path, f"{d} 重复列出")
        makeups.append(MakeupDay(d, wname.strip()))
    return YearSchedule(
        year, "loaded", tuple(blocks), tuple(sorted(makeups, key=lambda m: m.day)), source.strip()
    )


def read_schedule_file(path: Path) -> YearSchedule:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件 {path}") from exc
    except OSError as exc:
        raise InputError("file_unreadable", f"无法读取文件 {path}：{exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path.name} 不是 UTF-8 编码，请另存为 UTF-8 后再载入") from exc
    return parse_schedule(text, name=path.name)


def read_schedule_dir(directory: Path) -> list[YearSchedule]:
    """Every schedule an administrator has loaded (`{year}.yaml` files), validated."""
    if not directory.is_dir():
        return []
    out: list[YearSchedule] = []
    for path in sorted(directory.glob("*.yaml")):
        sched = read_schedule_file(path)
        if path.stem != str(sched.year):
            raise InputError(
                "bad_data_file", f"{path} 的文件名应与其中的年份一致（{sched.year}.yaml）", path=str(path)
            )
        out.append(sched)
    return out


@dataclass(frozen=True)
class Installed:
    schedule: YearSchedule
    path: Path
    replaced_package: bool  # chinesecalendar already had this year; the file now wins
    replaced_file: bool  # an earlier loaded file for this year was overwritten
    # Statutory holidays the file does not give off ("国庆节（10月1日…）"): an official notice always
    # grants them all, so these are most likely lines left out when typing the notice in.
    missing: tuple[str, ...] = ()


def install_schedule(source: Path, calendar_dir: Path) -> Installed:
    """Validate `source` and store it as `calendar_dir/{year}.yaml` (the original text, comments kept)."""
    sched = read_schedule_file(source)
    from hotline.calendar.statutory import missing_statutory  # statutory.py builds on this module

    calendar_dir.mkdir(parents=True, exist_ok=True)
    target = calendar_dir / f"{sched.year}.yaml"
    replaced_file = target.exists()
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_bytes(source.read_bytes())
    tmp.replace(target)  # atomic: a reader never sees half a file
    return Installed(sched, target, package_knows(sched.year), replaced_file, tuple(missing_statutory(sched)))
