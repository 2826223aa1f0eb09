"""`hotline demo`: a demonstration centre served at http://127.0.0.1:8000 (what `make demo` runs).

Each run replaces the demo database (default `var/demo.db`) with a fresh centre: units from the
demonstration catalogue, users for every role, a few hundred tickets in every state over the
past months. `hotline demo --report` prints the analysis of the built-in sample calls instead.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml


def sample_calls() -> list[dict[str, Any]]:
    raw = resources.files("hotline.data").joinpath("samples/calls.yaml").read_text(encoding="utf-8")
    calls: list[dict[str, Any]] = yaml.safe_load(raw)["calls"]
    return calls


def print_report(as_json: bool) -> None:
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


def fresh_database(path: Path) -> str:
    """Delete the old demo database (and its WAL files) and return the new one's URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path.resolve().as_posix()}"


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal where each Chinese character takes two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def print_logins(centre: Any, host: str, port: int) -> None:
    from hotline.tickets.lifecycle import STATE_ZH
    from hotline.tickets.roles import ROLE_ZH
    from hotline.web.pages.render import HOME

    states = "、".join(f"{STATE_ZH.get(k, k)} {v}" for k, v in centre.by_status.most_common())
    typer.echo("")
    typer.echo(f"示范中心已就绪：{centre.tickets} 件工单（{states}），用时 {centre.seconds:.1f} 秒")
    typer.echo(f"打开 http://{host}:{port}/ ，所有示范账号的密码都是：{centre.password}")
    typer.echo("")
    typer.echo("  " + _pad("用户名", 14) + _pad("岗位", 16) + "进入页面")
    for login in centre.logins:
        typer.echo(
            "  "
            + _pad(login.username, 14)
            + _pad(ROLE_ZH.get(login.role, login.role), 16)
            + HOME.get(login.role, "/")
        )
    # City departments first: they are the busiest inboxes.
    units = sorted(centre.unit_logins, key=lambda u: (not u.username.startswith("city."), u.username))
    if units:
        shown = "、".join(f"{u.username}（{u.display_name.removesuffix('办理员')}）" for u in units[:3])
        typer.echo(f"  承办单位账号的用户名是单位编码，共 {len(units)} 个，例如 {shown}")
    typer.echo("")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        report: Annotated[
            bool, typer.Option("--report", help="只打印内置示范来电的分析报告，不启动服务")
        ] = False,
        as_json: Annotated[
            bool, typer.Option("--json", help="与 --report 同用：每条示范来电输出一行 JSON")
        ] = False,
        host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="端口")] = 8000,
        db: Annotated[Path, typer.Option("--db", help="示范数据库文件（每次运行都会重建）")] = Path(
            "var/demo.db"
        ),
        tickets: Annotated[int, typer.Option(min=0, max=5000, help="生成的工单数")] = 300,
        seed: Annotated[int, typer.Option(help="随机种子（相同种子、相同日期生成相同数据）")] = 12345,
        serve: Annotated[bool, typer.Option("--serve/--no-serve", help="生成后启动网页服务")] = True,
    ) -> None:
        """生成示范中心（单位、各岗位账号、数百件各状态工单）并启动网页控制台。"""
        if report or as_json:
            print_report(as_json)
            return
        from hotline.cli.common import guarded
        from hotline.config import get_settings
        from hotline.demo_data import build_demo
        from hotline.store.db import Store
        from hotline.tickets.clock import system_clock

        url = fresh_database(db)
        settings = get_settings().model_copy(update={"database_url": url, "data_dir": db.parent})
        typer.echo(f"正在生成示范中心数据库 {db} …", err=True)

        def progress(done: int, total: int) -> None:
            if done % 50 == 0 or done == total:
                typer.echo(f"  已登记 {done}/{total} 件", err=True)

        def build() -> Any:
            store = Store.open(url, migrate=True)
            try:
                return build_demo(
                    store, settings, now=system_clock(), seed=seed, tickets=tickets, progress=progress
                )
            finally:
                store.dispose()

        centre = guarded(build)
        print_logins(centre, host, port)
        if not serve:
            return
        import uvicorn

        from hotline.web.app import create_app

        web = guarded(lambda: create_app(settings, scheduler=True))
        uvicorn.run(web, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
