"""`/api/v1/tickets`: register appeals and move tickets through their lifecycle.

Handlers only translate HTTP to service calls; the rules live in `TicketService`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from hotline.errors import InputError
from hotline.tickets.roles import Actor
from hotline.tickets.service import NewTicket
from hotline.web.api import schemas as s
from hotline.web.api.deps import Hotline, expected_version, get_hotline, ticket_id, with_etag
from hotline.web.auth import ANY_ROLE, current_actor, require

router = APIRouter(prefix="/tickets", tags=["工单"])

Ctx = Annotated[Hotline, Depends(get_hotline)]
Anyone = Annotated[Actor, Depends(require(*ANY_ROLE))]


@router.post("", status_code=201, summary="登记诉求（可带 Idempotency-Key）")
def create_ticket(
    body: s.TicketCreate,
    hotline: Ctx,
    actor: Annotated[Actor, Depends(require("operator", "shift_leader", "admin"))],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    caller = body.caller or s.CallerIn()
    req = NewTicket(
        text=body.text,
        caller_name=caller.name,
        caller_phone=caller.phone.replace(" ", "").replace("-", "") if caller.phone else None,
        caller_address=caller.address,
        channel=body.channel,
        received_at=s.local(body.received_at),
        unit=body.unit,
        co_units=body.co_units,
        category=body.category,
        appeal_kind=body.appeal_kind,
        urgency=body.urgency,
        direct_answer=body.direct_answer,
        dispatch=body.dispatch,
        confidential=body.confidential,
        feedback_by=s.local(body.feedback_by),
        utterances=[(u.speaker, u.text) for u in body.utterances],
    )
    result = hotline.tickets.create(actor, req, idempotency_key=idempotency_key)
    view = result.ticket
    headers = {"ETag": f'"{view["version"]}"', "Location": f"/api/v1/tickets/{view['id']}"}
    if not result.created:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(view, status_code=201 if result.created else 200, headers=headers)


def _day(value: date | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    return datetime.combine(value + timedelta(days=1) if end else value, time())


@router.get("", summary="工单列表")
def list_tickets(
    hotline: Ctx,
    actor: Anyone,
    status: Annotated[list[str] | None, Query(max_length=8)] = None,
    unit: Annotated[str | None, Query(max_length=s.UNIT_MAX)] = None,
    category: Annotated[str | None, Query(max_length=s.CATEGORY_MAX)] = None,
    overdue: bool | None = None,
    supervised: bool | None = None,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    order: Annotated[str, Query(pattern="^(id|deadline)$")] = "id",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    statuses = [x for v in status or [] for x in v.split(",") if x]
    return hotline.tickets.search(
        actor,
        status=statuses,
        unit=unit,
        category=category,
        overdue=overdue,
        supervised=supervised,
        since=_day(since),
        until=_day(until, end=True),
        page=page,
        per_page=per_page,
        order=order,
    )


@router.get("/{ref}", summary="工单详情（含流转记录、任务、回访、短信）")
def get_ticket(ref: str, hotline: Ctx, actor: Anyone, response: Response) -> dict[str, Any]:
    return with_etag(response, hotline.tickets.get(actor, ticket_id(hotline, actor, ref)))


def _move(
    hotline: Hotline,
    actor: Actor,
    request: Request,
    response: Response,
    ref: str,
    body: s.Versioned,
    method: str,
    **kw: Any,
) -> dict[str, Any]:
    version = expected_version(request, body.version)
    fn = getattr(hotline.tickets, method)
    return with_etag(response, fn(actor, ticket_id(hotline, actor, ref), version=version, **kw))


Who = Annotated[Actor, Depends(current_actor)]


@router.post("/{ref}/dispatch", summary="派单 / 退单后重新派单")
def dispatch(
    ref: str, body: s.DispatchIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(
        hotline,
        actor,
        request,
        response,
        ref,
        body,
        "dispatch",
        unit=body.unit,
        co_units=body.co_units,
        note=body.note,
    )


@router.post("/{ref}/accept", summary="承办单位签收")
def accept(
    ref: str, hotline: Ctx, actor: Who, request: Request, response: Response, body: s.NoteIn | None = None
) -> dict[str, Any]:
    body = body or s.NoteIn()
    return _move(hotline, actor, request, response, ref, body, "accept", note=body.note)


@router.post("/{ref}/return", summary="承办单位退单（须说明理由）")
def return_ticket(
    ref: str, body: s.ReturnIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(hotline, actor, request, response, ref, body, "return_", reason=body.reason)


@router.post("/{ref}/extension", summary="申请延期")
def request_extension(
    ref: str, body: s.ExtensionIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(
        hotline, actor, request, response, ref, body, "request_extension", days=body.days, reason=body.reason
    )


@router.post("/{ref}/extension/approve", summary="批准延期")
def approve_extension(
    ref: str, hotline: Ctx, actor: Who, request: Request, response: Response, body: s.ApproveIn | None = None
) -> dict[str, Any]:
    body = body or s.ApproveIn()
    return _move(
        hotline, actor, request, response, ref, body, "approve_extension", days=body.days, note=body.note
    )


@router.post("/{ref}/extension/refuse", summary="驳回延期")
def refuse_extension(
    ref: str, hotline: Ctx, actor: Who, request: Request, response: Response, body: s.NoteIn | None = None
) -> dict[str, Any]:
    body = body or s.NoteIn()
    return _move(hotline, actor, request, response, ref, body, "refuse_extension", note=body.note)


@router.post("/{ref}/reply", summary="承办单位答复")
def reply(
    ref: str, body: s.ReplyIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(
        hotline, actor, request, response, ref, body, "reply", content=body.content, resolved=body.resolved
    )


@router.post("/{ref}/visit", summary="回访结果：满意或基本满意且已解决则办结，否则重办")
def visit(
    ref: str, body: s.VisitIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(
        hotline,
        actor,
        request,
        response,
        ref,
        body,
        "visit",
        satisfaction=body.satisfaction,
        resolved=body.resolved,
        note=body.note,
    )


@router.post("/{ref}/merge", summary="并单")
def merge(
    ref: str, body: s.MergeIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    into = body.into
    if isinstance(into, str):
        into = ticket_id(hotline, actor, into.strip())
    if into < 1:
        raise InputError("bad_ticket", "要并入的工单编号不对")
    return _move(hotline, actor, request, response, ref, body, "merge", into=into, note=body.note)


@router.post("/{ref}/supervise", summary="督办")
def supervise(
    ref: str, hotline: Ctx, actor: Who, request: Request, response: Response, body: s.NoteIn | None = None
) -> dict[str, Any]:
    body = body or s.NoteIn()
    return _move(hotline, actor, request, response, ref, body, "supervise", note=body.note)


@router.post("/{ref}/notes", summary="协办单位填写协办意见")
def add_note(
    ref: str, body: s.ContentIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(hotline, actor, request, response, ref, body, "add_note", content=body.content)


@router.post("/{ref}/updates", summary="向来电人反馈进度（写入发件箱）")
def send_update(
    ref: str, body: s.UpdateIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(hotline, actor, request, response, ref, body, "send_update", content=body.content)


@router.post("/{ref}/answer", summary="直接答复并办结")
def answer(
    ref: str, body: s.ContentIn, hotline: Ctx, actor: Who, request: Request, response: Response
) -> dict[str, Any]:
    return _move(hotline, actor, request, response, ref, body, "answer", content=body.content)
