"""`/api/v1/tickets/import` and `/api/v1/tickets/export` (CSV or XLSX)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response

from hotline.tickets import bulk, transfer
from hotline.tickets.roles import Actor
from hotline.web.api.deps import MAX_UPLOAD, Hotline, get_hotline
from hotline.web.auth import require

router = APIRouter(prefix="/tickets", tags=["导入导出"])
Ctx = Annotated[Hotline, Depends(get_hotline)]

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.post("/import", summary="从 CSV/XLSX 导入工单（全部合格才导入）")
async def import_tickets(
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require("operator", "shift_leader", "admin"))],
    file: Annotated[UploadFile, File(description="CSV（UTF-8）或 XLSX 文件")],
) -> dict[str, Any]:
    kind = transfer.file_kind(file.filename or "")
    raw = await file.read(MAX_UPLOAD + 1)
    from hotline.errors import HotlineError

    if len(raw) > MAX_UPLOAD:
        raise HotlineError("payload_too_large", f"文件过大：上限 {MAX_UPLOAD // 1_000_000} MB", status=413)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(bulk.import_file, hotline.tickets, actor, raw, kind)


@router.get("/export", summary="导出工单为 CSV/XLSX")
def export_tickets(
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require("operator", "shift_leader", "expert", "manager", "admin"))],
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "xlsx",
    status: Annotated[list[str] | None, Query(max_length=8)] = None,
    unit: Annotated[str | None, Query(max_length=32)] = None,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    personal: bool = False,
) -> Response:
    records = bulk.export_records(
        hotline.tickets,
        actor,
        status=[x for v in status or [] for x in v.split(",") if x],
        unit=unit,
        since=datetime.combine(since, time()) if since else None,
        until=datetime.combine(until + timedelta(days=1), time()) if until else None,
        personal=personal,
    )
    body = transfer.write_file(format, records)
    name = f"工单导出-{hotline.clock():%Y%m%d-%H%M}.{format}"
    disposition = f"attachment; filename=tickets.{format}; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=MEDIA[format], headers={"Content-Disposition": disposition})
