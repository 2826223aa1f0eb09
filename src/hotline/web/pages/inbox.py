"""The unit inbox: the unit's open tickets by deadline, overdue first, with the moves at hand."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.errors import HotlineError
from hotline.web.pages.deps import PageProblem, hotline, require_page
from hotline.web.pages.render import render

router = APIRouter(include_in_schema=False)
WORKING = ["dispatched", "accepted", "reopened"]


def deadline_of(t: dict[str, Any]) -> str:
    d = t["deadlines"]
    return str((d["accept_by"] if t["status"] == "dispatched" else d["reply_by"]) or "9999")


@router.get("/inbox")
def inbox(request: Request) -> Response:
    session = require_page(request, "unit_handler")
    h = hotline(request)
    actor = session.actor
    try:
        open_ = h.tickets.search(actor, status=WORKING, order="deadline", per_page=100)
        replied = h.tickets.search(actor, status=["replied"], per_page=10)
        tasks = h.tickets.tasks(actor, per_page=20)
    except HotlineError as err:
        raise PageProblem(err) from None
    items = sorted(open_["items"], key=lambda t: (not t["overdue"], deadline_of(t)))
    mine = [t for t in items if t["lead_unit"] and t["lead_unit"]["code"] == actor.unit]
    co = [t for t in items if t not in mine]
    with h.store.read() as tx:
        unit = tx.unit(actor.unit or "")
        unit_name = unit.name if unit else actor.unit
    return render(
        request,
        "inbox.html",
        {
            "unit_name": unit_name,
            "lead": mine,
            "co": co,
            "total": open_["total"],
            "replied": replied["items"],
            "tasks": tasks["items"],
            "overdue_count": sum(1 for t in mine if t["overdue"]),
            "deadline_of": deadline_of,
            "done": request.query_params.get("done"),
        },
        session=session,
    )
