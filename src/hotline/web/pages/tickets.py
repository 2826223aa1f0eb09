"""The ticket page (the whole trail, deadlines, messages, the return visit), the ticket search,
and every move a page can make on a ticket, each a small form posting to one handler."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from hotline.errors import HotlineError, InputError
from hotline.tickets.lifecycle import STATE_ZH
from hotline.tickets.roles import Actor
from hotline.web.pages.deps import (
    PageProblem,
    field,
    hotline,
    int_field,
    require_page,
    require_post,
    safe_next,
)
from hotline.web.pages.render import render
from hotline.web.pages.workspace import unit_choices

router = APIRouter(include_in_schema=False)
ANY = ("operator", "shift_leader", "expert", "unit_handler", "manager", "admin")
SEARCHERS = ("operator", "shift_leader", "expert", "manager", "admin")

DONE = {
    "created": "工单已登记。回电承诺已列入您的待办。",
    "accept": "已签收。",
    "return": "已退单，值班长将重新派单。",
    "request_extension": "延期申请已提交，等待值班长审批。",
    "approve_extension": "已批准延期。",
    "refuse_extension": "已驳回延期申请。",
    "reply": "已答复，中心将回访来电人。",
    "dispatch": "已派单。",
    "visit": "回访结果已记录。",
    "merge": "已并单。",
    "supervise": "已督办。",
    "note": "协办意见已记录。",
    "update": "进度反馈已发送给来电人。",
    "answer": "已直接答复并办结。",
}


def _yes(form: FormData, name: str) -> bool:
    return field(form, name, limit=5) in ("yes", "true", "1", "on")


def apply_move(h: Any, actor: Actor, ticket_id: int, name: str, form: FormData) -> None:
    """Run one move from a page form through the ticket service."""
    s = h.tickets
    version = int_field(form, "version", label="版本")
    note = field(form, "note", limit=2000) or None
    if name == "accept":
        s.accept(actor, ticket_id, note=note, version=version)
    elif name == "return":
        s.return_(
            actor,
            ticket_id,
            reason=field(form, "reason", required=True, limit=500, label="退单理由"),
            version=version,
        )
    elif name == "request_extension":
        days = int_field(form, "days", label="延期天数")
        if days is None:
            raise InputError("field_required", "请填写延期天数")
        reason = field(form, "reason", required=True, limit=500, label="延期理由")
        s.request_extension(actor, ticket_id, days=days, reason=reason, version=version)
    elif name == "approve_extension":
        s.approve_extension(
            actor, ticket_id, days=int_field(form, "days", label="批准天数"), note=note, version=version
        )
    elif name == "refuse_extension":
        s.refuse_extension(actor, ticket_id, note=note, version=version)
    elif name == "reply":
        content = field(form, "content", required=True, limit=5000, label="答复内容")
        s.reply(actor, ticket_id, content=content, resolved=_yes(form, "resolved"), version=version)
    elif name == "dispatch":
        co = [
            c.strip() for c in field(form, "co_units", limit=500).replace("，", ",").split(",") if c.strip()
        ]
        unit = field(form, "unit", required=True, limit=32, label="主办单位")
        s.dispatch(actor, ticket_id, unit=unit, co_units=co, note=note, version=version)
    elif name == "visit":
        satisfaction = field(form, "satisfaction", required=True, limit=20, label="满意度")
        s.visit(
            actor,
            ticket_id,
            satisfaction=satisfaction,
            resolved=_yes(form, "resolved"),
            note=note,
            version=version,
        )
    elif name == "merge":
        into = field(form, "into", required=True, limit=40, label="并入的工单")
        target = int(into) if into.isdigit() else s.get_by_number(actor, into)["id"]
        s.merge(actor, ticket_id, into=target, note=note, version=version)
    elif name == "supervise":
        s.supervise(actor, ticket_id, note=note, version=version)
    elif name == "note":
        s.add_note(
            actor,
            ticket_id,
            content=field(form, "content", required=True, limit=5000, label="协办意见"),
            version=version,
        )
    elif name == "update":
        content = field(form, "content", required=True, limit=1000, label="反馈内容")
        s.send_update(actor, ticket_id, content=content, version=version)
    elif name == "answer":
        s.answer(
            actor,
            ticket_id,
            content=field(form, "content", required=True, limit=5000, label="答复内容"),
            version=version,
        )
    else:
        raise InputError("unknown_move", "没有这个操作")


@router.post("/tickets/{ticket_id}/moves/{name}")
async def move(request: Request, ticket_id: int, name: str) -> Response:
    session, form = await require_post(request, *ANY)
    back = f"/tickets/{ticket_id}"
    try:
        apply_move(hotline(request), session.actor, ticket_id, name, form)
    except HotlineError as err:
        raise PageProblem(err, back=back) from None
    target = safe_next(field(form, "next", limit=300), back)
    sep = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{sep}done={name}", status_code=303)


def merge_suggestions(h: Any, actor: Actor, ticket: dict[str, Any]) -> list[dict[str, Any]]:
    """Open tickets that look like the same matter (same caller, place and category, or similar text)."""
    if actor.role not in ("operator", "shift_leader", "admin") or ticket["status"] not in (
        "registered",
        "dispatched",
        "accepted",
        "returned",
        "reopened",
    ):
        return []
    from hotline.web.pages.merges import suggestions_for

    return suggestions_for(h, ticket)


@router.get("/tickets/{ticket_id}")
def ticket_page(request: Request, ticket_id: int) -> Response:
    session = require_page(request, *ANY)
    h = hotline(request)
    try:
        ticket = h.tickets.get(session.actor, ticket_id)
    except HotlineError as err:
        raise PageProblem(err, back="/") from None
    done = DONE.get(request.query_params.get("done", ""))
    return render(
        request,
        "ticket.html",
        {
            "t": ticket,
            "done": done,
            "units": unit_choices(h.store.url, h.store) if "dispatch" in ticket["moves"] else [],
            "merges": merge_suggestions(h, session.actor, ticket),
            "now": h.clock(),
        },
        session=session,
    )


@router.get("/tickets")
def ticket_search(request: Request) -> Response:
    session = require_page(request, *SEARCHERS)
    h = hotline(request)
    q = request.query_params
    number = (q.get("number") or "").strip()
    if number:
        try:
            found = h.tickets.get_by_number(session.actor, number)
            return RedirectResponse(f"/tickets/{found['id']}", status_code=303)
        except HotlineError:
            pass
    status = q.get("status") or ""
    page = max(1, int(q.get("page") or 1)) if (q.get("page") or "1").isdigit() else 1
    try:
        result = h.tickets.search(
            session.actor,
            status=[status] if status else None,
            overdue=True if q.get("overdue") == "1" else None,
            supervised=True if q.get("supervised") == "1" else None,
            category=q.get("category") or None,
            unit=q.get("unit") or None,
            page=page,
            per_page=30,
        )
    except HotlineError as err:
        raise PageProblem(err, back="/tickets") from None
    next_page = ""
    if result["total"] > page * result["per_page"]:
        params = {k: v for k, v in q.items() if k in ("status", "overdue", "supervised", "category", "unit")}
        next_page = urlencode({**params, "page": page + 1})
    return render(
        request,
        "tickets.html",
        {
            "result": result,
            "states": STATE_ZH,
            "q": q,
            "number_missing": bool(number),
            "next_page": next_page,
        },
        session=session,
    )
