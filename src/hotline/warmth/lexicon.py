"""The lint lexicons (vague words, buck-passing, impatience, the four moves), loaded once from YAML.

Each entry is compiled on its own into a `PatternSet`, which runs a regex only when the text holds
a character its match can start with. Loading validates every entry and stops with a Chinese
message naming the file and entry at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hotline.errors import HotlineError
from hotline.warmth.patterns import AnyOf, PatternSet

VAGUE_TYPES = ("hedge", "time", "extent", "approx", "unit")
REWRITE_MODES = ("drop", "time", "bound")
UNIT_GROUP = "unit"
# The C loader parses the lexicons about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name: str) -> Any:
    """Read `hotline/data/warmth/<name>` from the installed package."""
    path = resources.files("hotline.data").joinpath("warmth", name)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError as exc:
        raise HotlineError("warmth_data_missing", f"缺少数据文件 warmth/{name}") from exc
    except yaml.YAMLError as exc:
        raise HotlineError("warmth_data_invalid", f"数据文件 warmth/{name} 不是合法的 YAML：{exc}") from exc


def _bad(file: str, where: str, why: str) -> HotlineError:
    return HotlineError("warmth_data_invalid", f"数据文件 warmth/{file} 的 {where} 有误：{why}")


def _compile(pattern: str, file: str, where: str, *, allow_unit: bool = False) -> re.Pattern[str]:
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise _bad(file, where, f"正则表达式无法编译（{exc}）") from exc
    allowed = {UNIT_GROUP} if allow_unit else set()
    if rx.groups != len(set(rx.groupindex) & allowed):
        # Other capturing groups have no meaning here and would hide the unit group.
        raise _bad(
            file, where, "正则里只能用非捕获组 (?:...)" + ("，或一个 (?P<unit>...)" if allow_unit else "")
        )
    return rx


def _text(value: Any, file: str, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _bad(file, where, "应为非空文字")
    return value


@dataclass(frozen=True)
class VagueEntry:
    word: str
    type: str
    label: str  # Chinese name of the type, for reports
    exclude: tuple[tuple[int, str], ...]  # (offset of the word inside the phrase, phrase)
    skip_if_time: bool
    rewrite: str  # "drop", "time", "bound", or literal replacement text
    advice: str


@dataclass(frozen=True)
class Phrase:
    name: str
    suggestion: str


@dataclass(frozen=True)
class Lexicon:
    vague: tuple[VagueEntry, ...]
    vague_set: PatternSet  # pattern i belongs to vague[i]
    buck: tuple[Phrase, ...]
    buck_set: PatternSet
    buck_with_unit: str
    buck_without_unit: str
    impatience: tuple[Phrase, ...]
    impatience_set: PatternSet
    moves: dict[str, AnyOf]  # restatement, acceptance, responsibility
    times: AnyOf
    actions: AnyOf


def _load_vague(data: Any) -> tuple[tuple[VagueEntry, ...], PatternSet]:
    file = "vague.yaml"
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise _bad(file, "顶层", "应有 types 与 entries 两部分")
    types: dict[str, dict[str, str]] = {}
    for name in VAGUE_TYPES:
        spec = data["types"].get(name)
        if not isinstance(spec, dict):
            raise _bad(file, f"types.{name}", "缺少这一类的说明")
        types[name] = {
            "label": _text(spec.get("label"), file, f"types.{name}.label"),
            "rewrite": _text(spec.get("rewrite"), file, f"types.{name}.rewrite"),
            "advice": _text(spec.get("advice"), file, f"types.{name}.advice"),
        }
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise _bad(file, "entries", "应为非空列表")
    entries: list[VagueEntry] = []
    patterns: list[str] = []
    for i, raw in enumerate(raw_entries):
        where = f"第 {i + 1} 条"
        if not isinstance(raw, dict):
            raise _bad(file, where, "应为映射（word: …）")
        word = _text(raw.get("word"), file, f"{where}.word")
        where = f"第 {i + 1} 条（{word}）"
        kind = raw.get("type")
        if kind not in VAGUE_TYPES:
            raise _bad(file, where, f"type 应为 {'、'.join(VAGUE_TYPES)} 之一")
        pattern = raw.get("pattern") or re.escape(word)
        _compile(pattern, file, where)
        exclude: list[tuple[int, str]] = []
        for phrase in raw.get("exclude") or []:
            # The excluded phrase is matched around the hit: find where the matched word sits in it.
            if not isinstance(phrase, str):
                raise _bad(file, where, "exclude 应为文字列表")
            found = re.search(pattern, phrase)
            offset = found.start() if found else phrase.find(word)
            if offset < 0:
                raise _bad(file, where, f"exclude 里的“{phrase}”不含本词，不起作用")
            exclude.append((offset, phrase))
        entries.append(
            VagueEntry(
                word=word,
                type=kind,
                label=types[kind]["label"],
                exclude=tuple(exclude),
                skip_if_time=bool(raw.get("skip_if_time", False)),
                rewrite=_text(raw.get("rewrite"), file, f"{where}.rewrite", required=False)
                or types[kind]["rewrite"],
                advice=_text(raw.get("advice"), file, f"{where}.advice", required=False)
                or types[kind]["advice"],
            )
        )
        patterns.append(pattern)
    return tuple(entries), PatternSet.build(patterns)


def _load_phrases(file: str, data: Any, *, allow_unit: bool) -> tuple[tuple[Phrase, ...], PatternSet]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or not data["entries"]:
        raise _bad(file, "entries", "应为非空列表")
    phrases: list[Phrase] = []
    patterns: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["entries"]):
        where = f"第 {i + 1} 条"
        if not isinstance(raw, dict):
            raise _bad(file, where, "应为映射（name: …）")
        name = _text(raw.get("name"), file, f"{where}.name")
        if name in seen:
            raise _bad(file, where, f"name “{name}”重复")
        seen.add(name)
        pattern = _text(raw.get("pattern"), file, f"{where}.pattern")
        _compile(pattern, file, f"{where}（{name}）", allow_unit=allow_unit)
        suggestion = _text(raw.get("suggestion"), file, f"{where}.suggestion", required=allow_unit is False)
        phrases.append(Phrase(name=name, suggestion=suggestion))
        patterns.append(pattern)
    return tuple(phrases), PatternSet.build(patterns)


def _load_moves(data: Any) -> tuple[dict[str, AnyOf], AnyOf, AnyOf]:
    file = "moves.yaml"
    if not isinstance(data, dict):
        raise _bad(file, "顶层", "应为映射")
    moves: dict[str, AnyOf] = {}
    for move in ("restatement", "acceptance", "responsibility"):
        moves[move] = _pattern_list(data.get(move), file, move)
    commit = data.get("commitment")
    if not isinstance(commit, dict):
        raise _bad(file, "commitment", "应有 times 与 actions 两个正则列表")
    times = _pattern_list(commit.get("times"), file, "commitment.times")
    actions = _pattern_list(commit.get("actions"), file, "commitment.actions")
    return moves, times, actions


def _pattern_list(pats: Any, file: str, where: str) -> AnyOf:
    if isinstance(pats, str):
        pats = [pats]
    if not isinstance(pats, list) or not pats:
        raise _bad(file, where, "应为非空的正则列表")
    for j, p in enumerate(pats):
        _compile(_text(p, file, f"{where} 第 {j + 1} 条"), file, f"{where} 第 {j + 1} 条")
    return AnyOf.build(pats)


FILES = ("vague.yaml", "buck_passing.yaml", "impatience.yaml", "moves.yaml")


def build(docs: Mapping[str, Any]) -> Lexicon:
    """Validate and compile the four parsed lexicon documents (keyed by file name)."""
    vague, vague_set = _load_vague(docs["vague.yaml"])
    buck_data = docs["buck_passing.yaml"]
    buck, buck_set = _load_phrases("buck_passing.yaml", buck_data, allow_unit=True)
    with_unit = _text(buck_data.get("with_unit"), "buck_passing.yaml", "with_unit")
    if "{unit}" not in with_unit:
        raise _bad("buck_passing.yaml", "with_unit", "应含占位符 {unit}")
    without_unit = _text(buck_data.get("without_unit"), "buck_passing.yaml", "without_unit")
    impatience, impatience_set = _load_phrases("impatience.yaml", docs["impatience.yaml"], allow_unit=False)
    moves, times, actions = _load_moves(docs["moves.yaml"])
    return Lexicon(
        vague=vague,
        vague_set=vague_set,
        buck=buck,
        buck_set=buck_set,
        buck_with_unit=with_unit,
        buck_without_unit=without_unit,
        impatience=impatience,
        impatience_set=impatience_set,
        moves=moves,
        times=times,
        actions=actions,
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All lint data, validated and compiled; cached for the life of the process."""
    return build({name: read_yaml(name) for name in FILES})
