"""Units and the responsibility catalogue (权责清单): who leads which category, and where.

A catalogue is a folder of YAML files (see `hotline.data/catalogue/`), each with one or more
top-level sections:

- `units:` the handling units in a hierarchy (市政府 › 部门 / 区县政府 › 街道办事处/乡镇政府,
  plus public utilities); street and district units carry the area they answer for (属地);
- `categories:` the category tree, level-1 › level-2 › [level-3];
- `rules:` category + optional keywords and appeal kinds → lead unit, co-handling units, level.

Everything is validated at load; each problem names the file and line. `check_catalogue()` is
what `hotline units check` runs; `default_catalogue()` is the cached catalogue routing uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from hotline.act.matcher import PhraseMatcher
from hotline.act.yamlmarks import MarkedDict, MarkedList, Problem, fail_on, load_file, load_text
from hotline.analysis import APPEAL_KIND_ZH, APPEAL_KINDS
from hotline.errors import HotlineError

UnitKind = Literal["city", "department", "district", "street", "utility"]
UNIT_KINDS: tuple[str, ...] = ("city", "department", "district", "street", "utility")
UNIT_KIND_ZH = {
    "city": "市政府",
    "department": "部门",
    "district": "区县政府",
    "street": "街道/乡镇",
    "utility": "公共服务企业",
}
Level = Literal["city", "district", "street"]
LEVELS: tuple[str, ...] = ("city", "district", "street")
LEVEL_ZH = {"city": "市级部门主办", "district": "属地区县主办", "street": "属地街道/乡镇主办"}

# The level-1 categories the category classifier predicts; each needs a fallback rule.
CLASSIFIER_CATEGORIES: tuple[str, ...] = (
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "商贸旅游",
    "卫生计生",
    "环境保护",
    "交通运输",
)
_KIND_BY_ZH = {zh: code for code, zh in APPEAL_KIND_ZH.items()}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None = None
    hotline: str | None = None
    contact: str | None = None
    district: str | None = None  # the district a district government answers for
    street: str | None = None  # the street/township a street office answers for
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    category: tuple[str, ...]  # level-1, level-2, level-3 (1 to 3 parts)
    keywords: tuple[str, ...]
    kinds: tuple[str, ...]
    lead: str
    co: tuple[str, ...]
    level: str
    basis: str = ""
    file: str = ""
    line: int = 0

    @property
    def level1(self) -> str:
        return self.category[0]

    @property
    def subcategory(self) -> str | None:
        return "/".join(self.category[1:]) or None

    @property
    def path(self) -> str:
        return "/".join(self.category)


@dataclass
class Catalogue:
    units: dict[str, Unit] = field(default_factory=dict)
    categories: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Derived at build time for fast routing.
    defaults: dict[str, Rule] = field(default_factory=dict)
    by_keyword: dict[str, list[Rule]] = field(default_factory=dict)
    matcher: PhraseMatcher = field(default_factory=lambda: PhraseMatcher(()))
    district_units: dict[str, str] = field(default_factory=dict)  # district name -> unit code
    street_units: dict[tuple[str, str], str] = field(default_factory=dict)  # (district, street) -> code

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def district_of(self, unit: Unit) -> str | None:
        if unit.kind == "district":
            return unit.district
        if unit.kind == "street" and unit.parent:
            return self.units[unit.parent].district
        return None

    def local_unit(self, district: str | None, street: str | None) -> Unit | None:
        """The local government unit (属地) for a district/street of the home city."""
        if district and street and (code := self.street_units.get((district, street))):
            return self.units[code]
        if district and (code := self.district_units.get(district)):
            return self.units[code]
        return None

    def has_category(self, path: tuple[str, ...]) -> bool:
        tree = self.categories
        if not path or path[0] not in tree:
            return False
        if len(path) == 1:
            return True
        level2 = tree[path[0]]
        if path[1] not in level2:
            return False
        return len(path) == 2 or (len(path) == 3 and path[2] in level2[path[1]])

    def summary(self) -> dict[str, Any]:
        kinds = Counter(u.kind for u in self.units.values())
        return {
            "units": len(self.units),
            "unit_kinds": {UNIT_KIND_ZH[k]: kinds.get(k, 0) for k in UNIT_KINDS},
            "categories": len(self.categories),
            "subcategories": sum(len(v) for v in self.categories.values()),
            "rules": len(self.rules),
            "keywords": sum(len(r.keywords) for r in self.rules),
            "districts": len(self.district_units),
            "streets": len(self.street_units),
            "sources": list(self.sources),
        }


# ---------------------------------------------------------------- reading


@dataclass
class _Sections:
    units: list[tuple[str, MarkedDict]] = field(default_factory=list)
    categories: list[tuple[str, MarkedDict]] = field(default_factory=list)
    rules: list[tuple[str, MarkedDict]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


_SECTIONS = ("units", "categories", "rules")
_OTHER_SECTIONS = ("legal_channels", "escalation")  # read by legal.py / escalation.py


def _collect(name: str, data: Any, out: _Sections, problems: list[Problem]) -> None:
    if data is None:
        return
    if not isinstance(data, MarkedDict):
        problems.append(Problem(name, 1, "文件顶层应为映射，包含 units / categories / rules 之一"))
        return
    out.files.append(name)
    for key in data:
        if key not in _SECTIONS and key not in _OTHER_SECTIONS:
            allowed = "、".join(_SECTIONS)
            problems.append(Problem(name, data.line_of(key), f"未知的顶层字段 {key}（应为 {allowed}）"))
    for section in ("units", "rules"):
        if section in data:
            items = data[section]
            if not isinstance(items, MarkedList):
                problems.append(Problem(name, data.line_of(section), f"{section} 应为列表"))
                continue
            for i, item in enumerate(items):
                if not isinstance(item, MarkedDict):
                    problems.append(Problem(name, items.line_at(i), f"{section} 的每一项应为映射"))
                    continue
                getattr(out, section).append((name, item))
    if "categories" in data:
        cats = data["categories"]
        if not isinstance(cats, MarkedDict):
            problems.append(
                Problem(name, data.line_of("categories"), "categories 应为映射：一级 › 二级 › [三级]")
            )
        else:
            out.categories.append((name, cats))


def _str(
    item: MarkedDict, key: str, name: str, problems: list[Problem], *, required: bool = True
) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            problems.append(Problem(name, item.line, f"缺少字段 {key}"))
        return None
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
        problems.append(Problem(name, item.line_of(key), f"字段 {key} 应为非空文本"))
        return None
    return str(value).strip()


def _str_list(item: MarkedDict, key: str, name: str, problems: list[Problem]) -> list[tuple[str, int]]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, MarkedList):
        problems.append(Problem(name, item.line_of(key), f"字段 {key} 应为列表"))
        return []
    out: list[tuple[str, int]] = []
    for i, v in enumerate(value):
        if not isinstance(v, str | int) or isinstance(v, bool) or str(v).strip() == "":
            problems.append(Problem(name, value.line_at(i), f"{key} 的第 {i + 1} 项应为非空文本"))
            continue
        out.append((str(v).strip(), value.line_at(i)))
    return out


def _read_units(sections: _Sections, problems: list[Problem]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, item in sections.units:
        code = _str(item, "code", name, problems)
        uname = _str(item, "name", name, problems)
        kind = _str(item, "kind", name, problems)
        if code is None or uname is None or kind is None:
            continue
        if kind not in UNIT_KINDS:
            problems.append(
                Problem(
                    name,
                    item.line_of("kind"),
                    f"单位 {code} 的类别 {kind} 无效（应为 {'、'.join(UNIT_KINDS)}）",
                )
            )
            continue
        unit = Unit(
            code=code,
            name=uname,
            kind=kind,
            parent=_str(item, "parent", name, problems, required=False),
            hotline=_str(item, "hotline", name, problems, required=False),
            contact=_str(item, "contact", name, problems, required=False),
            district=_str(item, "district", name, problems, required=kind == "district"),
            street=_str(item, "street", name, problems, required=kind == "street"),
            file=name,
            line=item.line_of("code"),
        )
        if code in units:
            first = units[code]
            problems.append(
                Problem(name, unit.line, f"单位代码 {code} 重复（已在 {first.file} 第 {first.line} 行定义）")
            )
            continue
        units[code] = unit
    return units


def _check_hierarchy(units: dict[str, Unit], problems: list[Problem]) -> None:
    for unit in units.values():
        if unit.parent is None:
            continue
        if unit.parent not in units:
            problems.append(
                Problem(unit.file, unit.line, f"单位 {unit.code} 的上级单位代码 {unit.parent} 不存在")
            )
        elif unit.parent == unit.code:
            problems.append(Problem(unit.file, unit.line, f"单位 {unit.code} 的上级是它自己"))
        elif unit.kind == "street" and units[unit.parent].kind != "district":
            problems.append(
                Problem(
                    unit.file, unit.line, f"街道/乡镇 {unit.code} 的上级应为区县政府，而不是 {unit.parent}"
                )
            )
    reported: set[str] = set()
    for start in units.values():
        seen: list[str] = []
        code: str | None = start.code
        while code is not None and code in units and code not in seen:
            seen.append(code)
            code = units[code].parent
        if code is not None and code in seen and code not in reported:
            loop = seen[seen.index(code) :]
            reported.update(loop)
            first = units[code]
            chain = " → ".join([*loop, code])
            problems.append(Problem(first.file, first.line, f"单位上下级形成循环：{chain}"))


def _read_categories(sections: _Sections, problems: list[Problem]) -> dict[str, dict[str, tuple[str, ...]]]:
    tree: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, cats in sections.categories:
        for level1, sub in cats.items():
            line = cats.line_of(level1)
            if level1 in tree:
                problems.append(Problem(name, line, f"一级分类 {level1} 重复"))
                continue
            if not isinstance(sub, MarkedDict):
                problems.append(Problem(name, line, f"一级分类 {level1} 下应为二级分类的映射"))
                continue
            level2s: dict[str, tuple[str, ...]] = {}
            for level2, leaves in sub.items():
                if leaves is None:
                    level2s[level2] = ()
                elif isinstance(leaves, MarkedList) and all(isinstance(x, str) for x in leaves):
                    level2s[level2] = tuple(leaves)
                else:
                    problems.append(
                        Problem(name, sub.line_of(level2), f"二级分类 {level2} 下应为三级分类名称的列表")
                    )
            tree[level1] = level2s
    return tree


def _read_rules(
    sections: _Sections, units: dict[str, Unit], cat: Catalogue, problems: list[Problem]
) -> list[Rule]:
    rules: list[Rule] = []
    ids: dict[str, tuple[str, int]] = {}
    for name, item in sections.rules:
        rid = _str(item, "id", name, problems)
        path = _str(item, "category", name, problems)
        lead = _str(item, "lead", name, problems)
        level = _str(item, "level", name, problems, required=False) or "city"
        if rid is None or path is None or lead is None:
            continue
        if rid in ids:
            f, ln = ids[rid]
            problems.append(Problem(name, item.line_of("id"), f"规则编号 {rid} 重复（已在 {f} 第 {ln} 行）"))
            continue
        ids[rid] = (name, item.line_of("id"))
        category = tuple(p.strip() for p in path.split("/") if p.strip())
        if cat.categories and not cat.has_category(category):
            problems.append(Problem(name, item.line_of("category"), f"规则 {rid} 的分类 {path} 不在分类树中"))
        if level not in LEVELS:
            problems.append(
                Problem(
                    name,
                    item.line_of("level"),
                    f"规则 {rid} 的层级 {level} 无效（应为 city、district 或 street）",
                )
            )
        refs = [(lead, item.line_of("lead"), "主办")]
        refs += [(c, ln, "协办") for c, ln in _str_list(item, "co", name, problems)]
        for code, ln, role in refs:
            if code not in units:
                problems.append(Problem(name, ln, f"规则 {rid} 的{role}单位代码 {code} 不存在"))
        if lead in units and units[lead].kind == "street":
            problems.append(
                Problem(
                    name,
                    item.line_of("lead"),
                    f"规则 {rid} 的主办应为市级部门或企业；街道由 level: street 按属地确定",
                )
            )
        keywords = []
        for kw, ln in _str_list(item, "keywords", name, problems):
            if len(kw) < 2:
                problems.append(Problem(name, ln, f"规则 {rid} 的关键词 {kw!r} 太短（至少两个字）"))
            else:
                keywords.append(kw)
        kinds = []
        for kind, ln in _str_list(item, "kinds", name, problems):
            code = _KIND_BY_ZH.get(kind, kind)
            if code not in APPEAL_KINDS:
                problems.append(Problem(name, ln, f"规则 {rid} 的诉求类型 {kind} 无效"))
            else:
                kinds.append(code)
        rules.append(
            Rule(
                id=rid,
                category=category,
                keywords=tuple(keywords),
                kinds=tuple(kinds),
                lead=lead,
                co=tuple(c for c, _, role in refs if role == "协办"),
                level=level,
                basis=_str(item, "basis", name, problems, required=False) or "",
                file=name,
                line=item.line_of("id"),
            )
        )
    return rules


def build(sections: _Sections, *, fallback: _Sections | None = None) -> tuple[Catalogue, list[Problem]]:
    """Validate the collected sections; return the catalogue and every problem found."""
    problems: list[Problem] = []
    used: list[str] = []
    if fallback is not None:
        for section in _SECTIONS:
            if not getattr(sections, section):
                setattr(sections, section, getattr(fallback, section))
                used.append(section)
    cat = Catalogue(sources=list(sections.files) + [f"内置示范目录（{s}）" for s in used])
    cat.units = _read_units(sections, problems)
    _check_hierarchy(cat.units, problems)
    cat.categories = _read_categories(sections, problems)
    cat.rules = _read_rules(sections, cat.units, cat, problems)
    if not cat.units:
        problems.append(
            Problem(sections.files[0] if sections.files else "(目录)", 1, "没有任何承办单位（units）")
        )
    for rule in cat.rules:
        if not rule.keywords and not rule.kinds:
            if rule.level1 in cat.defaults:
                first = cat.defaults[rule.level1]
                problems.append(
                    Problem(
                        rule.file,
                        rule.line,
                        f"一级分类 {rule.level1} 已有兜底规则 {first.id}（第 {first.line} 行）",
                    )
                )
            else:
                cat.defaults[rule.level1] = rule
        for kw in rule.keywords:
            cat.by_keyword.setdefault(kw, []).append(rule)
    if cat.rules or fallback is not None:
        missing = [c for c in CLASSIFIER_CATEGORIES if c not in cat.defaults]
        if missing:
            where = sections.rules[0][0] if sections.rules else "(目录)"
            problems.append(
                Problem(
                    where,
                    1,
                    f"缺少一级分类 {'、'.join(missing)} 的兜底规则（不写关键词、不限诉求类型的规则）",
                )
            )
    cat.matcher = PhraseMatcher(cat.by_keyword)
    for unit in cat.units.values():
        if unit.kind == "district" and unit.district:
            cat.district_units[unit.district] = unit.code
    for unit in cat.units.values():
        if unit.kind == "street" and unit.street and unit.parent in cat.units:
            district = cat.units[unit.parent].district
            if district:
                cat.street_units[(district, unit.street)] = unit.code
    return cat, problems


def _read_path(path: Path, problems: list[Problem]) -> _Sections:
    sections = _Sections()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            problems.append(Problem(str(path), 1, "目录中没有 .yaml 文件"))
    elif path.is_file():
        files = [path]
    else:
        raise HotlineError("not_found", f"找不到目录或文件：{path}", status=404)
    for f in files:
        try:
            data = load_file(f)
        except HotlineError as err:
            problems.append(Problem(str(f), int(err.details.get("line", 1)), err.message.split("：", 1)[-1]))
            continue
        _collect(str(f), data, sections, problems)
    return sections


def _builtin_sections() -> _Sections:
    sections = _Sections()
    problems: list[Problem] = []
    base = resources.files("hotline.data").joinpath("catalogue")
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            name = f"catalogue/{entry.name}"
            _collect(name, load_text(entry.read_text(encoding="utf-8"), name=name), sections, problems)
    fail_on(problems, code="catalogue_invalid")
    return sections


@dataclass
class CheckReport:
    catalogue: Catalogue
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_catalogue(path: Path) -> CheckReport:
    """Validate a catalogue folder or single file; sections it lacks come from the built-in one.

    A file with only `rules:` is thereby checked against the demonstration units and categories.
    """
    problems: list[Problem] = []
    sections = _read_path(path, problems)
    fallback = _builtin_sections() if any(not getattr(sections, s) for s in _SECTIONS) else None
    cat, more = build(sections, fallback=fallback)
    problems += more
    if path.is_dir():
        problems += _check_side_files(path, cat)
    return CheckReport(cat, problems)


def _check_side_files(folder: Path, cat: Catalogue) -> list[Problem]:
    """Validate legal.yaml and escalation.yaml when the folder has its own."""
    from hotline.act.escalation import FILE as ESCALATION_FILE
    from hotline.act.escalation import parse_cues
    from hotline.act.legal import FILE as LEGAL_FILE
    from hotline.act.legal import parse_channels

    problems: list[Problem] = []
    legal = folder / LEGAL_FILE
    if legal.is_file():
        try:
            for channel in parse_channels(load_file(legal), name=str(legal)):
                if channel.unit and channel.unit not in cat.units:
                    problems.append(
                        Problem(str(legal), 1, f"法定途径 {channel.id} 的受理单位代码 {channel.unit} 不存在")
                    )
        except HotlineError as err:
            problems.extend(_as_problems(err, str(legal)))
    escalation = folder / ESCALATION_FILE
    if escalation.is_file():
        try:
            parse_cues(load_file(escalation), name=str(escalation))
        except HotlineError as err:
            problems.extend(_as_problems(err, str(escalation)))
    return problems


def _as_problems(err: HotlineError, name: str) -> list[Problem]:
    listed = err.details.get("problems")
    if isinstance(listed, list) and listed:
        return [Problem(p["file"], int(p["line"]), p["message"]) for p in listed]
    return [Problem(name, int(err.details.get("line", 1)), err.message)]


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue at `path` (a folder), or the built-in demonstration one; raises when invalid."""
    if path is None:
        cat, problems = build(_builtin_sections())
    else:
        report = check_catalogue(path)
        cat, problems = report.catalogue, report.problems
    fail_on(problems, code="catalogue_invalid")
    return cat


@lru_cache(maxsize=4)
def _cached(path: str | None) -> Catalogue:
    return load_catalogue(Path(path) if path else None)


def default_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue routing uses (cached): `settings.catalogue_dir` when set, else the built-in."""
    return _cached(str(path) if path else None)
