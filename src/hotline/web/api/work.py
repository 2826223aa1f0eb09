"""`/api/v1/tasks`, `/api/v1/outbox`, `/api/v1/rates`, `/api/v1/units`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from hotline.errors import Forbidden
from hotline.loop.rates import rates_report
from hotline.tickets.roles import Actor
from hotline.web.api.deps import Hotline, get_hotline
from hotline.web.auth import ANY_ROLE, require

router = APIRouter()
Ctx = Annotated[Hotline, Depends(get_hotline)]


@router.get("/tasks", tags=["任务"], summary="待办任务：本人、本岗位或本单位的")
def tasks(
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require(*ANY_ROLE))],
    mine: bool = False,
    due: Annotated[str | None, Query(max_length=40, description="overdue、soon、today 或 ISO 时间")] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str, Query(max_length=16)] = "open",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    return hotline.tickets.tasks(
        actor, mine=mine, due=due, kind=kind, status=status, page=page, per_page=per_page
    )


@router.post("/tasks/{task_id}/claim", tags=["任务"], summary="认领任务")
def claim(task_id: int, hotline: Ctx, actor: Annotated[Actor, Depends(require(*ANY_ROLE))]) -> dict[str, Any]:
    return hotline.tickets.claim_task(actor, task_id)


@router.get("/outbox", tags=["发件箱"], summary="发给来电人的短信")
def outbox(
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require("operator", "shift_leader", "expert", "manager", "admin"))],
    status: Annotated[str | None, Query(pattern="^(pending|sent|failed)$")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    return hotline.tickets.outbox(actor, status=status, page=page, per_page=per_page)


@router.get("/rates", tags=["三率"], summary="响应率、解决率、满意率")
def rates(
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require(*ANY_ROLE))],
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    unit: Annotated[str | None, Query(max_length=32)] = None,
    category: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    if actor.role == "unit_handler":
        if unit and unit != actor.unit:
            raise Forbidden("other_unit", "只能查看本单位的三率", unit=unit)
        unit = actor.unit
    return rates_report(
        hotline.store, hotline.settings, hotline.clock(), start=since, end=until, unit=unit, category=category
    )


@router.get("/units", tags=["承办单位"], summary="承办单位目录")
def units(hotline: Ctx, actor: Annotated[Actor, Depends(require(*ANY_ROLE))]) -> dict[str, Any]:
    with hotline.store.read() as tx:
        rows = sorted(tx.units().values(), key=lambda u: u.code)
        items = [
            {"code": u.code, "name": u.name, "parent": u.parent, "kind": u.kind} for u in rows if u.active
        ]
    return {"items": items, "total": len(items)}
