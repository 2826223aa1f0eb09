"""The operator workspace: live assistance while the caller talks, and one action to register.

The caller's words come from the `caller-input` box (typed) or from the call's WebSocket
(speech recognition / CTI, see docs/ws-protocol.md), which fills the same box. Each change
posts the text to `/workspace/panel` (htmx, 120 ms debounce) and the panel is re-rendered
on the server, so one template shows the analysis and Jinja escapes everything in it.
"""

from __future__ import annotations

import contextlib
import gc
import secrets
import threading
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hotline.analysis import APPEAL_KIND_ZH, APPEAL_KINDS
from hotline.errors import HotlineError, InputError
from hotline.tickets.service import NewTicket
from hotline.web.pages import escalations
from hotline.web.pages.deps import PageProblem, field, hotline, int_field, require_page, require_post
from hotline.web.pages.live import PATH_ZH, live_panel
from hotline.web.pages.render import render

router = APIRouter(include_in_schema=False)
TAKERS = ("operator", "shift_leader", "admin")
MAX_TEXT = 20000
CALL_MAX = timedelta(hours=2)
_warm = threading.Lock()
_warmed = False


def warm_up() -> None:
    """Load the segmenter and lexicons before the first call, not during it (~1 s once)."""
    global _warmed
    with _warm:
        if _warmed:
            return
        with contextlib.suppress(HotlineError):
            live_panel("您好，我想反映一下小区门口的路灯坏了。", received_at=datetime(2026, 1, 5, 9, 0))
        # The segmenter's dictionaries and the lexicons live as long as the process: keep them out
        # of the garbage collector's full passes, which otherwise cost 100+ ms now and then.
        gc.collect()
        gc.freeze()
        _warmed = True


