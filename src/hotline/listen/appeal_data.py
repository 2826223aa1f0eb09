"""Load and check the appeal data: kinds and their cues, topics, detail checks, phrasing.

All files live in `data/appeal/`. They are validated once at load, with Chinese messages
that say which entry is wrong, and indexed by the characters each cue needs (listen/prefilter.py),
so reading an appeal runs only the few cues that can match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hotline.analysis import APPEAL_KINDS
from hotline.errors import HotlineError
from hotline.listen.prefilter import BranchIndex

PLACEHOLDERS = ("source", "company", "shop", "line", "plate", "place", "road", "object")


@dataclass(frozen=True)
class KindSpec:
    kind: str
    need_prefix: str
    plain_prefix: str
    restate: tuple[str, ...]
    ask: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    hint: dict[str, float]
    ask: tuple[str, ...]
    need: dict[str, tuple[str, ...]]  # kind or "default" → candidate cores
    hazards: frozenset[str]  # urgent hazard codes that point to this topic


@dataclass(frozen=True)
class Check:
    address: str | None
    time: bool
    phone: bool
    amount: bool
    objects: frozenset[str]
    text: re.Pattern[str] | None


@dataclass(frozen=True)
class AppealData:
    default: str
    kinds: dict[str, KindSpec]
    cues: BranchIndex[str]  # cue group → its alternatives
    cue_weight: dict[str, tuple[str, float]]  # group → (kind, weight)
    topics: dict[str, Topic]  # group → topic
    topic_index: BranchIndex[str]
    checks: dict[str, Check]
    phrasing: dict[str, tuple[str, ...]]


def _bad(message: str) -> HotlineError:
    return HotlineError("bad_appeal_data", message)


def _load(name: str) -> dict[str, Any]:
    raw = resources.files("hotline.data").joinpath(f"appeal/{name}").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw)
    if not isinstance(doc, dict):
        raise _bad(f"诉求数据文件 appeal/{name} 的内容应为映射")
    return doc


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise _bad(f"{where} 的正则写错了：{exc}") from exc


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"{where} 应为字符串列表")
    return tuple(value)


def _kinds(doc: dict[str, Any]) -> tuple[dict[str, KindSpec], BranchIndex[str], dict[str, tuple[str, float]]]:
    kinds: dict[str, KindSpec] = {}
    parts: list[tuple[str, str]] = []
    weights: dict[str, tuple[str, float]] = {}
    for kind in APPEAL_KINDS:
        entry = (doc.get("kinds") or {}).get(kind)
        if not isinstance(entry, dict):
            raise _bad(f"appeal/kinds.yaml 缺少诉求类型 {kind}")
        where = f"appeal/kinds.yaml › {kind}"
        kinds[kind] = KindSpec(
            kind=kind,
            need_prefix=str(entry.get("need_prefix") or ""),
            plain_prefix=str(entry.get("plain_prefix") or entry.get("need_prefix") or ""),
            restate=_strings(entry.get("restate"), f"{where} › restate") or ("您希望",),
            ask=_strings(entry.get("ask"), f"{where} › ask"),
        )
        for i, cue in enumerate(entry.get("cues") or []):
            if not (isinstance(cue, list) and len(cue) == 2 and isinstance(cue[1], int | float)):
                raise _bad(f"{where} › cues 第 {i + 1} 条应为 [正则, 权重]")
            _regex(str(cue[0]), f"{where} › cues 第 {i + 1} 条")
            group = f"{kind}_{i}"
            parts.append((group, str(cue[0])))
            weights[group] = (kind, float(cue[1]))
    return kinds, BranchIndex(parts), weights


def _topics(doc: dict[str, Any], checks: dict[str, Check]) -> tuple[dict[str, Topic], BranchIndex[str]]:
    entries = doc.get("topics")
    if not isinstance(entries, list) or not entries:
        raise _bad("appeal/topics.yaml 缺少 topics 列表")
    topics: dict[str, Topic] = {}
    parts: list[tuple[str, str]] = []
    for i, entry in enumerate(entries):
        where = f"appeal/topics.yaml 第 {i + 1} 条（{entry.get('code', '?')}）"
        if not entry.get("code") or not entry.get("match") or not isinstance(entry.get("need"), dict):
            raise _bad(f"{where} 缺少 code、match 或 need")
        ask = _strings(entry.get("ask"), f"{where} › ask")
        unknown = [label for label in ask if label not in checks]
        if unknown:
            raise _bad(f"{where} 的 ask 中 {'、'.join(unknown)} 没有在 appeal/checks.yaml 中定义")
        need = {str(k): _strings(v, f"{where} › need › {k}") for k, v in entry["need"].items()}
        if "default" not in need:
            raise _bad(f"{where} 的 need 缺少 default")
        for kind in need:
            if kind != "default" and kind not in APPEAL_KINDS:
                raise _bad(f"{where} 的 need 中 {kind} 不是诉求类型")
        for core in (c for cores in need.values() for c in cores):
            names = re.findall(r"\{(\w+)\}", core)
            if any(n not in PLACEHOLDERS for n in names):
                raise _bad(f"{where} 的诉求模板“{core}”用了未知的占位符")
        group = f"t{i}"
        _regex(str(entry["match"]), where)
        parts.append((group, str(entry["match"])))
        hint = {str(k): float(v) for k, v in (entry.get("hint") or {}).items()}
        hazards = frozenset(_strings(entry.get("hazards"), f"{where} › hazards"))
        topics[group] = Topic(
            str(entry["code"]), str(entry.get("label") or entry["code"]), hint, ask, need, hazards
        )
    return topics, BranchIndex(parts)


def _checks(doc: dict[str, Any]) -> dict[str, Check]:
    out: dict[str, Check] = {}
    for label, spec in (doc.get("checks") or {}).items():
        if not isinstance(spec, dict):
            raise _bad(f"appeal/checks.yaml 中 {label} 的条件应为映射")
        address = spec.get("address")
        if address not in (None, "any", "detail", "community", "building", "city"):
            raise _bad(f"appeal/checks.yaml 中 {label} 的 address 只能是 any/detail/community/building/city")
        text = spec.get("text")
        out[str(label)] = Check(
            address=address,
            time=bool(spec.get("time")),
            phone=bool(spec.get("phone")),
            amount=bool(spec.get("amount")),
            objects=frozenset(_strings(spec.get("objects"), f"appeal/checks.yaml › {label} › objects")),
            text=_regex(str(text), f"appeal/checks.yaml › {label}") if text else None,
        )
    if "来电人联系电话" not in out:
        raise _bad("appeal/checks.yaml 必须定义“来电人联系电话”")
    return out


@lru_cache(maxsize=1)
def appeal_data() -> AppealData:
    """The appeal data, loaded and compiled once per process."""
    return build_appeal_data(
        _load("kinds.yaml"), _load("checks.yaml"), _load("topics.yaml"), _load("restatement.yaml")
    )


def build_appeal_data(
    kinds_doc: dict[str, Any],
    checks_doc: dict[str, Any],
    topics_doc: dict[str, Any],
    phrasing_doc: dict[str, Any],
) -> AppealData:
    """Validate and compile the appeal documents; a mistake raises HotlineError naming the entry."""
    checks = _checks(checks_doc)
    kinds, cues, weights = _kinds(kinds_doc)
    for spec in kinds.values():
        unknown = [label for label in spec.ask if label not in checks]
        if unknown:
            raise _bad(
                f"appeal/kinds.yaml › {spec.kind} 的 ask 中 {'、'.join(unknown)} 没有在 checks.yaml 中定义"
            )
    topics, topic_index = _topics(topics_doc, checks)
    phrasing = {str(k): _strings(v, f"appeal/restatement.yaml › {k}") for k, v in phrasing_doc.items()}
    for key in (
        "openers",
        "closers",
        "lives",
        "located",
        "emergency",
        "inquiry",
        "suggestion",
        "praise",
        "request",
        "request_short",
        "unclear",
    ):
        if not phrasing.get(key):
            raise _bad(f"appeal/restatement.yaml 缺少 {key}")
    default = str(kinds_doc.get("default") or "help")
    if default not in APPEAL_KINDS:
        raise _bad(f"appeal/kinds.yaml 的 default 不是诉求类型：{default}")
    return AppealData(default, kinds, cues, weights, topics, topic_index, checks, phrasing)
