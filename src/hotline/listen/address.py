"""Read the caller's address: province / city / district / street / community / detail.

Bare district and street names resolve to the centre's home city first ("西湖区" is
Hangzhou's, not Nanchang's); places elsewhere resolve through the national list, keeping
the chain consistent ("南昌市西湖区"). When a text names several places, the most specific
consistent chain wins: "老家安徽的，现在住西湖区文新街道" gives 西湖区文新街道.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotline.analysis import Address
from hotline.listen.gazetteer import LEVEL_RANK, Gazetteer, Place
from hotline.listen.objects import road_name_ok

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A short name followed by these is a road, lake or landmark named after the place.
_NOT_PLACE_AFTER = re.compile(
    r"^(路|街(?!道)|大道|大街|巷|弄|桥|公园|景区|湖|山|江|站|机场|广场|大厦|中路|东路|西路|南路|北路|人(?!民)|小学|中学|大学|医院|幼儿园)"
)
_GAP_OK = re.compile(r"^[的省市区县\s]{0,2}$")
# Characters that end a name when walking left from a suffix such as 小区.
# 进/入 end it too: "孩子掉进小区", "刚搬进小区", "车开进小区" are movements, not a name.
_STOP = set(
    "，。！？；：、,.!?;: \t\n的在是住了到从给被把向说找叫去来我你他她们这那个就都也还又和跟与对有于进入"
)
# Words before 小区/路 that describe rather than name it ("隔壁小区", "老旧小区", "马路").
_NOT_A_NAME = re.compile(
    r"^(隔壁|对面|旁边|附近|周边|周围|整个|所在|居住|老旧|高档|新建|安置|回迁|拆迁|各个|每个|一个|这条|那条|一条|大家|咱|过|走|逛|沿|临|小|大|马|公|道|铁|水|出|思|网)$"
)
_COMMUNITY_STRONG = re.compile(r"社区|小区|新村|花园|家园|公寓|村(?![民委里口子庄头])")
_COMMUNITY_WEAK = re.compile(r"[苑府园庭邸湾城坊]|公馆|大厦|名苑|雅苑|嘉园|华庭|广场")
_NOT_COMMUNITY = frozenset(
    [
        "城中村",
        "农村",
        "乡村",
        "新农村",
        "本村",
        "全村",
        "邻村",
        "我村",
        "该村",
        "小区",
        "社区",
        "家园",
        "花园",
        "公寓",
        "新村",
        "我们村",
    ]
)
# Numbers are bounded (no building has a 5-digit number): an unbounded run made a long
# string of digits cost time quadratic in its length.
_BUILDING = re.compile(
    r"(?:(?:\d{1,4}|[一二三四五六七八九十]{1,4})(?:幢|栋|号楼|座|号院)"
    r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})?(?:单元)?"
    r"(?:\d{1,3}(?:楼|层))?(?:\d{1,5}(?:室|号)?)?)"
    r"|(?<![\d-])\d{1,2}-(?:\d{1,2}-)?\d{3,4}(?![\d-])(?:室)?"
)
_ROAD = re.compile(
    r"(?:路|大道|大街|街(?![道上边头坊])|巷|弄(?!堂)|胡同)(?:\d+号(?:院)?|[一二三四五六七八九十百]+号)?"
)
_STREET_GENERIC = re.compile(r"街道|镇|乡")
_SUBAREA = re.compile(r"[一二三四五六七八九十\d]{1,2}[区期]")


@dataclass
class _Chain:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    start: int = -1
    end: int = -1
    depth: int = -1
    home: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)

    def fits(self, p: Place) -> bool:
        if LEVEL_RANK[p.level] <= self.depth:
            return False
        if self.province and p.province != self.province:
            return False
        if self.city and p.level != "province" and p.city != self.city:
            return False
        return not (self.district and p.level in ("street", "community") and p.district != self.district)

    def take(self, p: Place, start: int, end: int) -> None:
        self.province = p.province
        if p.city:
            self.city = p.city
        if p.district:
            self.district = p.district
        if p.street:
            self.street = p.street
        if p.level == "community":
            self.community = p.name
        self.depth = LEVEL_RANK[p.level]
        self.home = self.home or p.home
        if self.start < 0:
            self.start = start
        self.end = end
        self.spans.append((start, end))


def _left_name(text: str, end: int, limit: int, floor: int, cjk_only: bool = False) -> int:
    """Walk left from `end` over name characters; return where the name starts."""
    i = end
    while i > max(floor, end - limit) and text[i - 1] not in _STOP:
        if cjk_only and not "\u4e00" <= text[i - 1] <= "\u9fff":
            break
        i -= 1
    return i


def _pick(cands: tuple[Place, ...], chain: _Chain | None) -> Place | None:
    fitting = [p for p in cands if chain is None or chain.fits(p)]
    if not fitting:
        return None
    home = [p for p in fitting if p.home]
    if home:
        return min(home, key=lambda p: LEVEL_RANK[p.level])
    if len(fitting) == 1:
        return fitting[0]
    # A bare name shared by several places (朝阳区): a municipality is the likelier reading.
    capital = [p for p in fitting if p.province in _MUNICIPALITIES]
    if len(capital) == 1:
        return capital[0]
    top = min(fitting, key=lambda p: LEVEL_RANK[p.level])
    if top.level in ("province", "city"):
        return top
    # Still ambiguous: keep only the name the caller said.
    return Place(
        top.level, top.name, province="", city=None, district=top.name if top.level == "district" else None
    )


def _chains(text: str, gaz: Gazetteer) -> list[_Chain]:
    chains: list[_Chain] = []
    current: _Chain | None = None
    for start, end, cands in gaz.scan(text):
        surface = text[start:end]
        if all(surface != p.name for p in cands) and _NOT_PLACE_AFTER.match(text[end : end + 3]):
            continue
        if current is not None and current.end >= 0 and not _GAP_OK.match(text[current.end : start]):
            # Far from the previous name: a new chain may start, but a consistent name still joins.
            place = _pick(cands, current)
            if place is not None and place.level in ("district", "street", "community"):
                current.take(place, start, end)
                continue
            chains.append(current)
            current = None
        place = _pick(cands, current)
        if place is None:
            if current is not None:
                chains.append(current)
            current = _Chain()
            place = _pick(cands, None)
            if place is None:
                continue
        if current is None:
            current = _Chain()
        if not place.province:
            current.district = place.district
            current.depth = LEVEL_RANK[place.level]
            current.start = start if current.start < 0 else current.start
            current.end = end
            continue
        current.take(place, start, end)
    if current is not None:
        chains.append(current)
    return chains


def _community(text: str, floor: int) -> tuple[str, int, int] | None:
    for m in _COMMUNITY_STRONG.finditer(text, floor):
        name_start = _left_name(text, m.start(), 8, floor)
        name = text[name_start : m.end()]
        stem = text[name_start : m.start()]
        if len(stem) >= 2 and name not in _NOT_COMMUNITY and not _NOT_A_NAME.match(stem):
            return name, name_start, m.end()
    for m in _COMMUNITY_WEAK.finditer(text, floor):
        # Weak endings (苑, 府, 园…) count only with a sub-area or building number after them:
        # "望京西园三区", "嘉绿苑3幢".
        end = m.end()
        sub = _SUBAREA.match(text, end)
        if sub is not None:
            end = sub.end()
        elif not _BUILDING.match(text, end):
            continue
        name_start = _left_name(text, m.start(), 7, floor)
        if m.start() - name_start >= 2:
            return text[name_start:end], name_start, end
    return None


def parse_address(text: str, gaz: Gazetteer) -> Address:
    """The caller's address in `text`, split into levels; empty when none is said."""
    chains = _chains(text, gaz)
    best = max(chains, key=lambda c: (c.depth, len(c.spans), -c.start), default=None)
    addr = Address()
    span_start, span_end = -1, -1
    floor = 0
    if best is not None and best.depth >= 0:
        addr.province = best.province or None
        addr.city = best.city
        addr.district = best.district
        addr.street = best.street
        addr.community = best.community
        span_start, span_end = best.start, best.end
        floor = best.end
        if best.street is None and best.district:
            # A street this gazetteer does not know: "XX街道" / "XX镇" right after the district.
            m = _STREET_GENERIC.search(text, best.end, best.end + 8)
            if m and not best.home:
                start = _left_name(text, m.start(), 5, best.end)
                if m.start() - start >= 2:
                    addr.street = text[start : m.end()]
                    span_end = floor = m.end()
    if addr.community is None:
        found = _community(text, floor if floor and floor < len(text) else 0)
        if found is None and floor:
            found = _community(text, 0)
        if found is not None:
            addr.community = found[0]
            span_start = found[1] if span_start < 0 else min(span_start, found[1])
            span_end = max(span_end, found[2])
            floor = found[2]
    building = _BUILDING.search(text, floor)
    if building is not None and (floor == 0 or building.start() - floor <= 6):
        addr.detail = building.group(0)
        span_end = max(span_end, building.end())
        span_start = building.start() if span_start < 0 else span_start
    elif addr.community is None:
        road = _ROAD.search(text, floor)
        while road is not None:
            start = _left_name(text, road.start(), 6, floor, cjk_only=True)
            stem = text[start : road.start()]
            if road_name_ok(stem) and not _NOT_A_NAME.match(stem):
                addr.detail = text[start : road.end()]
                span_start = start if span_start < 0 else span_start
                span_end = max(span_end, road.end())
                break
            road = _ROAD.search(text, road.end())
    if span_start >= 0 and not addr.is_empty():
        addr.text = text[span_start:span_end]
    return addr
