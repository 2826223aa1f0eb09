"""`hotline analyze`: stages 1 and 2 on one text or on a JSON-lines stream."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from hotline.cli.common import dump, echo_jsonl, guarded, parse_when, text_argument
from hotline.errors import InputError


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _analyze_record(obj: dict[str, Any], lineno: int) -> dict[str, Any]:
    from hotline.services import analyze_call

    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("missing_text", f"第 {lineno} 行缺少字符串字段 text", line=lineno)
    received = obj.get("received_at")
    if received is not None and not isinstance(received, str):
        # A number or an object here is a mistake in the feed; analysing it as "now" would hide it.
        raise InputError(
            "bad_datetime",
            f"第 {lineno} 行的 received_at 应为 ISO 时间字符串，如 2026-05-06T09:30",
            line=lineno,
        )
    when = parse_when(received, name="received_at") if received is not None else _now()
    repeat = obj.get("repeat_calls", 0)
    if not isinstance(repeat, int) or isinstance(repeat, bool) or repeat < 0:
        raise InputError("bad_repeat_calls", f"第 {lineno} 行的 repeat_calls 应为非负整数", line=lineno)
    assert when is not None
    return analyze_call(text, received_at=when, repeat_calls=repeat).to_dict()


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze(
        text: Annotated[
            str | None, typer.Argument(help="来电人所说的话；省略或为 - 时从标准输入读取")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
        jsonl: Annotated[bool, typer.Option("--jsonl", help="从标准输入逐行读取 JSON，逐行输出结果")] = False,
        received_at: Annotated[str | None, typer.Option("--at", help="来电时间，默认为现在")] = None,
        repeat_calls: Annotated[int, typer.Option("--repeat", min=0, help="此前就同一事项来电次数")] = 0,
    ) -> None:
        """分析一段来电：情绪、紧急程度、关键信息、诉求、复述与三步安抚话术。"""
        from hotline.services import analyze_call

        if jsonl:
            echo_jsonl(_analyze_record)
            return

        def run() -> dict[str, Any]:
            when = parse_when(received_at, name="来电时间") or _now()
            return analyze_call(text_argument(text), received_at=when, repeat_calls=repeat_calls).to_dict()

        result = guarded(run, as_json=as_json)
        if as_json:
            typer.echo(dump(result))
        else:
            from hotline.report import render_analysis

            typer.echo(render_analysis(result))