@lru_cache(maxsize=4)
def unit_choices(store_url: str, store: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Units grouped for the select box: departments and utilities, districts, streets."""
    from hotline.act.catalogue import UNIT_KIND_ZH

    with store.read() as tx:
        units = sorted(tx.units().values(), key=lambda u: u.code)
    groups: dict[str, list[tuple[str, str]]] = {}
    for u in units:
        if not u.active:
            continue
        groups.setdefault(UNIT_KIND_ZH.get(u.kind, u.kind), []).append((u.code, u.name))
    return list(groups.items())


@lru_cache(maxsize=4)
def category_choices(catalogue_dir: str | None = None) -> list[str]:
    """Every category path of the responsibility catalogue (level 2 and 3), for the input's list."""
    try:
        from hotline.act.catalogue import default_catalogue
    except ImportError:
        return []
    from pathlib import Path

    out: list[str] = []
    for level1, level2s in default_catalogue(
        Path(catalogue_dir) if catalogue_dir else None
    ).categories.items():
        for level2, level3s in level2s.items():
            out.append(f"{level1}/{level2}")
            out.extend(f"{level1}/{level2}/{level3}" for level3 in level3s)
    return out


def _catalogue_dir(h: Any) -> str | None:
    return str(h.settings.catalogue_dir) if h.settings.catalogue_dir else None


def _started(value: str, now: datetime) -> datetime | None:
    """When the call began: the time the workspace page was opened for it.

    A page left open across several calls would date a later call too early, so a start
    more than two hours back (or in the future) is not trusted and the call counts from now.
    """
    try:
        when = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if when is None or when > now or now - when > CALL_MAX:
        return None
    return when


def my_tasks(h: Any, actor: Any, *, limit: int = 8) -> list[dict[str, Any]]:
    """The operator's own call-back promises and the return visits due today, soonest first."""
    mine = h.tickets.tasks(actor, mine=True, per_page=limit)["items"]
    visits = (
        h.tickets.tasks(actor, kind="return_visit", due="today", per_page=limit)["items"]
        if actor.role == "operator"
        else []
    )
    seen: set[int] = set()
    out = []
    for task in sorted([*mine, *visits], key=lambda t: t["due_at"] or ""):
        if task["id"] not in seen:
            seen.add(task["id"])
            out.append(task)
    return out[:limit]


@router.get("/workspace")
def workspace(request: Request) -> Response:
    session = require_page(request, *TAKERS)
    h = hotline(request)
    warm_up()
    call = request.query_params.get("call") or secrets.token_hex(5)
    if not (1 <= len(call) <= 64) or not call.replace("-", "").replace("_", "").isalnum():
        call = secrets.token_hex(5)
    now = h.clock()
    return render(
        request,
        "workspace.html",
        {
            "call_id": call,
            "started": now.isoformat(timespec="seconds"),
            "units": unit_choices(h.store.url, h.store),
            "categories": category_choices(_catalogue_dir(h)),
            "kinds": [(k, APPEAL_KIND_ZH[k]) for k in APPEAL_KINDS],
            "panel": live_panel("", received_at=now),
            "answers": escalations.items_of(h.store, session.actor, escalations.QUESTION, now, limit=5),
            "todo": my_tasks(h, session.actor),
        },
        session=session,
    )


@router.post("/workspace/panel")
async def panel(request: Request) -> Response:
    session, form = await require_post(request, *TAKERS)
    h = hotline(request)
    text = field(form, "text", limit=MAX_TEXT, label="来电内容")
    received = _started(field(form, "started", limit=40), h.clock()) or h.clock()
    repeat = max(0, min(int_field(form, "repeat_calls") or 0, 50))
    try:
        view = live_panel(text, received_at=received, repeat_calls=repeat)
    except HotlineError as err:
        raise PageProblem(err) from None
    return render(request, "_panel.html", {"panel": view, "path_zh": PATH_ZH}, session=session)


@router.post("/workspace/lint")
async def lint_reply(request: Request) -> Response:
    session, form = await require_post(request, *TAKERS)
    text = field(form, "reply", limit=5000, label="答复草稿")
    result: dict[str, Any] = {}
    if text:
        from hotline.warmth.lint import lint

        result = lint(text).to_dict()
    spans = [*result.get("vague", []), *result.get("buck_passing", []), *result.get("impatience", [])]
    return render(request, "_lint.html", {"reply": text, "lint": result, "spans": spans}, session=session)


@router.post("/workspace/handup")
async def hand_up(request: Request) -> Response:
    session, form = await require_post(request, *TAKERS)
    h = hotline(request)
    try:
        task_id = escalations.hand_up(
            h.store,
            session.actor,
            reason=field(form, "reason", limit=200),
            text=field(form, "text", limit=MAX_TEXT),
            now=h.clock(),
        )
    except HotlineError as err:
        raise PageProblem(err) from None
    return render(
        request,
        "_notice.html",
        {"kind": "ok", "message": f"已升级至值班长（请求编号 {task_id}），值班长台已提示。"},
        session=session,
    )


@router.post("/workspace/ask")
async def ask(request: Request) -> Response:
    session, form = await require_post(request, *TAKERS)
    h = hotline(request)
    try:
        escalations.ask_expert(
            h.store, session.actor, question=field(form, "question", limit=500), now=h.clock()
        )
    except HotlineError as err:
        raise PageProblem(err) from None
    return answers_fragment(request, session)


@router.get("/workspace/answers")
def answers(request: Request) -> Response:
    session = require_page(request, *TAKERS)
    return answers_fragment(request, session)


def answers_fragment(request: Request, session: Any) -> Response:
    h = hotline(request)
    items = escalations.items_of(h.store, session.actor, escalations.QUESTION, h.clock(), limit=5)
    return render(request, "_answers.html", {"answers": items}, session=session)


def _feedback(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError("bad_datetime", "回电时间格式不对") from None


@router.post("/workspace/tickets")
async def create_ticket(request: Request) -> Response:
    session, form = await require_post(request, *TAKERS)
    h = hotline(request)
    try:
        text = field(form, "text", required=True, limit=MAX_TEXT, label="来电内容")
        lead = field(form, "unit", limit=32)
        # The co-units were prefilled for the suggested lead; if the operator chose one of them as
        # lead instead, it simply stops being a co-unit.
        co = [c.strip() for c in field(form, "co_units", limit=500).replace("，", ",").split(",")]
        co = [c for c in dict.fromkeys(co) if c and c != lead]
        req = NewTicket(
            text=text,
            caller_name=field(form, "caller_name", limit=50) or None,
            caller_phone=field(form, "caller_phone", limit=20) or None,
            caller_address=field(form, "caller_address", limit=200) or None,
            channel="phone",
            received_at=_started(field(form, "started", limit=40), h.clock()),
            unit=lead or None,
            co_units=co or None,
            category=field(form, "category", limit=200) or None,
            appeal_kind=field(form, "appeal_kind", limit=16) or None,
            urgency=field(form, "urgency", limit=16) or None,
            direct_answer=field(form, "direct_answer", limit=5000) or None,
            dispatch=form.get("dispatch") != "no",
            confidential=form.get("confidential") == "yes",
            feedback_by=_feedback(field(form, "feedback_by", limit=40)),
        )
        if req.appeal_kind and req.appeal_kind not in APPEAL_KINDS:
            raise InputError("bad_kind", "诉求类型不对")
        call = field(form, "call_id", limit=64)
        key = f"console:{session.actor.id}:{call}" if call else None
        created = h.tickets.create(session.actor, req, idempotency_key=key)
        if not req.dispatch and not req.direct_answer and created.ticket["status"] == "registered":
            # "Not yet: let an expert decide" — the ticket waits on the expert desk.
            escalations.request_route_review(h.store, created.ticket["id"], now=h.clock())
    except HotlineError as err:
        raise PageProblem(err, back="/workspace") from None
    url = f"/tickets/{created.ticket['id']}?done=created"
    if request.headers.get("hx-request"):
        # htmx: a full page load of the new ticket, instead of swapping it into the form.
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
