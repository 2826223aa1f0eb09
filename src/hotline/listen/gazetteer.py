"""Place names the address reader knows: the home city's gazetteer plus China's provinces,
cities and counties.

The home city file (`data/places/<city>.yaml`, or the centre's own `catalogue_dir/places/`)
lists districts, streets/townships and a few communities with their short names; it wins
over everything else. The rest of the country comes from cpca's `adcodes.csv`, read with the
csv module (importing cpca would pull in pandas). The index maps each surface form to its
candidate places, and `scan()` finds them in a text with dictionary lookups (longest first),
which is much faster than a regex with thousands of alternatives.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from hotline.errors import HotlineError

Level = Literal["province", "city", "district", "street", "community"]
LEVEL_RANK: dict[str, int] = {"province": 0, "city": 1, "district": 2, "street": 3, "community": 4}

_PROVINCE_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_CITY_SUFFIXES = ("自治州", "地区", "市", "盟")
# Short city names that are everyday words or famous things more often than cities.
_AMBIGUOUS_SHORT = frozenset(
    [
        "来宾",
        "开封",
        "中山",
        "白山",
        "大同",
        "安康",
        "普洱",
        "白银",
        "玉树",
        "阿里",
        "大理",
        "红河",
        "怒江",
        "海东",
        "海北",
        "海西",
        "黄南",
        "山南",
        "吉安",
        "长治",
        "定西",
        "文山",
        "昌都",
        "那曲",
        "果洛",
        "德宏",
        "迪庆",
        "临沧",
        "保山",
        "三明",
        "天门",
        "仙桃",
        "潜江",
        "东方",
        "文昌",
        "万宁",
        "五指山",
        "北屯",
        "新星",
        "双河",
        "铁门关",
        "胡杨河",
        "昆玉",
        "可克达拉",
        "白沙",
        "屯昌",
        "乐东",
        "陵水",
        "保亭",
        "琼中",
        "临高",
        "定安",
        "澄迈",
        "昌江",
        "南平",
        "宁德",
        "通化",
        "抚顺",
        "本溪",
        "锦州",
        "辽源",
        "白城",
        "松原",
        "鹤岗",
        "七台河",
        "黑河",
        "伊春",
        "鸡西",
        "双鸭山",
        "济源",
        "三沙",
        "林芝",
        "吴忠",
        "中卫",
        "固原",
        "金昌",
        "武威",
        "张掖",
        "酒泉",
        "平凉",
        "庆阳",
        "陇南",
        "甘南",
        "临夏",
        "阳江",
        "云浮",
        "江门",
        "东莞",
        "铜仁",
        "安顺",
        "六盘水",
        "毕节",
        "遵义",
        "黔南",
        "钦州",
        "北海",
        "防城港",
        "玉林",
        "百色",
        "贺州",
        "河池",
        "崇左",
        "梧州",
        "贵港",
        "随州",
        "荆门",
        "荆州",
        "黄石",
        "十堰",
        "鄂州",
        "孝感",
        "咸宁",
        "恩施",
        "萍乡",
        "新余",
        "鹰潭",
        "宜春",
        "上饶",
        "抚州",
        "景德镇",
    ]
)


@dataclass(frozen=True)
class Place:
    """One administrative place, with the chain above it."""

    level: Level
    name: str
    province: str
    city: str | None = None
    district: str | None = None
    street: str | None = None
    code: str = ""
    home: bool = False  # from the centre's own gazetteer


@dataclass
class Gazetteer:
    province: str
    city: str
    names: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(
        default_factory=dict
    )  # first character → name lengths, longest first
    source: str = ""

    def add(self, surface: str, place: Place) -> None:
        if len(surface) < 2:
            return
        current = self.names.get(surface, ())
        if place in current:
            return
        self.names[surface] = (*current, place)
        known = set(self.lengths.get(surface[0], ()))
        known.add(len(surface))
        self.lengths[surface[0]] = tuple(sorted(known, reverse=True))

    def scan(self, text: str) -> list[tuple[int, int, tuple[Place, ...]]]:
        """Place names in `text` as (start, end, candidates), longest match first, no overlaps."""
        out: list[tuple[int, int, tuple[Place, ...]]] = []
        names, lengths = self.names, self.lengths
        i, n = 0, len(text)
        while i < n:
            step = 1
            for length in lengths.get(text[i], ()):
                found = names.get(text[i : i + length]) if i + length <= n else None
                if found:
                    out.append((i, i + length, found))
                    step = length
                    break
            i += step
        return out


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _adcodes_path() -> Path | None:
    # find_spec on a top-level package locates it without running its __init__ (which imports pandas).
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.exists() else None


def _load_country(gaz: Gazetteer, skip_city_code: str) -> None:
    path = _adcodes_path()
    if path is None:
        return
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    provinces: dict[str, str] = {}
    cities: dict[str, str] = {}
    for code, name in rows:
        if code[2:] == "0" * 10:
            provinces[code[:2]] = name
    for code, name in rows:
        if code[4:] == "0" * 8 and code[2:4] != "00" and name not in ("市辖区", "县", "省直辖县级行政区划"):
            cities[code[:4]] = name
    for code, name in sorted(rows):
        province = provinces.get(code[:2])
        if province is None or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        if code[2:] == "0" * 10:
            place = Place("province", name, name, code=code[:6])
            gaz.add(name, place)
            gaz.add(_short(name, _PROVINCE_SUFFIXES), place)
            if name in ("北京市", "天津市", "上海市", "重庆市"):
                # A municipality is its own city.
                city_place = Place("city", name, name, name, code=code[:6])
                gaz.add(name, city_place)
        elif code[4:] == "0" * 8:
            place = Place("city", name, province, name, code=code[:6])
            gaz.add(name, place)
            short = _short(name, _CITY_SUFFIXES)
            if short not in _AMBIGUOUS_SHORT:
                gaz.add(short, place)
        elif code[6:] == "0" * 6:
            if code[:4] == skip_city_code and name in gaz.names:
                continue  # the home gazetteer already knows it
            city = cities.get(code[:4])
            if city is None or code[2:4] == "90":
                city = province if province in ("北京市", "天津市", "上海市", "重庆市") else name
            gaz.add(name, Place("district", name, province, city, name, code=code[:6]))


def _need(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry or entry[key] in (None, ""):
        raise HotlineError("bad_places", f"地名表 {where} 缺少字段 {key}")
    return entry[key]


def _load_home(gaz: Gazetteer, doc: dict[str, Any], where: str) -> None:
    province, city = doc["province"], doc["city"]
    gaz.add(province, Place("province", province, province, home=True))
    gaz.add(_short(province, _PROVINCE_SUFFIXES), Place("province", province, province, home=True))
    city_place = Place("city", city, province, city, home=True)
    gaz.add(city, city_place)
    gaz.add(_short(city, _CITY_SUFFIXES), city_place)
    districts = _need(doc, "districts", where)
    if not isinstance(districts, list) or not districts:
        raise HotlineError("bad_places", f"地名表 {where} 的 districts 应为非空列表")
    for d in districts:
        dname = str(_need(d, "name", where))
        code = str(d.get("code") or "")
        dplace = Place("district", dname, province, city, dname, code=code, home=True)
        gaz.add(dname, dplace)
        for alias in d.get("aliases") or []:
            gaz.add(str(alias), dplace)
        for s in d.get("streets") or []:
            if not isinstance(s, dict):
                raise HotlineError("bad_places", f"地名表 {where} 中 {dname} 的街道条目格式不对：{s!r}")
            sname = str(_need(s, "name", f"{where} › {dname}"))
            splace = Place("street", sname, province, city, dname, sname, code=code, home=True)
            gaz.add(sname, splace)
            for alias in s.get("aliases") or []:
                gaz.add(str(alias), splace)
            for c in s.get("communities") or []:
                cname = str(c)
                cplace = Place("community", cname, province, city, dname, sname, code=code, home=True)
                gaz.add(cname, cplace)
                for suffix in ("社区", "村"):
                    if cname.endswith(suffix) and len(cname) - len(suffix) >= 3:
                        gaz.add(cname[: -len(suffix)], cplace)


def _home_documents(catalogue_dir: Path | None) -> list[tuple[str, dict[str, Any]]]:
    docs: list[tuple[str, dict[str, Any]]] = []
    if catalogue_dir is not None and (catalogue_dir / "places").is_dir():
        for path in sorted((catalogue_dir / "places").glob("*.yaml")):
            docs.append((str(path), yaml.safe_load(path.read_text(encoding="utf-8")) or {}))
    else:
        folder = resources.files("hotline.data").joinpath("places")
        for item in sorted(folder.iterdir(), key=lambda t: t.name):
            if item.name.endswith(".yaml"):
                docs.append((f"places/{item.name}", yaml.safe_load(item.read_text(encoding="utf-8")) or {}))
    return docs


@lru_cache(maxsize=4)
def gazetteer(province: str, city: str, catalogue_dir: Path | None = None) -> Gazetteer:
    """The place index for a centre whose home is `province`/`city` (cached)."""
    gaz = Gazetteer(province=province, city=city)
    home_code = ""
    for where, doc in _home_documents(catalogue_dir):
        if not isinstance(doc, dict):
            raise HotlineError("bad_places", f"地名表 {where} 的内容应为映射（province、city、districts）")
        if doc.get("city") == city and doc.get("province", province) == province:
            _need(doc, "province", where)
            _load_home(gaz, doc, where)
            gaz.source = str(doc.get("source") or where)
            codes = [str(d.get("code") or "") for d in doc["districts"]]
            home_code = next((c[:4] for c in codes if len(c) >= 4), "")
    _load_country(gaz, home_code)
    return gaz
