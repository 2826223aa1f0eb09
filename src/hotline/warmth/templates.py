"""The warmth-script templates (data/warmth/script.yaml), checked against a schema when loaded.

The schema says, for every slot, which placeholders a template may use and which it must use, so
a typo such as `{unti}` or a commitment that forgets `{due}` stops loading with a Chinese message
instead of reaching a caller.
"""

from __future__ import annotations

import string
import zlib
from collections.abc import Mapping
from functools import lru_cache

from hotline.errors import HotlineError
from hotline.warmth.lexicon import read_yaml

FILE = "script.yaml"

_NONE: frozenset[str] = frozenset()


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


# slot → key → (allowed placeholders, required placeholders)
SCHEMA: dict[str, dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "acceptance": {
        **{
            key: (_NONE, _NONE)
            for key in (
                "emergency",
                "praise",
                "anger_high",
                "anger",
                "anxiety_high",
                "anxiety",
                "disappointment_high",
                "disappointment",
                "calm",
                "calm_inquiry",
                "calm_report",
                "calm_suggestion",
            )
        },
        "repeat": (_f("calls"), _f("calls")),
    },
    "responsibility": {
        "emergency": (_f("line", "line_name"), _f("line")),
        "unit": (_f("unit"), _f("unit")),
        "assign": (_NONE, _NONE),
        "inquiry": (_NONE, _NONE),
        "inquiry_unit": (_f("unit"), _f("unit")),
        "praise": (_NONE, _NONE),
        "praise_unit": (_f("unit"), _f("unit")),
        "suggestion": (_NONE, _NONE),
        "suggestion_unit": (_f("unit"), _f("unit")),
        "repeat_note": (_NONE, _NONE),
        "urgent_note": (_NONE, _NONE),
    },
    "commitment": {
        "days_due": (_f("working_days", "due"), _f("working_days", "due")),
        "days": (_f("working_days"), _f("working_days")),
        "hours_due": (_f("hours", "due"), _f("hours", "due")),
        "hours": (_f("hours"), _f("hours")),
        "due": (_f("due"), _f("due")),
        "none": (_NONE, _NONE),
        "feedback": (_f("feedback"), _f("feedback")),
        "emergency_due": (_f("hours", "due", "line_name"), _NONE),
        "emergency": (_f("line_name"), _NONE),
        "inquiry_due": (_f("working_days", "due"), _f("due")),
        "inquiry_none": (_NONE, _NONE),
        "praise_due": (_f("due"), _f("due")),
        "praise_none": (_NONE, _NONE),
    },
}


def _bad(where: str, why: str) -> HotlineError:
    return HotlineError("warmth_data_invalid", f"话术模板 warmth/{FILE} 的 {where} 有误：{why}")


def placeholders(template: str, where: str = "模板") -> set[str]:
    """Names used as {name} in a template; formats, indexing and attributes are refused."""
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise _bad(where, f"花括号不成对（{exc}）；文字里的花括号请写成 {{{{ }}}}") from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise _bad(where, f"占位符 {{{name}}} 只能写成 {{名称}} 的形式")
        names.add(name)
    return names


def validate(data: object) -> dict[str, dict[str, tuple[str, ...]]]:
    """Check the whole template document against `SCHEMA`; return slot → key → variants."""
    if not isinstance(data, dict):
        raise _bad("顶层", "应为 acceptance / responsibility / commitment 三部分")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for slot, keys in SCHEMA.items():
        section = data.get(slot)
        if not isinstance(section, dict):
            raise _bad(slot, "缺少这一部分")
        unknown = sorted(set(section) - set(keys))
        if unknown:
            raise _bad(slot, f"不认识的情形 {'、'.join(map(str, unknown))}，可用的有 {'、'.join(keys)}")
        out[slot] = {}
        for key, (allowed, required) in keys.items():
            variants = section.get(key)
            where = f"{slot}.{key}"
            if not isinstance(variants, list) or not variants:
                raise _bad(where, "缺少模板（应为至少一条文字的列表）")
            for i, text in enumerate(variants):
                at = f"{where} 第 {i + 1} 条"
                if not isinstance(text, str) or not text.strip():
                    raise _bad(at, "应为非空文字")
                used = placeholders(text, at)
                if used - allowed:
                    extra = "、".join(f"{{{n}}}" for n in sorted(used - allowed))
                    can = "、".join(f"{{{n}}}" for n in sorted(allowed)) or "无"
                    raise _bad(at, f"不能使用占位符 {extra}（此处可用：{can}）")
                if required - used:
                    need = "、".join(f"{{{n}}}" for n in sorted(required - used))
                    raise _bad(at, f"缺少必需的占位符 {need}")
            out[slot][key] = tuple(v.strip() for v in variants)
    extra_slots = sorted(set(data) - set(SCHEMA))
    if extra_slots:
        raise _bad("顶层", f"不认识的部分 {'、'.join(map(str, extra_slots))}")
    return out


@lru_cache(maxsize=1)
def templates() -> dict[str, dict[str, tuple[str, ...]]]:
    """The validated templates, loaded once."""
    return validate(read_yaml(FILE))


def pick(slot: str, key: str, seed: str, values: Mapping[str, object] | None = None) -> str:
    """One variant of `slot.key`, chosen by a stable hash of `seed`, with placeholders filled.

    crc32 rather than `hash()`: Python salts string hashes per process, and the same call must
    read the same script on every server and after every restart.
    """
    variants = templates()[slot][key]
    index = zlib.crc32(f"{slot}.{key}|{seed}".encode()) % len(variants)
    return variants[index].format_map(dict(values or {}))
