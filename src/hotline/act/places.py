"""The home city's districts and streets, read from the gazetteer in `hotline.data/places/`.

Routing only needs canonical names (西湖区, 文新街道) to look up the local government unit
(属地); the gazetteer gives the aliases callers actually say ("文新", "下沙").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hotline.act.matcher import PhraseMatcher
from hotline.act.yamlmarks import load_text
from hotline.errors import HotlineError


@dataclass(frozen=True)
class Place:
    """Where the matter is, as far as the home city's jurisdiction goes."""

    district: str | None = None
    street: str | None = None
    said: str = ""  # the words in the text (or address fields) that decided it


@dataclass
class Gazetteer:
    province: str
    city: str
    districts: dict[str, str] = field(default_factory=dict)  # name -> code
    streets: dict[str, list[str]] = field(default_factory=dict)  # district -> street names
    _names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # said -> (district, street)
    _matcher: PhraseMatcher | None = None

    def resolve(self, district: str | None, street: str | None) -> Place:
        """Canonical district/street for names given by the details reader (aliases allowed)."""
        d = self._names.get(district or "", (None, None))[0] if district else None
        s_district, s_street = self._names.get(street or "", (None, None)) if street else (None, None)
        if s_street is not None and (d is None or d == s_district):
            return Place(s_district, s_street, street or "")
        return Place(d, None, district or "") if d else Place()

    def find(self, text: str) -> Place:
        """The first street (or else district) of the home city named in a free text."""
        if self._matcher is None:
            return Place()
        district: tuple[str, str] | None = None
        streets: list[tuple[str, str, str]] = []
        for m in self._matcher.find(text):
            d, s = self._names[m.phrase]
            if s is None:
                district = district or (d, m.phrase)
            else:
                streets.append((d, s, m.phrase))
        if district is not None:
            inside = [x for x in streets if x[0] == district[0]]
            if inside:
                d, s, said = inside[0]
                return Place(d, s, f"{district[1]}{said}" if said != district[1] else said)
            if not streets:
                return Place(district[0], None, district[1])
        if streets:
            d, s, said = streets[0]
            return Place(d, s, said)
        return Place()


def _build(data: Any, name: str) -> Gazetteer:
    if not isinstance(data, dict) or not isinstance(data.get("districts"), list):
        raise HotlineError("data_invalid", f"{name}：行政区划文件应包含 districts 列表")
    gz = Gazetteer(province=str(data.get("province", "")), city=str(data.get("city", "")))
    for dist in data["districts"]:
        dname = str(dist["name"])
        gz.districts[dname] = str(dist.get("code", ""))
        gz.streets[dname] = []
        for alias in [dname, *(dist.get("aliases") or [])]:
            gz._names.setdefault(str(alias), (dname, None))
        for street in dist.get("streets") or []:
            sname = str(street["name"])
            gz.streets[dname].append(sname)
            for alias in [sname, *(street.get("aliases") or [])]:
                gz._names.setdefault(str(alias), (dname, sname))
    gz._matcher = PhraseMatcher(n for n in gz._names if len(n) >= 2)
    return gz


@lru_cache(maxsize=4)
def home_gazetteer(city: str, catalogue_dir: str | None = None) -> Gazetteer | None:
    """The gazetteer whose `city` is the given city, or None when there is none for it.

    A centre's own `catalogue_dir/places/*.yaml` comes first, then the package's `places/`.
    """
    documents: list[tuple[str, str]] = []
    if catalogue_dir and (Path(catalogue_dir) / "places").is_dir():
        for path in sorted((Path(catalogue_dir) / "places").glob("*.yaml")):
            documents.append((str(path), path.read_text(encoding="utf-8")))
    base = resources.files("hotline.data").joinpath("places")
    if base.is_dir():
        for entry in sorted(base.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")):
                documents.append((f"places/{entry.name}", entry.read_text(encoding="utf-8")))
    for name, text in documents:
        data = load_text(text, name=name)
        if isinstance(data, dict) and data.get("city") == city:
            return _build(data, name)
    return None
