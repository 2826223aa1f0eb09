"""What the matter is about: companies, shops, schools, bus and metro lines, plates, roads, amounts.

Named things are found by how their names end ("…有限公司", "…烧烤店", "…小学"); the name is
read leftwards until a function word or punctuation. Kinds and endings are data
(`data/details/objects.yaml`). Plates, bus and metro lines and money have fixed shapes
and are plain regexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from hotline.analysis import Amount, DetailObject
from hotline.errors import HotlineError
from hotline.listen.numerals import NUMBER_CHARS, parse_number

_STOP = set(
    "，。！？；：、,.!?;: \t\n\"'“”《》（）()的在是住了到从给被把向说找叫去来我你他她们这那就都也还又和跟与对有于个家让请帮"
)
_PLATE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z][·•\s]?"
    r"(?:[DFdf][A-HJ-NP-Za-hj-np-z0-9]\d{4}|\d{5}[DFdf]|[A-HJ-NP-Za-hj-np-z0-9]{4}[A-HJ-NP-Za-hj-np-z0-9挂学警])"
    r"(?![A-Za-z0-9])"
)
_LINE_NO = r"(?:[A-Za-z夜快专]?\d{1,4}[A-Za-z]?|[一二三四五六七八九十百]{1,4})"
_BUS = re.compile(
    rf"(?:公交车?|坐|乘|搭|开)\s?(?P<a>{_LINE_NO})路(?!口|边|上)|(?P<b>{_LINE_NO})路(?:公交车?|车|公交线路?|线路|班车|专线)"
)
_METRO = re.compile(
    r"地铁\s?(?P<a>\d{1,2}|[一二三四五六七八九十]{1,3})号线|(?P<b>\d{1,2}|[一二三四五六七八九十]{1,3})号线"
)
_ROAD = re.compile(r"(?:路|大道|大街|街(?![道上边头坊])|巷|弄(?!堂)|胡同|高架|隧道|大桥)(?:\d+号)?")
# Stems ending like these are words, not road names ("马路", "绕路", "这条路").
_NOT_ROAD_STEM = re.compile(
    r"(马|公|道|铁|水|小|大|走|出|思|网|过|绕|让|堵|修|挖|占|封|拦|带|问|指|迷|赶|开|跑|这条|那条|一条|上|下|半|一)$"
)
# Number runs are bounded: no sum of money is 20 characters long, and an unbounded run made a
# long string of digits take seconds (every start position scanned to the end of the run).
_MONEY = re.compile(
    rf"(?P<num>[0-9一二两三四五六七八九十幺壹贰叁肆伍陆柒捌玖拾][0-9,.{NUMBER_CHARS}点]{{0,20}}?)(?P<big>[万千百]?)(?P<approx>多|余|来)?"
    r"(?P<unit>万元|元钱|元|块钱|块(?=[钱，。！？、的了多左右都也还给就我他她没不呢吧啊\s]|$)|人民币|毛钱)"
)
_MONEY_BARE = re.compile(
    rf"(?P<num>[0-9][0-9.]{{0,15}}|[{NUMBER_CHARS}]{{1,16}}?)(?P<big>[万千])(?P<tail>[一二两三四五六七八九](?![千百十万]))?"
    r"(?P<approx>多|余|来)?(?![元块钱人])"
)
# Time words that run into a name when walking left ("三天前物业", "每天晚上广场").
_TIME_LEAD = re.compile(
    r"^(?:[今昨前明后]天|[一二三四五六七八九十几两\d]+个?(?:天|月|年|周|星期|小时)[前后]?|上个?月|这个?月|去年|今年|刚才|"
    r"每天|天天|每晚|晚上|早上|上午|下午|中午|半夜|凌晨|\d+点|[一二三四五六七八九十]+点|以后|之后|以前)+"
)
_NOT_AFTER = {"广场": "舞"}
_MONEY_CUE = re.compile(r"工资|工钱|钱|欠|费|押金|房租|罚|赔|退|补偿|补贴|价|贷|借|收了|交了|花了|损失")


@dataclass(frozen=True)
class _Rules:
    suffix_re: re.Pattern[str]
    by_suffix: dict[str, tuple[str, int]]
    strip: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = resources.files("hotline.data").joinpath("details/objects.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw) or {}
    kinds = doc.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        raise HotlineError("bad_objects", "对象词表 details/objects.yaml 缺少 kinds 列表")
    by_suffix: dict[str, tuple[str, int]] = {}
    for entry in kinds:
        if not isinstance(entry, dict) or not entry.get("kind") or not entry.get("suffixes"):
            raise HotlineError(
                "bad_objects", f"对象词表 details/objects.yaml 的条目缺少 kind 或 suffixes：{entry!r}"
            )
        for suffix in entry["suffixes"]:
            by_suffix.setdefault(str(suffix), (str(entry["kind"]), int(entry.get("min_name", 2))))
    ordered = sorted(by_suffix, key=len, reverse=True)
    strip = tuple(sorted((str(s) for s in doc.get("strip") or []), key=len, reverse=True))
    return _Rules(re.compile("|".join(map(re.escape, ordered))), by_suffix, strip)


def _name_start(text: str, end: int, limit: int) -> int:
    i = end
    while i > max(0, end - limit) and text[i - 1] not in _STOP:
        i -= 1
    return i


def _strip(name: str, prefixes: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if name.startswith(p) and len(name) > len(p):
                name, changed = name[len(p) :], True
    return name


def road_name_ok(stem: str) -> bool:
    """Whether the characters before 路/街/巷 can be a road's name ("文三" yes, "绕" no)."""
    return len(stem) >= 2 and not _NOT_ROAD_STEM.search(stem) and not stem.endswith(("街道", "号"))


