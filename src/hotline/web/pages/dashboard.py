"""The manager dashboard: the three rates by unit and category, volume and trend, category mix,
overdue tickets and repeat callers, for a chosen period; and the same as an XLSX workbook."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.errors import HotlineError, InputError
from hotline.loop.rates import rates_report
from hotline.web.pages.deps import PageProblem, hotline, require_page
from hotline.web.pages.render import pct, render
from hotline.web.pages.stats import Figures, figures

router = APIRouter(include_in_schema=False)
VIEWERS = ("manager", "shift_leader", "admin")
PRESETS = (("month", "本月"), ("30d", "近 30 天"), ("90d", "近 90 天"), ("year", "本年"))


def period_of(q: Any, today: date) -> tuple[date, date, str]:
    preset = q.get("period") or ""
    if q.get("from") or q.get("to"):
        try:
            start = date.fromisoformat(q.get("from")) if q.get("from") else today.replace(day=1)
            end = date.fromisoformat(q.get("to")) if q.get("to") else today
        except ValueError:
            raise InputError("bad_period", "日期格式应为 2026-05-06") from None
        if start > end:
            raise InputError("bad_period", f"开始日期 {start} 晚于结束日期 {end}")
        return start, end, "custom"
    if preset == "30d":
        return today - timedelta(days=29), today, preset
    if preset == "90d":
        return today - timedelta(days=89), today, preset
    if preset == "year":
        return today.replace(month=1, day=1), today, preset
    return today.replace(day=1), today, "month"


def _data(request: Request) -> dict[str, Any]:
    session = require_page(request, *VIEWERS)
    h = hotline(request)
    now: datetime = h.clock()
    q = request.query_params
    try:
        start, end, preset = period_of(q, now.date())
        unit = q.get("unit") or None
        category = q.get("category") or None
        report = rates_report(h.store, h.settings, now, start=start, end=end, unit=unit, category=category)
        figs = figures(h.store, start=start, end=end, unit=unit, category=category)
        overdue = h.tickets.search(
            session.actor, overdue=True, unit=unit, category=category, order="deadline", per_page=15
        )
    except HotlineError as err:
        raise PageProblem(err, back="/dashboard") from None
    report["by_unit"].sort(
        key=lambda r: (-(r["response"]["counted"] + r["resolution"]["visits"]), r["unit"]["name"])
    )
    with h.store.read() as tx:
        units = sorted(((u.code, u.name) for u in tx.units().values()), key=lambda x: x[0])
    return {
        "session": session,
        "report": report,
        "figs": figs,
        "overdue": overdue,
        "start": start,
        "end": end,
        "preset": preset,
        "presets": PRESETS,
        "unit": unit or "",
        "category": category or "",
        "units": units,
        "now": now,
    }


def chart_data(report: dict[str, Any], figs: Figures) -> dict[str, Any]:
    top_units = [r for r in report["by_unit"] if r["response"]["counted"] or r["resolution"]["visits"]][:12]

    def rate(r: dict[str, Any], key: str) -> float | None:
        v = r[key]["rate"]
        return round(v * 100, 1) if isinstance(v, int | float) else None

    return {
        "trend": trend(figs.by_day),
        "categories": [{"name": c, "value": n} for c, n in figs.by_category],
        "units": {
            "names": [r["unit"]["name"] for r in top_units],
            "response": [rate(r, "response") for r in top_units],
            "resolution": [rate(r, "resolution") for r in top_units],
            "satisfaction": [rate(r, "satisfaction") for r in top_units],
        },
        "status": [{"name": s, "value": n} for s, n in figs.by_status],
    }


def trend(by_day: list[tuple[str, int]]) -> dict[str, Any]:
    """Daily counts; weekly sums (labelled by the week's first day) when the period is long."""
    if len(by_day) <= 45:
        return {"unit": "day", "days": [d[5:] for d, _ in by_day], "counts": [n for _, n in by_day]}
    weeks: dict[str, int] = {}
    first = date.fromisoformat(by_day[0][0])
    for d, n in by_day:
        day = date.fromisoformat(d)
        # Weeks start on Monday; the first one starts on the period's first day.
        start = max(day - timedelta(days=day.weekday()), first).isoformat()
        weeks[start] = weeks.get(start, 0) + n
    return {"unit": "week", "days": [f"{d[5:]}周" for d in weeks], "counts": list(weeks.values())}


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    data = _data(request)
    session = data.pop("session")
    data["charts"] = chart_data(data["report"], data["figs"])
    data["query"] = str(request.url.query)
    return render(request, "dashboard.html", data, session=session)


@router.get("/dashboard/export.xlsx")
def export(request: Request) -> Response:
    data = _data(request)
    body = workbook(data)
    name = f"hotline-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _cell(value: Any) -> Any:
    # Text that a spreadsheet would read as a formula is written as plain text (CSV/XLSX injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    report, figs = data["report"], data["figs"]
    wb = Workbook()
    ws = wb.active
    ws.title = "三率总览"
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]]) -> None:
        s = wb.create_sheet(title)
        s.append(header)
        for c in s[1]:
            c.font = bold
        for row in rows:
            s.append([_cell(v) for v in row])
        for col, width in zip("ABCDEFGHIJ", (28, 14, 14, 14, 14, 14, 14, 14, 14, 14), strict=False):
            s.column_dimensions[col].width = width

    o = report["overall"]
    ws.append(["统计区间", f"{data['start']} 至 {data['end']}"])
    ws.append(["导出时间", data["now"].isoformat(sep=" ", timespec="minutes")])
    ws.append(["受理量", figs.total])
    ws.append(
        [
            "响应率",
            pct(o["response"]["rate"]),
            f"按时响应 {o['response']['on_time']} / 计入 {o['response']['counted']}",
        ]
    )
    ws.append(
        [
            "解决率",
            pct(o["resolution"]["rate"]),
            f"已解决 {o['resolution']['resolved']} / 回访 {o['resolution']['visits']}",
        ]
    )
    ws.append(
        [
            "满意率",
            pct(o["satisfaction"]["rate"]),
            f"满意 {o['satisfaction']['satisfied']}，基本满意 {o['satisfaction']['basic']}，不满意 {o['satisfaction']['unsatisfied']}",
        ]
    )
    ws.append(["综合得分", pct(o["score"])])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 48

    def rates_row(label: str, r: dict[str, Any]) -> list[Any]:
        return [
            label,
            r["response"]["counted"],
            pct(r["response"]["rate"]),
            r["resolution"]["visits"],
            pct(r["resolution"]["rate"]),
            pct(r["satisfaction"]["rate"]),
            pct(r["score"]),
        ]

    header = ["名称", "派单数", "响应率", "回访数", "解决率", "满意率", "综合得分"]
    sheet("按单位", ["承办单位", *header[1:]], [rates_row(r["unit"]["name"], r) for r in report["by_unit"]])
    sheet("按分类", ["一级分类", *header[1:]], [rates_row(r["category"], r) for r in report["by_category"]])
    sheet("每日受理量", ["日期", "受理量"], [[d, n] for d, n in figs.by_day])
    sheet("分类构成", ["一级分类", "工单数"], [[c, n] for c, n in figs.by_category])
    sheet(
        "超期工单",
        ["工单编号", "状态", "分类", "主办单位", "签收期限", "办结期限", "摘要"],
        [
            [
                t["number"],
                t["status_label"],
                t["category"] or "",
                (t["lead_unit"] or {}).get("name", ""),
                t["deadlines"]["accept_by"] or "",
                t["deadlines"]["reply_by"] or "",
                t["summary"],
            ]
            for t in data["overdue"]["items"]
        ],
    )
    sheet(
        "重复来电",
        ["来电人", "电话", "工单数", "未办结", "最近来电", "涉及分类"],
        [
            [
                r["name"],
                r["phone"],
                r["count"],
                r["open"],
                r["last"].isoformat(sep=" ", timespec="minutes"),
                "、".join(r["categories"]),
            ]
            for r in figs.repeat_callers
        ],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
