"""`hotline insights …`, `hotline inspect`, `hotline handbook`, `hotline replies score`.

Thin commands over `hotline.loop.insights` and `hotline.loop.inspection`: parse input, call one
function, print. Input is a file (CSV, JSON) or, without `--csv`, the tickets of the period in the
database (`HOTLINE_DATABASE_URL`), turned into the same plain records.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from hotline.cli.common import dump, guarded, parse_when
from hotline.errors import InputError
from hotline.loop.insights.tickets import (
    TicketRecord,
    read_tickets,
    tickets_as_cases,
    tickets_as_events,
    tickets_as_messages,
)

FromOpt = Annotated[str | None, typer.Option("--from", help="起始日期，如 2019-11-01")]
ToOpt = Annotated[str | None, typer.Option("--to", help="截止日期（含当天），如 2019-12-31")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _period(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    s = parse_when(start, name="起始时间")
    e = parse_when(end, name="截止时间")
    if e is not None and len(end or "") <= 10:
        e = e.replace(hour=23, minute=59, second=59)
    if s and e and s > e:
        raise InputError("bad_period", "起始时间晚于截止时间")
    return s, e


def _store_tickets(start: datetime | None, end: datetime | None) -> list[TicketRecord]:
    from hotline.config import get_settings

    rows = read_tickets(get_settings().database(), start, end)
    if not rows:
        raise InputError("no_tickets", "工单库中所选时间段内没有工单（也可以用 --csv 指定文件）")
    return rows


def _hotspot_text(report: dict[str, Any]) -> str:
    lines = [
        f"时段 {report['period']['from']} 至 {report['period']['to']}，留言 {report['total_messages']} 条，"
        f"成簇 {report['clusters']} 个，热点 {len(report['hotspots'])} 个："
    ]
    for h in report["hotspots"]:
        lines.append(
            f"{h['rank']:>3}. 热度 {h['heat']:>5}  {h['label']}（{h['messages']} 条，{h['callers']} 人，"
            f"点赞 {h['likes']}，{h['first'][:10] if h['first'] else '?'} 至 {h['last'][:10] if h['last'] else '?'}，{h['trend']}）"
        )
        for c in h["cases"][:2]:
            lines.append(f"       · {c['title']}")
    return "\n".join(lines)


def _inspection_text(name: str, r: dict[str, Any]) -> str:
    from hotline.loop.inspection.score import STAGE_ZH

    head = f"{name}" + (f"（坐席 {r['operator']}）" if r.get("operator") else "")
    stages = "  ".join(f"{STAGE_ZH[k]} {v}" for k, v in r["stages"].items())
    lines = [f"{head}：总分 {r['total']}　{stages}"]
    sev = {"high": "严重", "medium": "一般", "low": "提示"}
    for f in r["findings"]:
        where = f"第 {f['turn'] + 1} 句" if f["turn"] is not None else "整通"
        words = f"“{f['words']}”" if f["words"] else ""
        lines.append(f"  [{sev[f['severity']]}·{STAGE_ZH[f['stage']]}] {where}{words}：{f['tip']}")
    for s in r.get("strengths", []):
        lines.append(f"  [做得好] {s}")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    insights = typer.Typer(help="洞察：热点痛点、预警。", no_args_is_help=True)
    app.add_typer(insights, name="insights")
    replies = typer.Typer(help="承办单位答复质量。", no_args_is_help=True)
    app.add_typer(replies, name="replies")

    @insights.command("hotspots")
    def hotspots(
        csv: Annotated[
            Path | None, typer.Option("--csv", help="留言 CSV：message_id,title,detail,time,likes")
        ] = None,
        start: FromOpt = None,
        end: ToOpt = None,
        top: Annotated[int, typer.Option("--top", min=1, help="列出前 N 个热点")] = 10,
        as_json: JsonOpt = False,
    ) -> None:
        """把一段时间的留言归并成问题，按热度排出热点痛点。"""

        def run() -> dict[str, Any]:
            from hotline.loop.insights.hotspots import mine
            from hotline.loop.insights.records import read_messages_csv

            s, e = _period(start, end)
            messages = read_messages_csv(csv) if csv else tickets_as_messages(_store_tickets(s, e))
            return mine(messages, start=s, end=e, top=top).to_dict()

        report = guarded(run, as_json=as_json)
        typer.echo(dump(report) if as_json else _hotspot_text(report))

    @insights.command("warnings")
    def warnings(
        csv: Annotated[
            Path | None, typer.Option("--csv", help="按时间排列的诉求 CSV：id,problem,place,time")
        ] = None,
        backtest: Annotated[
            bool, typer.Option("--backtest", help="在生成的历史数据上回测（含埋入的突增）")
        ] = False,
        weeks: Annotated[int, typer.Option("--weeks", min=3, max=104, help="回测生成的周数")] = 16,
        seed: Annotated[int, typer.Option("--seed", help="回测随机种子")] = 42,
        start: FromOpt = None,
        end: ToOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """未诉先办预警：某类问题在某地异常上升时提醒值班长和承办单位。"""

        def run() -> dict[str, Any]:
            if backtest:
                from hotline.loop.insights.backtest import backtest as run_backtest
                from hotline.loop.insights.backtest import generate

                result = run_backtest(generate(weeks=weeks, warmup_weeks=min(6, weeks - 2), seed=seed))
                return {"backtest": result.summary(), "warnings": [w.to_dict() for w in result.warnings[:20]]}
            from hotline.loop.insights.warning import detect

            if csv:
                return {"warnings": [w.to_dict() for w in detect(_read_events(csv))]}
            # From the store: the period is watched, the eight weeks before it are the history.
            s, e = _period(start, end)
            if s is None:
                raise InputError("no_period", "从工单库预警需要 --from（起始日期）")
            history = tickets_as_events(
                read_tickets(_database(), s - timedelta(weeks=8), s - timedelta(seconds=1))
            )
            events = tickets_as_events(_store_tickets(s, e))
            return {"warnings": [w.to_dict() for w in detect(events, history=history)]}

        out = guarded(run, as_json=as_json)
        if as_json:
            typer.echo(dump(out))
            return
        if "backtest" in out:
            b = out["backtest"]
            typer.echo(
                f"埋入突增 {b['surges']} 次，发现 {b['detected']} 次（{b['detection_rate']:.0%}），"
                f"中位延迟 {b['median_delay_hours']} 小时，误报 {b['false_alarms']} 次（每周 {b['false_alarms_per_week']} 次）"
            )
            for size, s in b["by_size"].items():
                typer.echo(
                    f"  {size}（+{s['extra_calls']} 件）：{s['detected']}/{s['surges']}，中位延迟 {s['median_delay_hours']} 小时"
                )
        for w in out["warnings"]:
            typer.echo(f"[预警 {w['score']}] {w['message']} 通知：{'、'.join(w['recipients'])}")
        if not out["warnings"]:
            typer.echo("没有预警。")

    @app.command("inspect")
    def inspect(
        files: Annotated[list[Path], typer.Argument(help="通话记录 JSON 文件（可多个）")],
        as_json: JsonOpt = False,
    ) -> None:
        """通话质检：按倾听、温度、行动、闭环四阶打分，给出证据与辅导建议。"""

        def run() -> list[tuple[str, dict[str, Any]]]:
            from hotline.loop.inspection import inspect_call, parse_turns

            out = []
            for path in files:
                data = _read_json(path)
                operator = data.get("operator") if isinstance(data, dict) else None
                turns = parse_turns(data, source=path.name)
                result = inspect_call(turns, operator=str(operator) if operator else None)
                out.append((str(path), result.to_dict()))
            return out

        results = guarded(run, as_json=as_json)
        if as_json:
            if len(results) == 1:
                typer.echo(dump(results[0][1]))
            else:
                typer.echo(dump([{"file": name, **r} for name, r in results]))
            return
        for name, r in results:
            typer.echo(_inspection_text(Path(name).name, r))
        if len(results) > 1:
            typer.echo(_operator_summary(results))

    @app.command("handbook")
    def handbook(
        output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")],
        fmt: Annotated[str, typer.Option("--format", help="md、docx 或 pdf")] = "pdf",
        csv: Annotated[
            Path | None, typer.Option("--csv", help="诉求与答复 CSV（tipdm 答复数据格式）")
        ] = None,
        start: FromOpt = None,
        end: ToOpt = None,
    ) -> None:
        """生成《热线诉求处置手册》：按分类列出痛点、典型案例、主办单位与时限、推荐话术和图表。"""

        def run() -> Path:
            from hotline.loop.insights.handbook import build_handbook, cases_from_replies
            from hotline.loop.insights.handbook_render import FORMATS, write_handbook
            from hotline.loop.insights.records import read_replies_csv

            if fmt not in FORMATS:
                raise InputError("bad_format", f"不支持的格式 {fmt!r}，可选：md、docx、pdf")
            s, e = _period(start, end)
            if csv:
                rows = read_replies_csv(csv)
                typer.echo(f"读取 {len(rows)} 条诉求，正在分类…", err=True)
                cases = cases_from_replies(rows)
            else:
                cases = tickets_as_cases(_store_tickets(s, e))
            hb = build_handbook(
                cases,
                generated_at=datetime.now().replace(second=0, microsecond=0),
                start=s,
                end=e,
                progress=lambda msg: typer.echo(msg, err=True),
            )
            return write_handbook(hb, output, fmt)

        path = guarded(run)
        typer.echo(f"手册已生成：{path}")

    @replies.command("score")
    def score(
        csv: Annotated[Path, typer.Option("--csv", help="诉求与答复 CSV（tipdm 答复数据格式）")],
        limit: Annotated[int, typer.Option("--limit", min=0, help="只输出前 N 条（0 为全部）")] = 0,
        as_json: JsonOpt = False,
    ) -> None:
        """为承办单位的答复打分：相关性、完整性、解释性、及时性，附理由。"""

        def run() -> dict[str, Any]:
            from hotline.loop.insights.records import read_replies_csv
            from hotline.loop.insights.reply_quality import score_reply

            rows = read_replies_csv(csv)
            scored = []
            for r in rows:
                s = score_reply(r.title, r.detail, r.reply, received_at=r.time, replied_at=r.reply_time)
                scored.append({"message_id": r.id, "title": r.title, **s.to_dict(), "labels": r.labels})
            overall = [x["overall"] for x in scored]
            return {
                "count": len(scored),
                "mean_overall": round(sum(overall) / len(overall), 1),
                "replies": scored,
            }

        out = guarded(run, as_json=as_json)
        shown = out["replies"][:limit] if limit else out["replies"]
        if as_json:
            typer.echo(dump({**out, "replies": shown}))
            return
        typer.echo(f"共 {out['count']} 条答复，平均总分 {out['mean_overall']}")
        for x in shown:
            parts = "  ".join(
                f"{zh} {x[k]['score'] if x[k]['score'] is not None else '—'}"
                for k, zh in (
                    ("relevance", "相关"),
                    ("completeness", "完整"),
                    ("explanation", "解释"),
                    ("timeliness", "及时"),
                )
            )
            typer.echo(f"{x['message_id']} 总分 {x['overall']}  {parts}  {x['title'][:24]}")
            reasons = x["completeness"]["reasons"][-1:] + x["explanation"]["reasons"][-1:]
            typer.echo("    " + "；".join(reasons))


def _database() -> str:
    from hotline.config import get_settings

    return get_settings().database()


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件：{path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path.name} 不是有效的 UTF-8 编码") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "bad_json", f"{path.name} 不是合法的 JSON：{exc.msg}（第 {exc.lineno} 行第 {exc.colno} 列）"
        ) from exc


def _read_events(path: Path) -> list[Any]:
    import csv as _csv
    import io

    from hotline.loop.insights.records import parse_time
    from hotline.loop.insights.warning import Event

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise InputError("file_not_found", f"{path} 是目录，请给出 CSV 文件") from exc
    except UnicodeDecodeError as exc:
        # Excel on Chinese Windows saves CSV as GBK: say so instead of a traceback.
        raise InputError(
            "invalid_encoding",
            f"{path.name} 不是 UTF-8 编码（第 {exc.start + 1} 个字节），请另存为 UTF-8 后再试",
        ) from exc
    reader = _csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "problem", "place", "time") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("csv_columns", f"{path.name} 缺少列：{'、'.join(missing)}")
    events = []
    for row in reader:
        when = parse_time(row["time"] or "", field="time", line=reader.line_num, source=path.name)
        if when is None:
            raise InputError(
                "csv_value", f"{path.name} 第 {reader.line_num} 行缺少时间", line=reader.line_num
            )
        events.append(Event(id=row["id"], problem=row["problem"], place=row["place"], time=when))
    return events


def _operator_summary(results: list[tuple[str, dict[str, Any]]]) -> str:
    from hotline.loop.inspection.score import STAGE_ZH, STAGES

    by_op: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, r in results:
        by_op[r.get("operator") or "未注明坐席"].append(r)
    lines = ["", "按坐席汇总："]
    for op, rs in sorted(by_op.items()):
        means = {s: round(sum(r["stages"][s] for r in rs) / len(rs)) for s in STAGES}
        weakest = min(means, key=lambda s: means[s])
        total = round(sum(r["total"] for r in rs) / len(rs))
        stages = "  ".join(f"{STAGE_ZH[s]} {v}" for s, v in means.items())
        lines.append(f"  {op}：{len(rs)} 通，平均 {total} 分（{stages}），最需加强：{STAGE_ZH[weakest]}")
    return "\n".join(lines)
