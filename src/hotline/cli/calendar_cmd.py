"""`hotline deadline` and `hotline calendar load|show`: working-day deadlines and yearly schedules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from hotline.cli.common import dump, guarded, parse_when
from hotline.errors import InputError

calendar_app = typer.Typer(
    help="工作日日历：载入与查看每年的放假安排（节假日与调休上班日）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _count(value: str | None, name: str, unit: str) -> int | None:
    """Parse --days/--hours ourselves so a bad value gets a Chinese message, not click's English."""
    if value is None:
        return None
    text = value.strip()
    try:
        n = int(text)
    except ValueError as exc:
        raise InputError("bad_count", f"{name} 应为非负整数（{unit}数），收到 {value!r}") from exc
    if n < 0:
        raise InputError("bad_count", f"{name} 不能为负数（收到 {n}）")
    if n > 3660:
        raise InputError("bad_count", f"{name} 过大（{n}），时限最多 3660 {unit}")
    return n


def _zh_full(dt: datetime) -> str:
    from hotline.calendar.format import zh_when

    return f"{dt.year}年{zh_when(dt)}"


def _deadline(from_: str | None, days: str | None, hours: str | None) -> dict[str, Any]:
    from hotline.calendar.workdays import default_calendar, local

    if from_ is None or not from_.strip():
        raise InputError(
            "missing_from", "请用 --from 给出起算时间，如 --from 2026-09-30 或 --from 2026-09-30T10:00"
        )
    n_days = _count(days, "--days", "工作日")
    n_hours = _count(hours, "--hours", "小时")
    if (n_days is None) == (n_hours is None):
        raise InputError("bad_limit", "请在 --days（工作日）与 --hours（小时）中二选一")
    start = parse_when(from_, name="起算时间")
    assert start is not None
    start = local(start)
    calendar = default_calendar()
    out: dict[str, Any] = {"from": start.isoformat(timespec="seconds")}
    if n_days is not None:
        due, provisional = calendar.add_working_days(start, n_days)
        out["days"] = n_days
    else:
        assert n_hours is not None
        due, provisional = calendar.add_hours(start, n_hours), False
        out["hours"] = n_hours
    out["due"] = due.isoformat(timespec="seconds")
    out["provisional"] = provisional
    return out


def _render_deadline(result: dict[str, Any]) -> str:
    start = datetime.fromisoformat(result["from"])
    due = datetime.fromisoformat(result["due"])
    if "days" in result:
        limit = f"{result['days']} 个工作日（起算当天不计，到最后一个工作日 24:00 止）"
    else:
        limit = f"{result['hours']} 小时（按钟点连续计算，节假日照常计时）"
    lines = [f"起算：{_zh_full(start)}", f"时限：{limit}", f"截止：{_zh_full(due)}"]
    if result["provisional"]:
        lines.append(
            "注意：所跨年份的放假安排尚未公布或未载入，以上按《全国年节及纪念日放假办法》推算，属暂定结果；"
            "公布后请用 hotline calendar load 载入。"
        )
    return "\n".join(lines)


def _year(value: str) -> int:
    try:
        year = int(value.strip())
    except ValueError as exc:
        raise InputError("bad_year", f"年份应为四位数字，如 2027，收到 {value!r}") from exc
    if not 1900 <= year <= 2200:
        raise InputError("bad_year", f"年份 {year} 超出范围")
    return year


def _show(year_text: str) -> dict[str, Any]:
    from hotline.calendar.workdays import default_calendar

    year = _year(year_text)
    sched = default_calendar().schedule(year)
    return {
        "year": sched.year,
        "origin": sched.origin,
        "provisional": sched.provisional,
        "source": sched.source,
        "holidays": [
            {"name": b.name, "start": b.start.isoformat(), "end": b.end.isoformat(), "days": b.length}
            for b in sched.holidays
        ],
        "workdays": [{"date": m.day.isoformat(), "name": m.name} for m in sched.workdays],
    }


def _render_show(year: int) -> str:
    from hotline.calendar.schedule import ORIGIN_ZH
    from hotline.calendar.workdays import default_calendar

    sched = default_calendar().schedule(year)
    mark = "（暂定）" if sched.provisional else ""
    lines = [f"{year} 年放假安排：{ORIGIN_ZH[sched.origin]}", f"来源：{sched.source}", "", "放假："]
    lines += [f"  {b.zh()}{mark}" for b in sched.holidays]
    lines += ["", "调休上班："]
    lines += [f"  {m.zh()}" for m in sched.workdays] or [
        "  （暂无：调休上班日以国务院公布为准）" if sched.provisional else "  （无）"
    ]
    if sched.provisional:
        lines += [
            "",
            f"说明：{year} 年的放假安排尚未公布或未载入，以上按法定节假日及“适逢周末在工作日补假”推算；"
            f"公布后请用 hotline calendar load 载入该年安排。",
        ]
    return "\n".join(lines)


def _load(file: Path) -> list[str]:
    from hotline.calendar.schedule import install_schedule
    from hotline.calendar.workdays import calendar_dir, reset_default_calendar
    from hotline.config import get_settings

    done = install_schedule(file, calendar_dir(get_settings()))
    reset_default_calendar()
    s = done.schedule
    lines = [
        f"已载入 {s.year} 年放假安排：{len(s.holidays)} 个假期、{len(s.workdays)} 个调休上班日。",
        f"来源：{s.source}",
        f"保存于：{done.path}",
    ]
    if done.replaced_package:
        lines.append(f"注意：内置日历已有 {s.year} 年的安排，今后以刚载入的文件为准。")
    if done.replaced_file:
        lines.append(f"已替换此前载入的 {s.year} 年安排。")
    if done.missing:
        lines.append(
            f"警告：这份安排没有给出以下法定节假日，它们将按工作日计算时限：{'、'.join(done.missing)}。"
            "国务院的放假通知总是包含全部法定节假日，请对照通知核对，补全后重新载入。"
        )
    return lines


def register(app: typer.Typer) -> None:
    @app.command("deadline")
    def deadline(
        from_: Annotated[
            str | None, typer.Option("--from", help="起算日期或时间，如 2026-09-30 或 2026-09-30T10:00")
        ] = None,
        days: Annotated[str | None, typer.Option("--days", help="时限：工作日数（起算当天不计）")] = None,
        hours: Annotated[str | None, typer.Option("--hours", help="时限：小时数（钟点连续计算）")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    ) -> None:
        """按中国工作日日历计算截止时间（含节假日与调休）。"""
        result = guarded(lambda: _deadline(from_, days, hours), as_json=as_json)
        typer.echo(dump(result) if as_json else _render_deadline(result))

    @calendar_app.command("load")
    def load(
        file: Annotated[Path, typer.Argument(help="放假安排 YAML 文件（格式见 docs/time-limits.md）")],
    ) -> None:
        """校验并载入某一年的放假安排，之后计算截止时间以它为准。"""
        for line in guarded(lambda: _load(file)):
            typer.echo(line)

    @calendar_app.command("show")
    def show(
        year: Annotated[str, typer.Argument(help="年份，如 2027")],
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
    ) -> None:
        """列出某年的假期与调休上班日，并标明来源与是否暂定。"""
        result = guarded(lambda: _show(year), as_json=as_json)
        typer.echo(dump(result) if as_json else _render_show(result["year"]))

    app.add_typer(calendar_app, name="calendar")
