"""`hotline serve`, `hotline worker`, `hotline db upgrade`, `hotline user add`, `hotline tickets import|export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from hotline.cli.common import dump, guarded
from hotline.config import Settings, get_settings
from hotline.errors import HotlineError, InputError

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="数据库地址（默认取 HOTLINE_DATABASE_URL，或数据目录下的 SQLite 文件）"),
]


def _settings(db: str | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"database_url": db}) if db else settings


def _where(url: str) -> str:
    """The database location without credentials, for messages."""
    return url.split("@")[-1] if "@" in url else url


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="数据库维护。", no_args_is_help=True)
    user_app = typer.Typer(help="用户管理。", no_args_is_help=True)
    tickets_app = typer.Typer(help="工单导入导出。", no_args_is_help=True)
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")
    app.add_typer(tickets_app, name="tickets")

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="端口")] = 8000,
        db: DbOption = None,
        scheduler: Annotated[
            bool, typer.Option("--scheduler/--no-scheduler", help="在服务进程内运行跟进调度")
        ] = True,
        interval: Annotated[float, typer.Option(min=1, help="调度间隔（秒）")] = 30.0,
    ) -> None:
        """启动网页与接口服务（启动时自动升级数据库）。"""
        import uvicorn

        from hotline.web.app import create_app

        settings = _settings(db)
        web = guarded(lambda: create_app(settings, scheduler=scheduler, scheduler_interval=interval))
        typer.echo(f"Hotline 服务：http://{host}:{port}/  数据库：{_where(settings.database())}", err=True)
        uvicorn.run(web, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)

    @app.command("worker")
    def worker(
        once: Annotated[bool, typer.Option("--once", help="只运行一轮后退出")] = False,
        interval: Annotated[float, typer.Option(min=1, help="调度间隔（秒）")] = 30.0,
        db: DbOption = None,
    ) -> None:
        """运行跟进调度：超时督办、任务提醒、发送短信。可同时运行多个。"""
        import logging
        import signal
        import threading

        from hotline.loop.followup import run_forever, tick, worker_name
        from hotline.loop.outbox import sender_for
        from hotline.privacy import install_log_masking
        from hotline.store.db import Store
        from hotline.tickets.clock import system_clock

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        install_log_masking("hotline")
        settings = _settings(db)
        store = guarded(lambda: Store.open(settings.database(), migrate=True))
        sender = sender_for(settings)
        try:
            if once:
                report = tick(store, settings, system_clock, sender, worker=worker_name("worker"))
                d = report.delivery
                typer.echo(
                    dump(
                        {
                            "overdue_tickets": report.overdue_tickets,
                            "overdue_tasks": report.overdue_tasks,
                            "reminded_tasks": report.reminded_tasks,
                            "messages": {"sent": d.sent, "retried": d.retried, "failed": d.failed},
                        }
                    )
                )
                return
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            typer.echo(f"跟进调度已启动（每 {interval:g} 秒一轮），Ctrl+C 停止", err=True)
            try:
                run_forever(store, settings, system_clock, sender, stop, interval=interval, worker="worker")
            except KeyboardInterrupt:
                stop.set()
        finally:
            store.dispose()

    @db_app.command("upgrade")
    def db_upgrade(db: DbOption = None) -> None:
        """把数据库升级到最新结构。"""
        from hotline.store.db import Store
        from hotline.tickets.units import sync_units

        settings = _settings(db)

        def run() -> str:
            store = Store.open(settings.database())
            try:
                revision = store.upgrade() or ""
                synced = sync_units(store, settings)
            finally:
                store.dispose()
            return f"数据库已是最新结构（版本 {revision}），同步承办单位 {synced} 个：{_where(settings.database())}"

        typer.echo(guarded(run))

    @user_app.command("add")
    def user_add(
        name: Annotated[str, typer.Argument(help="用户名")],
        role: Annotated[
            str, typer.Option(help="角色：operator/shift_leader/expert/unit_handler/manager/admin")
        ],
        unit: Annotated[str | None, typer.Option(help="承办单位编码（仅 unit_handler）")] = None,
        display_name: Annotated[str, typer.Option(help="显示名称")] = "",
        password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
        db: DbOption = None,
    ) -> None:
        """添加用户（密码从标准输入读取，不出现在命令行历史中）。"""
        from hotline.store.db import Store
        from hotline.tickets.clock import system_clock
        from hotline.tickets.roles import ROLE_ZH
        from hotline.tickets.units import sync_units
        from hotline.tickets.users import add_user

        settings = _settings(db)

        def run() -> str:
            if not password_stdin:
                raise InputError("password_required", "请用 --password-stdin 从标准输入提供密码")
            password = sys.stdin.readline().rstrip("\r\n")
            store = Store.open(settings.database(), migrate=True)
            try:
                sync_units(store, settings)
                actor = add_user(
                    store,
                    name,
                    role=role,
                    unit=unit,
                    password=password,
                    now=system_clock(),
                    display_name=display_name,
                )
            finally:
                store.dispose()
            where = f"，所属单位 {actor.unit}" if actor.unit else ""
            return f"已添加用户 {actor.username}（{ROLE_ZH[actor.role]}{where}）"

        typer.echo(guarded(run))

    @tickets_app.command("import")
    def tickets_import(
        file: Annotated[Path, typer.Argument(help=".csv 或 .xlsx 文件")],
        db: DbOption = None,
    ) -> None:
        """从 CSV/XLSX 导入工单：逐行检查，有任何不合格行则一行也不导入。"""
        from hotline.store.db import Store
        from hotline.tickets import bulk, transfer
        from hotline.tickets.clock import system_clock
        from hotline.tickets.roles import Actor
        from hotline.tickets.service import TicketService

        settings = _settings(db)

        def run() -> dict[str, object]:
            kind = transfer.file_kind(file.name)
            if not file.is_file():
                raise InputError("no_file", f"找不到文件 {file}")
            store = Store.open(settings.database(), migrate=True)
            try:
                service = TicketService(store, settings=settings, clock=system_clock)
                return bulk.import_file(service, Actor(None, "cli", "admin"), file.read_bytes(), kind)
            finally:
                store.dispose()

        try:
            report = run()
        except HotlineError as err:
            typer.echo(f"错误：{err.message}", err=True)
            for row in err.details.get("rows", []):
                typer.echo(f"  {row['message']}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"已导入 {report['imported']} 张工单，跳过已导入过的 {report['skipped']} 行")

    @tickets_app.command("export")
    def tickets_export(
        file: Annotated[Path, typer.Argument(help="输出文件：.csv 或 .xlsx")],
        status: Annotated[list[str] | None, typer.Option(help="只导出这些状态（可重复）")] = None,
        unit: Annotated[str | None, typer.Option(help="只导出某承办单位的工单")] = None,
        personal: Annotated[
            bool, typer.Option("--personal", help="包含来电人姓名和电话（记入审计）")
        ] = False,
        db: DbOption = None,
    ) -> None:
        """导出工单为 CSV（UTF-8，Excel 可直接打开）或 XLSX。"""
        from hotline.store.db import Store
        from hotline.tickets import bulk, transfer
        from hotline.tickets.clock import system_clock
        from hotline.tickets.roles import Actor
        from hotline.tickets.service import TicketService

        settings = _settings(db)

        def run() -> int:
            kind = transfer.file_kind(file.name)
            store = Store.open(settings.database(), migrate=True)
            try:
                service = TicketService(store, settings=settings, clock=system_clock)
                records = bulk.export_records(
                    service, Actor(None, "cli", "system"), status=status or [], unit=unit, personal=personal
                )
            finally:
                store.dispose()
            file.write_bytes(transfer.write_file(kind, records))
            return len(records)

        count = guarded(run)
        typer.echo(f"已导出 {count} 张工单到 {file}")
