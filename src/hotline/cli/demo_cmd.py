"""`hotline demo`: the analysis on a handful of built-in sample calls, as a readable report."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from typing import Annotated, Any

import typer
import yaml


def sample_calls() -> list[dict[str, Any]]:
    raw = resources.files("hotline.data").joinpath("samples/calls.yaml").read_text(encoding="utf-8")
    calls: list[dict[str, Any]] = yaml.safe_load(raw)["calls"]
    return calls


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        as_json: Annotated[bool, typer.Option("--json", help="每条示范来电输出一行 JSON")] = False,
    ) -> None:
        """用内置示范来电演示四阶分析。"""
        from hotline.cli.common import dump
        from hotline.report import render_analysis
        from hotline.services import analyze_call

        for call in sample_calls():
            a = analyze_call(
                call["text"],
                received_at=datetime.fromisoformat(call["received_at"]),
                repeat_calls=call.get("repeat_calls", 0),
            )
            if as_json:
                typer.echo(dump({"id": call["id"], **a.to_dict()}))
                continue
            typer.echo("=" * 72)
            typer.echo(f"示范来电 {call['id']}（{call['received_at'].replace('T', ' ')}）")
            typer.echo(f"来电内容：{a.text}")
            typer.echo("-" * 72)
            typer.echo(render_analysis(a.to_dict()))
        if not as_json:
            typer.echo("=" * 72)
