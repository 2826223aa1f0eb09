"""Command-line usage mistakes in Chinese: an unknown option, a missing one, a value out of range.

Typer (click) answers them in English ("Invalid value for '--repeat': Input should be greater
than or equal to 0"). Operators and administrators read Chinese, and the README promises a Chinese
message and exit code 2 for every mistake, so the `hotline` entry point runs the command itself
and words click's usage errors anew. Everything else (help, exit codes, real errors) is unchanged.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NoReturn

import typer
import typer.main

_RANGE = [
    (re.compile(r"greater than or equal to (\S+)"), "不能小于 {0}"),
    (re.compile(r"less than or equal to (\S+)"), "不能大于 {0}"),
    (re.compile(r"greater than (\S+)"), "应大于 {0}"),
    (re.compile(r"less than (\S+)"), "应小于 {0}"),
    (re.compile(r"is not a valid integer|valid integer"), "应为整数"),
    (re.compile(r"is not a valid float|valid number"), "应为数字"),
    (re.compile(r"is not one of|is not a valid choice"), "不在可选值之中"),
]


def _value_problem(message: str) -> str:
    for pattern, zh in _RANGE:
        m = pattern.search(message)
        if m:
            return zh.format(*m.groups())
    return message


def _hint(exc: Any) -> str:
    """How the user typed the parameter: "--repeat", or the argument's name ("NAME")."""
    param = getattr(exc, "param", None)
    opts = [o for o in getattr(param, "opts", None) or [] if str(o).startswith("-")]
    if opts:
        return " / ".join(str(o) for o in opts)
    hint = getattr(exc, "param_hint", None) or (
        str(getattr(param, "name", "") or "").upper() if param is not None else None
    )
    if isinstance(hint, list | tuple):
        hint = " / ".join(str(h) for h in hint)
    return str(hint or "参数").replace("'", "")


def usage_message(exc: Exception) -> str:
    """The Chinese message for one of click's usage errors."""
    kind = type(exc).__name__
    raw = str(getattr(exc, "message", "") or exc)
    if kind == "NoSuchOption":
        option = getattr(exc, "option_name", "") or raw
        similar = getattr(exc, "possibilities", None) or []
        maybe = f"，您是不是想用 {'、'.join(similar)}" if similar else ""
        return f"没有这个选项：{option}{maybe}"
    if kind == "MissingParameter":
        return f"缺少 {_hint(exc)}"
    if kind == "BadParameter":
        return f"{_hint(exc)} 的值不对：{_value_problem(raw)}"
    m = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", raw)
    if m:
        return f"多余的参数：{m.group(1)}"
    m = re.match(r"No such command '(.*)'", raw)
    if m:
        return f"没有这个命令：{m.group(1)}"
    return f"命令用法不对：{raw}"


def _is_usage_error(exc: Exception) -> bool:
    return any(k.__name__ == "UsageError" for k in type(exc).__mro__)


class ChineseTyper(typer.Typer):
    """A Typer app whose usage errors are printed in Chinese, with exit code 2."""

    def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
        command = typer.main.get_command(self)
        kwargs["standalone_mode"] = False
        try:
            result = command.main(*args, **kwargs)
        except typer.Abort:
            typer.echo("已中断", err=True)
            sys.exit(1)
        except Exception as exc:
            if not _is_usage_error(exc):
                raise
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help())
                sys.exit(2)
            where = f"{ctx.command_path} --help" if ctx is not None else "hotline --help"
            typer.echo(f"错误：{usage_message(exc)}（运行 {where} 查看用法）", err=True)
            sys.exit(2)
        # Without standalone mode click returns a command's exit code instead of exiting.
        sys.exit(result if isinstance(result, int) else 0)
