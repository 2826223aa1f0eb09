"""Word lists for insights, loaded once from `hotline.data.insights` and checked at load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hotline.errors import HotlineError

PACKAGE = "hotline.data.insights"


def load_yaml(name: str) -> dict[str, Any]:
    """Read one YAML file of the insights data package; a broken file names itself in Chinese."""
    try:
        raw = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise HotlineError("data_missing", f"缺少洞察数据文件 {name}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise HotlineError("data_invalid", f"洞察数据文件 {name} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise HotlineError("data_invalid", f"洞察数据文件 {name} 的顶层应为键值表")
    return data


def str_list(data: dict[str, Any], key: str, source: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise HotlineError("data_invalid", f"{source} 中的 {key} 应为非空的字符串列表")
    return list(value)


def str_lists(data: dict[str, Any], key: str, source: str) -> dict[str, list[str]]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise HotlineError("data_invalid", f"{source} 中的 {key} 应为“名称: [词, …]”的表")
    return {str(k): str_list(value, k, f"{source} 的 {key}") for k in value}


@dataclass(frozen=True)
class InsightLexicon:
    place_suffixes: dict[str, list[str]]
    place_boundaries: list[str]
    generic_place_suffixes: list[str]
    not_place_names: list[str]
    not_place_endings: list[str]
    title_fillers: list[str]
    severity: dict[str, list[str]]


@lru_cache(maxsize=1)
def insight_lexicon() -> InsightLexicon:
    src = "lexicon.yaml"
    data = load_yaml(src)
    suffixes = str_lists(data, "place_suffixes", src)
    unknown = set(suffixes) - {"street", "village", "estate", "road", "institution"}
    if unknown:
        raise HotlineError("data_invalid", f"{src} 中有未知的地点类型：{'、'.join(sorted(unknown))}")
    severity = str_lists(data, "severity", src)
    if set(severity) != {"high", "medium"}:
        raise HotlineError("data_invalid", f"{src} 的 severity 只能有 high 和 medium 两档")
    return InsightLexicon(
        place_suffixes=suffixes,
        place_boundaries=str_list(data, "place_boundaries", src),
        generic_place_suffixes=str_list(data, "generic_place_suffixes", src),
        not_place_names=str_list(data, "not_place_names", src),
        not_place_endings=str_list(data, "not_place_endings", src),
        title_fillers=str_list(data, "title_fillers", src),
        severity=severity,
    )
