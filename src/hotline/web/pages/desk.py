"""The shift leader's desk: live hand-ups, escalations, overdue and supervised tickets, returned
tickets to re-dispatch, pending extensions, merge suggestions and return visits due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hotline.errors import HotlineError
from hotline.web.pages import escalations
from hotline.web.pages.deps import PageProblem, field, hotline, require_page, require_post
from hotline.web.pages.merges import desk_suggestions
from hotline.web.pages.render import render
from hotline.web.pages.workspace import unit_choices

router = APIRouter(include_in_schema=False)
LEADERS = ("shift_leader", "admin")


def due_visits(h: Any, *, limit: int = 20) -> list[dict[str, Any]]:
    """Return visits due by the end of tomorrow (the operators' tasks), soonest first."""
    from hotline.tickets.views import task_view

    now = h.clock()
    horizon = (now + timedelta(days=1)).replace(hour=23, minute=59, second=59)
    with h.store.read() as tx:
        rows, _ = tx.tasks(status="open", kinds=["return_visit"], due_before=horizon, limit=limit)
        numbers = {
            t.id: t.number for t in tx.tickets_by_ids(r.ticket_id for r in rows if r.ticket_id).values()
        }
        return [task_view(t, now, numbers.get(t.ticket_id or 0)) for t in rows]


def escalated_tickets(h: Any, *, days: int = 7, limit: int = 8) -> list[dict[str, Any]]:
    """Recent open tickets whose call the analysis said a shift leader should take up."""
    from hotline.store.models import Call
    from hotline.store.repo import TicketFilter

    now = h.clock()
    out: list[dict[str, Any]] = []
    with h.store.read() as tx:
        rows, _ = tx.tickets(
            TicketFilter(
                status=("registered", "dispatched", "accepted", "returned", "reopened"),
                since=now - timedelta(days=days),
            ),
            limit=300,
        )
        for t in rows:
            call = tx.get(Call, t.call_id)
            esc = ((call.analysis if call else None) or {}).get("escalation") or {}
            if esc.get("level") in ("shift_leader", "expert") and esc.get("reasons"):
                out.append(
                    {
                        "id": t.id,
                        "number": t.number,
                        "summary": t.summary,
                        "level": esc.get("level_zh") or esc.get("level"),
                        "reasons": esc.get("reasons") or [],
                        "repeat_calls": call.repeat_calls if call else 0,
                    }
                )
            if len(out) >= limit:
                break
    return out


@router.get("/desk")
def desk(request: Request) -> Response:
    session = require_page(request, *LEADERS)
    h = hotline(request)
    actor = session.actor
    now = h.clock()
    try:
        overdue = h.tickets.search(actor, overdue=True, order="deadline", per_page=20)
        supervised = h.tickets.search(
            actor,
            supervised=True,
            status=["dispatched", "accepted", "reopened"],
            order="deadline",
            per_page=15,
        )
        returned = h.tickets.search(actor, status=["returned"], per_page=15)
        tasks = h.tickets.tasks(actor, per_page=30)
    except HotlineError as err:
        raise PageProblem(err) from None
    extensions = [t for t in tasks["items"] if t["kind"] == "extension_review"]
    others = [t for t in tasks["items"] if t["kind"] != "extension_review"]
    return render(
        request,
        "desk.html",
        {
            "handups": escalations.open_items(h.store, escalations.HANDUP, now),
            "escalated": escalated_tickets(h),
            "overdue": overdue,
            "supervised": supervised,
            "returned": returned,
            "extensions": extensions,
            "tasks": others,
            "merges": desk_suggestions(h),
            "visits": due_visits(h),
            "units": unit_choices(h.store.url, h.store),
            "done": request.query_params.get("done"),
        },
        session=session,
    )


@router.get("/desk/handups")
def handups(request: Request) -> Response:
    """The hand-ups list alone: the desk polls it, so a new request shows up without a reload."""
    session = require_page(request, *LEADERS)
    h = hotline(request)
    items = escalations.open_items(h.store, escalations.HANDUP, h.clock())
    return render(request, "_handups.html", {"handups": items}, session=session)


@router.post("/desk/handups/{task_id}")
async def settle_handup(request: Request, task_id: int) -> Response:
    session, form = await require_post(request, *LEADERS)
    h = hotline(request)
    try:
        escalations.close_item(
            h.store,
            session.actor,
            task_id,
            kind=escalations.HANDUP,
            result=field(form, "result", required=True, limit=500, label="处理情况"),
            now=h.clock(),
        )
    except HotlineError as err:
        raise PageProblem(err, back="/desk") from None
    return RedirectResponse("/desk?done=handup", status_code=303)
