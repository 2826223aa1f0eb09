"""The expert desk: routings the system was not sure of, and policy questions handed up.

An answer goes back to the operator who asked (their workspace shows it) and, when the expert
ticks the box, into a knowledge-base draft for the editors.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hotline.errors import HotlineError
from hotline.web.pages import escalations
from hotline.web.pages.deps import PageProblem, field, hotline, require_page, require_post
from hotline.web.pages.render import render
from hotline.web.pages.workspace import category_choices, unit_choices

router = APIRouter(include_in_schema=False)
EXPERTS = ("expert", "shift_leader", "admin")


def doubtful_routings(h: Any, *, days: int = 7, limit: int = 15) -> list[dict[str, Any]]:
    """Recent open tickets routed with low confidence: dispatched, but worth an expert's look."""
    from hotline.store.models import Call
    from hotline.store.repo import TicketFilter

    now = h.clock()
    threshold = h.settings.route_min_confidence + 0.1
    out: list[dict[str, Any]] = []
    with h.store.read() as tx:
        rows, _ = tx.tickets(
            TicketFilter(status=("dispatched", "accepted"), since=now - timedelta(days=days)), limit=200
        )
        units = tx.units()
        for t in rows:
            call = tx.get(Call, t.call_id)
            route = ((call.analysis if call else None) or {}).get("route") or {}
            confidence = route.get("confidence")
            if not isinstance(confidence, int | float):
                continue
            if confidence < threshold or route.get("expert_review"):
                lead = units.get(t.lead_unit or "")
                out.append(
                    {
                        "id": t.id,
                        "number": t.number,
                        "summary": t.summary,
                        "category": t.category,
                        "unit": lead.name if lead else t.lead_unit,
                        "confidence": confidence,
                        "explanation": route.get("explanation") or "",
                    }
                )
            if len(out) >= limit:
                break
    return out


def suggested_units(h: Any, ticket_ids: list[int]) -> dict[int, str]:
    """The lead unit routing suggested for each ticket, to preselect in the dispatch form."""
    from hotline.store.models import Call

    out: dict[int, str] = {}
    with h.store.read() as tx:
        for t in tx.tickets_by_ids(ticket_ids).values():
            call = tx.get(Call, t.call_id)
            lead = (((call.analysis if call else None) or {}).get("route") or {}).get("lead") or {}
            if isinstance(lead, dict) and lead.get("code"):
                out[t.id] = str(lead["code"])
    return out


@router.get("/expert")
def expert_desk(request: Request) -> Response:
    session = require_page(request, *EXPERTS)
    h = hotline(request)
    now = h.clock()
    try:
        reviews = h.tickets.tasks(session.actor, kind="route_review", per_page=30)
        if session.actor.role != "expert":
            # Route reviews are the experts' tasks; leaders and admins look over their shoulder.
            with h.store.read() as tx:
                rows, total = tx.tasks(status="open", kinds=["route_review"], limit=30)
                from hotline.tickets.views import task_view

                numbers = {
                    t.id: t.number
                    for t in tx.tickets_by_ids(r.ticket_id for r in rows if r.ticket_id).values()
                }
                reviews = {
                    "items": [task_view(t, now, numbers.get(t.ticket_id or 0)) for t in rows],
                    "total": total,
                }
        registered = h.tickets.search(session.actor, status=["registered"], per_page=30)
    except HotlineError as err:
        raise PageProblem(err) from None
    summaries = {t["id"]: t for t in registered["items"]}
    suggested = suggested_units(h, [k["ticket_id"] for k in reviews["items"] if k["ticket_id"]])
    return render(
        request,
        "expert.html",
        {
            "reviews": reviews["items"],
            "summaries": summaries,
            "suggested": suggested,
            "questions": escalations.open_items(h.store, escalations.QUESTION, now),
            "doubtful": doubtful_routings(h),
            "units": unit_choices(h.store.url, h.store),
            "categories": category_choices(
                str(h.settings.catalogue_dir) if h.settings.catalogue_dir else None
            ),
            "done": request.query_params.get("done"),
            "draft": request.query_params.get("draft"),
        },
        session=session,
    )


@router.post("/expert/questions/{task_id}")
async def answer_question(request: Request, task_id: int) -> Response:
    session, form = await require_post(request, *EXPERTS)
    h = hotline(request)
    now = h.clock()
    answer = field(form, "answer", required=True, limit=3000, label="答复")
    try:
        item = escalations.close_item(
            h.store, session.actor, task_id, kind=escalations.QUESTION, result=answer, now=now
        )
    except HotlineError as err:
        raise PageProblem(err, back="/expert") from None
    draft = ""
    if form.get("to_kb") == "yes":
        folder = Path(h.settings.data_dir) / "kb-drafts"
        path = escalations.kb_draft(
            folder, item, answer, category=field(form, "category", limit=200), now=now
        )
        draft = f"&draft={path.name}"
    return RedirectResponse(f"/expert?done=answered{draft}", status_code=303)
