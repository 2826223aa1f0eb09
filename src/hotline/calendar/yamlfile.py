"""Read a small YAML data file keeping line numbers, so validation errors can say "第 N 行".

Plain `yaml.safe_load` forgets where a value came from and silently accepts duplicate keys
and impossible dates (it turns `2027-13-01` into an exception without a line). Here every
mapping and list remembers the line of each entry, dates stay strings until the caller
parses them, and a duplicate key is an error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from hotline.errors import InputError


class YDict(dict[str, Any]):
    """A mapping that knows the line of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]


class YList(list[Any]):
    """A list that knows the line of each item (1-based)."""

    line: int = 0
    lines: list[int]


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # parsed by the caller, who knows the field and can name it
    return loader.construct_object(node, deep=True)


def _convert(loader: yaml.SafeLoader, node: yaml.Node, name: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = YDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            key = _convert(loader, key_node, name)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise InputError("bad_yaml", f"{name} 第 {line} 行：键必须是文字", line=line)
            key = str(key)
            if key in out:
                raise InputError(
                    "bad_yaml",
                    f"{name} 第 {line} 行：键 {key} 重复出现（第 {out.lines[key]} 行已有）",
                    line=line,
                )
            out[key] = _convert(loader, value_node, name)
            out.lines[key] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = YList()
        seq.line = node.start_mark.line + 1
        seq.lines = []
        for item in node.value:
            seq.append(_convert(loader, item, name))
            seq.lines.append(item.start_mark.line + 1)
        return seq
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node)


# PyYAML explains in English; the people who edit these files read Chinese.
_PROBLEMS = (
    ("'\\t'", "含有制表符，请改用空格缩进"),
    ("expected ',' or '}'", "花括号 { } 没有成对闭合"),
    ("expected ',' or ']'", "方括号 [ ] 没有成对闭合"),
    ("mapping values are not allowed", "冒号位置不对（值中含冒号时请加引号）"),
    ("could not find expected ':'", "缺少冒号"),
    ("expected <block end>", "缩进不一致"),
    ("did not find expected", "缩进或列表符号 - 不一致"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found undefined alias", "使用了未定义的别名 *"),
)


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    for needle, zh in _PROBLEMS:
        if needle in problem:
            return f"：{zh}"
    return "格式有误，请检查缩进、冒号、引号和括号"


def load_yaml(text: str, *, name: str) -> Any:
    """Parse YAML text; `name` (a file name) is used in error messages."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("bad_yaml", f"{name} 是空文件")
        return _convert(loader, node, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        raise InputError(
            "bad_yaml", f"{name} 不是合法的 YAML：{where}{_explain(exc)}", line=mark.line + 1 if mark else 0
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError("bad_yaml", f"{name} 不是合法的 YAML：{exc}") from exc
    finally:
        loader.dispose()


def line_of(container: Any, key: str | int) -> int:
    """Line of an entry in a YDict/YList (0 when unknown)."""
    if isinstance(container, YDict):
        return container.lines.get(str(key), container.line)
    if isinstance(container, YList) and isinstance(key, int) and 0 <= key < len(container.lines):
        return container.lines[key]
    return int(getattr(container, "line", 0))


class Where:
    """Builds "文件 第 N 行 字段：" prefixes for error messages."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, container: Any, key: str | int | None, path: str, message: str) -> InputError:
        line = line_of(container, key) if key is not None else int(getattr(container, "line", 0))
        at = f"第 {line} 行 " if line else ""
        field = f"{path}：" if path else ""
        return InputError("bad_data_file", f"{self.name} {at}{field}{message}", line=line, field=path)


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> date | None:
    """An ISO calendar date (2027-02-05) or None when it is not one."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
