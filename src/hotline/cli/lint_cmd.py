"""`hotline lint`: check an operator reply for vague words, buck-passing, impatience and the four moves."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from hotline.cli.common import dump, echo_jsonl, guarded, text_argument
from hotline.errors import InputError


def _lint_record(obj: dict[str, Any], lineno: int) -> dict[str, Any]:
    from hotline.warmth.lint import lint

    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("missing_text", f"第 {lineno} 行缺少字符串字段 text", line=lineno)
    return lint(text).to_dict()


def register(app: typer.Typer) -> None:
    @app.command("lint")
    def lint_command(
        text: Annotated[str | None, typer.Argument(help="坐席的答复；省略或为 - 时从标准输入读取")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
        jsonl: Annotated[
            bool, typer.Option("--jsonl", help='从标准输入逐行读取 {"id", "text"}，逐行输出结果')
        ] = False,
    ) -> None:
        """检查坐席答复：模糊用语、推诿、不耐烦，以及复述、承接、表态、承诺四步是否做到。"""
        from hotline.warmth.lint import lint

        if jsonl:
            echo_jsonl(_lint_record)
            return

        def run() -> tuple[str, Any]:
            given = text_argument(text)
            return given, lint(given)

        given, result = guarded(run, as_json=as_json)
        if as_json:
            typer.echo(dump({"text": given, **result.to_dict()}))
        else:
            from hotline.warmth.render import render_lint

            typer.echo(render_lint(given, result))
