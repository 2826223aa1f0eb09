"""Entry point of the `hotline` command. Each command group lives in its own module."""

from __future__ import annotations

from hotline.cli import (
    act_cmd,
    analyze_cmd,
    calendar_cmd,
    demo_cmd,
    insights_cmd,
    lint_cmd,
    model_cmd,
    server_cmd,
)
from hotline.cli.usage import ChineseTyper

app = ChineseTyper(
    name="hotline",
    help="12345 热线四阶编辑沟通法：倾听、温度、行动、闭环。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

analyze_cmd.register(app)
demo_cmd.register(app)
calendar_cmd.register(app)
act_cmd.register(app)
lint_cmd.register(app)
model_cmd.register(app)
server_cmd.register(app)
insights_cmd.register(app)


if __name__ == "__main__":
    app()