MAX_OBJECTS = 50


def find_objects(text: str) -> list[DetailObject]:
    """Named objects of the matter in order of appearance."""
    rules = _rules()
    out: list[DetailObject] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, label: str | None = None) -> None:
        # A call names a handful of objects; a pasted list of thousands would make this
        # overlap check quadratic and the operator's screen useless.
        if len(out) >= MAX_OBJECTS or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        out.append(DetailObject(kind, label or text[start:end], start, end))

    for m in _PLATE.finditer(text):
        add("plate", m.start(), m.end(), re.sub(r"[·•\s]", "", m.group(0)).upper())
    for m in _METRO.finditer(text):
        add("metro_line", m.start(), m.end())
    for m in _BUS.finditer(text):
        number = m.group("a") or m.group("b")
        start = m.start("a") if m.group("a") else m.start()
        add("bus_line", start, m.end(), f"{number}路")
    for m in rules.suffix_re.finditer(text):
        if text.startswith(_NOT_AFTER.get(m.group(0), "\0"), m.end()):
            continue
        start = _name_start(text, m.start(), 12)
        name = _strip(_TIME_LEAD.sub("", text[start : m.end()]), rules.strip)
        start = m.end() - len(name)
        suffix = m.group(0)
        # "化工厂": the name is "化工" + "厂", not "化" + "工厂"; try shorter endings.
        while suffix:
            kind, min_name = rules.by_suffix.get(suffix, ("", 99))
            if kind and len(name) - len(suffix) >= min_name:
                add(kind, start, m.end())
                break
            suffix = suffix[1:]
    for m in _ROAD.finditer(text):
        start = m.start()
        # Road names are Chinese characters only: "地铁2号线凤起路" names 凤起路.
        while (
            start > max(0, m.start() - 6)
            and text[start - 1] not in _STOP
            and "\u4e00" <= text[start - 1] <= "\u9fff"
        ):
            if text[start - 1] in "线站号":
                break
            start -= 1
        stem = _strip(text[start : m.start()], rules.strip)
        start = m.start() - len(stem)
        if road_name_ok(stem):
            add("road", start, m.end())
    out.sort(key=lambda o: o.start)
    return out


def find_amounts(text: str) -> list[Amount]:
    """Sums of money ("三千五百元", "3500块", "两万多" when money is the topic), in 元."""
    out: list[Amount] = []
    spans: list[tuple[int, int]] = []
    for m in _MONEY.finditer(text):
        value = parse_number(m.group("num") + m.group("big"))
        if value is None or value <= 0:
            continue
        if m.group("unit") == "万元":
            value *= 10_000
        elif m.group("unit") == "毛钱":
            value /= 10
        out.append(Amount(m.group(0), round(value, 2)))
        spans.append((m.start(), m.end()))
    for m in _MONEY_BARE.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        window = text[max(0, m.start() - 10) : m.end() + 4]
        if not _MONEY_CUE.search(window):
            continue
        value = parse_number(m.group("num") + m.group("big") + (m.group("tail") or ""))
        if value is not None and value > 0:
            out.append(Amount(m.group(0), value))
    return out
