"""YAML loading that remembers where each value came from, for errors that name the file and line.

Catalogue, knowledge-base and options files are edited by hand at each centre; a message such as
"units.yaml 第 12 行：上级单位代码 dist.330199 不存在" lets the editor fix it without a debugger.
Mappings load as `MarkedDict` and sequences as `MarkedList`; both carry 1-based line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hotline.errors import HotlineError


class MarkedDict(dict[str, Any]):
    """A YAML mapping with the line of the mapping itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list[Any]):
    """A YAML sequence with the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    out = MarkedDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, at a line a person can open."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file} 第 {self.line} 行：{self.message}"


def load_text(text: str, *, name: str, line_offset: int = 0) -> Any:
    """Parse YAML text; a syntax error becomes a HotlineError naming the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = exc.problem or str(exc)
        problem = Problem(name, line, f"YAML 格式错误：{what}")
        raise HotlineError("data_invalid", str(problem), file=name, line=line) from exc
    except yaml.YAMLError as exc:
        raise HotlineError("data_invalid", f"{name}：YAML 格式错误：{exc}", file=name) from exc


def load_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise HotlineError("data_invalid", f"{path}：不是 UTF-8 编码的文本文件", file=str(path)) from exc
    return load_text(text, name=str(path))


def fail_on(problems: list[Problem], *, code: str = "data_invalid", limit: int = 8) -> None:
    """Raise one error listing the first problems, or return when there are none."""
    if not problems:
        return
    shown = "；".join(str(p) for p in problems[:limit])
    more = f"（另有 {len(problems) - limit} 处问题）" if len(problems) > limit else ""
    first = problems[0]
    raise HotlineError(
        code,
        f"数据文件有误：{shown}{more}",
        file=first.file,
        line=first.line,
        problems=[{"file": p.file, "line": p.line, "message": p.message} for p in problems],
    )
