"""Shared helpers for CLI commands: reading input, printing JSON, turning errors into exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import typer

from hotline.errors import HotlineError, InputError
from hotline.text import decode

T = TypeVar("T")


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def fail(err: HotlineError, *, as_json: bool = False) -> None:
    """Print a user-facing error and exit with status 2 (bad input) — never a traceback."""
    if as_json:
        typer.echo(dump(err.to_dict()))
    else:
        typer.echo(f"错误：{err.message}", err=True)
    raise typer.Exit(2)


def guarded(fn: Callable[[], T], *, as_json: bool = False) -> T:
    try:
        return fn()
    except HotlineError as err:
        fail(err, as_json=as_json)
        raise  # unreachable: fail() exits
    except OSError as exc:
        # A path that is a directory, a disk that is full, a folder one may not write: the user can
        # fix these, so they get the file and the reason, not a traceback.
        fail(io_error(exc), as_json=as_json)
        raise  # unreachable: fail() exits


def io_error(exc: OSError) -> InputError:
    where = exc.filename or "文件"
    reasons = {
        IsADirectoryError: "这是一个目录，请给出文件",
        NotADirectoryError: "路径中有一段不是目录",
        FileNotFoundError: "文件或所在目录不存在",
        PermissionError: "没有读写权限",
    }
    reason = next((r for kind, r in reasons.items() if isinstance(exc, kind)), exc.strerror or str(exc))
    return InputError("io_error", f"无法读写 {where}：{reason}", path=str(where))


def text_argument(text: str | None) -> str:
    """The TEXT argument, or stdin when it is '-' or missing, decoded strictly as UTF-8."""
    if text is not None and text != "-":
        # Arguments arrive already decoded; lone surrogates mean the shell passed broken bytes.
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError("invalid_encoding", "参数中含有无法解码的字节，请使用 UTF-8 编码输入") from exc
        return text
    if sys.stdin.isatty():
        raise InputError("empty_text", "请提供文本参数，或通过标准输入传入文本")
    return decode(sys.stdin.buffer.read())


def parse_when(value: str | None, *, name: str = "时间") -> datetime | None:
    """Parse an ISO date or datetime given on the command line."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            "bad_datetime", f"{name}格式不对：{value!r}，应为 2026-05-06 或 2026-05-06T09:30"
        ) from exc
    # The product counts in naive Beijing time; "…Z" or "+00:00" is moved there, not compared raw
    # (a zoned time crashed the time-expression reader and shifted "昨天" by a day).
    from hotline.calendar.workdays import local

    return local(parsed)


def jsonl_records(stream: Any = None) -> Iterator[tuple[int, dict[str, Any] | HotlineError]]:
    """Yield (line number, object or error) for each non-blank line of a JSON-lines stream.

    A broken line becomes an error for that line only, so one bad record never stops a batch.
    """
    stream = stream or sys.stdin.buffer
    for lineno, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield (
                    lineno,
                    InputError("invalid_encoding", f"第 {lineno} 行不是有效的 UTF-8 编码", line=lineno),
                )
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield (
                lineno,
                InputError(
                    "bad_json", f"第 {lineno} 行不是合法的 JSON：{exc.msg}（第 {exc.colno} 列）", line=lineno
                ),
            )
            continue
        if not isinstance(obj, dict):
            yield (
                lineno,
                InputError(
                    "not_object", f'第 {lineno} 行应为 JSON 对象，如 {{"id": 1, "text": "…"}}', line=lineno
                ),
            )
            continue
        yield lineno, obj


def echo_jsonl(handle: Callable[[dict[str, Any], int], dict[str, Any]], stream: Any = None) -> None:
    """Answer a JSON-lines batch: one output line per input line, same `id`, errors in place.

    `handle(obj, lineno)` returns the result for one record; a HotlineError it raises
    becomes that line's error object (with its line number) and the batch goes on.
    """
    for lineno, obj in jsonl_records(stream):
        rid: Any = None
        try:
            if isinstance(obj, HotlineError):
                raise obj
            rid = obj.get("id")
            out = {"id": rid, **handle(obj, lineno)}
        except HotlineError as err:
            out = {"id": rid, "line": lineno, **err.to_dict()}
        typer.echo(dump(out))
