"""Options within policy (政策内的可选办法): the ways a matter may be settled, for the caller to choose.

The data file (`hotline.data/options/options.yaml`) lists, for a knowledge-base article, a
category or keywords, the ways the rules allow (online, window, appointment, mediation, a
co-handling unit, a legal route), what each needs and how long it takes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from hotline.act.yamlmarks import MarkedDict, MarkedList, Problem, fail_on, load_text

WAYS_ZH = {
    "online": "网上办理",
    "window": "窗口办理",
    "appointment": "预约办理",
    "phone": "电话办理",
    "mediation": "调解",
    "co_handling": "协办单位处理",
    "legal": "法定途径",
}
MAX_OPTIONS = 5


@dataclass(frozen=True)
class Option:
    way: str
    title: str
    needs: tuple[str, ...]
    takes: str

    def to_dict(self, because: str) -> dict[str, Any]:
        return {
            "way": self.way,
            "way_zh": WAYS_ZH[self.way],
            "title": self.title,
            "needs": list(self.needs),
            "takes": self.takes,
            "because": because,
        }


@dataclass(frozen=True)
class Entry:
    kb: frozenset[str]
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    ways: tuple[Option, ...]
    line: int


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(v).strip() for v in items if str(v).strip())


def parse_options(data: Any, *, name: str) -> list[Entry]:
    """Validate the options file; every problem names the line."""
    problems: list[Problem] = []
    if not isinstance(data, MarkedDict) or not isinstance(data.get("options"), MarkedList):
        fail_on([Problem(name, 1, "文件应包含 options 列表")], code="options_invalid")
    entries: list[Entry] = []
    for item in data["options"]:
        if not isinstance(item, MarkedDict):
            problems.append(Problem(name, data.line, "options 的每一项应为映射"))
            continue
        when = item.get("when")
        if not isinstance(when, MarkedDict) or not any(k in when for k in ("kb", "category", "keywords")):
            problems.append(Problem(name, item.line, "缺少 when（kb、category 或 keywords 至少一项）"))
            continue
        ways: list[Option] = []
        raw_ways = item.get("ways")
        if not isinstance(raw_ways, MarkedList) or not raw_ways:
            problems.append(Problem(name, item.line_of("ways"), "ways 应为非空列表"))
            continue
        for i, w in enumerate(raw_ways):
            line = raw_ways.line_at(i)
            if not isinstance(w, MarkedDict):
                problems.append(Problem(name, line, "每种办法应为映射"))
                continue
            if w.get("way") not in WAYS_ZH:
                problems.append(
                    Problem(name, line, f"办理方式 {w.get('way')} 无效（应为 {'、'.join(WAYS_ZH)}）")
                )
                continue
            if not w.get("title") or not w.get("takes"):
                problems.append(Problem(name, line, "每种办法都要写 title（做法）和 takes（用时）"))
                continue
            ways.append(Option(str(w["way"]), str(w["title"]), _texts(w.get("needs")), str(w["takes"])))
        entries.append(
            Entry(
                kb=frozenset(_texts(when.get("kb"))),
                categories=_texts(when.get("category")),
                keywords=_texts(when.get("keywords")),
                ways=tuple(ways),
                line=item.line,
            )
        )
    fail_on(problems, code="options_invalid")
    return entries


@lru_cache(maxsize=1)
def default_options() -> list[Entry]:
    """The built-in sample options (cached)."""
    name = "options/options.yaml"
    text = resources.files("hotline.data").joinpath(name).read_text(encoding="utf-8")
    return parse_options(load_text(text, name=name), name=name)


def options_for(
    *,
    text: str,
    category_path: str | None,
    kb_ids: Iterable[str] = (),
    entries: list[Entry] | None = None,
    limit: int = MAX_OPTIONS,
) -> list[dict[str, Any]]:
    """The ways open to the caller for this matter, each saying why it was offered."""
    kb = set(kb_ids)
    matched: list[tuple[int, int, str, Entry]] = []
    for i, entry in enumerate(entries if entries is not None else default_options()):
        if hit := sorted(entry.kb & kb):
            matched.append((0, i, f"知识库文章 {hit[0]}", entry))
        elif category_path and (
            cat := next((c for c in entry.categories if category_path.startswith(c)), None)
        ):
            matched.append((1, i, f"分类 {cat}", entry))
        elif kw := next((k for k in entry.keywords if k in text), None):
            matched.append((2, i, f"关键词「{kw}」", entry))
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _, _, because, entry in sorted(matched, key=lambda m: (m[0], m[1])):
        for option in entry.ways:
            if option.title not in seen:
                seen.add(option.title)
                out.append(option.to_dict(because))
    return out[:limit]
