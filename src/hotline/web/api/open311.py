"""Open311 GeoReport v2 (`/open311/v2/...`): other systems read and file service requests.

Our states map onto `open`/`closed` (closed and merged are closed). A request shows the
category as its service, the lead unit as `agency_responsible` and `reply_by` as
`expected_datetime`, and NEVER caller data: no name, phone or home address, and the
description is the one-line summary with phone numbers and the caller's name masked.
Reading is public, as GeoReport intends; filing a request needs an `api_key` (an API token
of an operator account) or a bearer token.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse

from hotline.errors import InputError, NotFound
from hotline.privacy import mask_text
from hotline.store.models import Caller, Ticket
from hotline.store.repo import TicketFilter
from hotline.tickets import intake
from hotline.tickets.clock import SHANGHAI
from hotline.tickets.lifecycle import STATE_ZH
from hotline.tickets.service import NewTicket
from hotline.web.api.deps import Hotline, get_hotline
from hotline.web.auth import actor_from_token, bearer, require

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
Ctx = Annotated[Hotline, Depends(get_hotline)]
MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)


def w3c(dt: datetime | None) -> str | None:
    return dt.replace(tzinfo=SHANGHAI).isoformat(timespec="seconds") if dt else None


def _local(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("bad_date", f"{name} 应为 W3C 时间，如 2026-11-28T09:30:00+08:00") from None
    return dt.astimezone(SHANGHAI).replace(tzinfo=None) if dt.tzinfo else dt


def _services(hotline: Hotline) -> list[tuple[str, str]]:
    cats = intake.categories(hotline.settings)
    if cats:
        return cats
    with hotline.store.read() as tx:
        used = {t.category for t in tx.tickets(TicketFilter(), limit=5000)[0] if t.category}
    return [(c, c.split("/")[0]) for c in sorted(used)]


@router.get("/services.json", summary="服务（诉求分类）列表")
def services(hotline: Ctx) -> list[dict[str, Any]]:
    return [
        {
            "service_code": code,
            "service_name": code.rsplit("/", 1)[-1],
            "description": code.replace("/", " › "),
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": group,
        }
        for code, group in _services(hotline)
    ]


def _request_view(
    t: Ticket, caller: Caller | None, units: dict[str, Any], merged: str | None
) -> dict[str, Any]:
    closed = t.status in ("closed", "merged")
    notes = STATE_ZH.get(t.status, t.status)
    if merged:
        notes = f"已并入工单 {merged}"
    place = "".join(p for p in (t.place_district, t.place_street) if p) or None
    unit = units.get(t.lead_unit or "")
    return {
        "service_request_id": t.number,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": (t.category or "").rsplit("/", 1)[-1] or None,
        "service_code": t.category,
        "description": mask_text(t.summary, [caller.name if caller else None]),
        "agency_responsible": unit.name if unit else None,
        "service_notice": None,
        "requested_datetime": w3c(t.created_at),
        "updated_datetime": w3c(t.updated_at),
        "expected_datetime": None if closed else w3c(t.reply_by),
        "address": place,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _views(hotline: Hotline, tickets: list[Ticket]) -> list[dict[str, Any]]:
    with hotline.store.read() as tx:
        units = tx.units()
        merged = {
            t.id: t.number
            for t in tx.tickets_by_ids(x.merged_into for x in tickets if x.merged_into).values()
        }
        return [
            _request_view(
                t,
                tx.get(Caller, t.caller_id) if t.caller_id else None,
                units,
                merged.get(t.merged_into or 0),
            )
            for t in tickets
        ]


@router.get("/requests.json", summary="查询服务请求")
def requests(
    hotline: Ctx,
    service_request_id: Annotated[str | None, Query(max_length=2000)] = None,
    service_code: Annotated[str | None, Query(max_length=200)] = None,
    start_date: Annotated[str | None, Query(max_length=40)] = None,
    end_date: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(pattern="^(open|closed)(,(open|closed))?$")] = None,
) -> list[dict[str, Any]]:
    if service_request_id:
        numbers = [n.strip() for n in service_request_id.split(",") if n.strip()][:100]
        with hotline.store.read() as tx:
            found = [t for t in (tx.ticket_by_number(n) for n in numbers) if t is not None]
        return _views(hotline, found)
    now = hotline.clock()
    end = _local(end_date, "end_date") or now + timedelta(days=1)
    start = _local(start_date, "start_date") or end - DEFAULT_WINDOW
    statuses: list[str] = []
    if status and "," not in status:
        statuses = (
            ["closed", "merged"]
            if status == "closed"
            else [s for s in STATE_ZH if s not in ("closed", "merged")]
        )
    f = TicketFilter(status=statuses, category=service_code, since=start, until=end)
    with hotline.store.read() as tx:
        tickets, _ = tx.tickets(f, limit=MAX_RESULTS)
    return _views(hotline, tickets)


@router.get("/requests/{request_id}.json", summary="单个服务请求")
def one_request(request_id: str, hotline: Ctx) -> list[dict[str, Any]]:
    with hotline.store.read() as tx:
        ticket = tx.ticket_by_number(request_id[:40])
    if ticket is None:
        raise NotFound("request_not_found", f"服务请求 {request_id[:40]} 不存在")
    return _views(hotline, [ticket])


@router.post("/requests.json", status_code=201, summary="提交服务请求（需 api_key）")
def create_request(
    request: Request,
    hotline: Ctx,
    description: Annotated[str, Form(min_length=1, max_length=20000)],
    api_key: Annotated[str | None, Form(max_length=500)] = None,
    service_code: Annotated[str | None, Form(max_length=200)] = None,
    address_string: Annotated[str | None, Form(max_length=200)] = None,
    first_name: Annotated[str | None, Form(max_length=25)] = None,
    last_name: Annotated[str | None, Form(max_length=25)] = None,
    phone: Annotated[str | None, Form(max_length=20, pattern=r"^\+?[0-9][0-9\- ]{6,19}$")] = None,
    email: Annotated[str | None, Form(max_length=200)] = None,
    lat: Annotated[float | None, Form()] = None,
    long: Annotated[float | None, Form()] = None,
) -> JSONResponse:
    token = api_key or bearer(request)
    if not token:
        from hotline.errors import HotlineError

        raise HotlineError("not_authenticated", "提交服务请求需要 api_key", status=401)
    actor = actor_from_token(hotline.store, hotline.tokens, token)
    require("operator", "shift_leader", "admin")(actor)
    if service_code and service_code not in {code for code, _ in _services(hotline)}:
        # GeoReport: a service_code must be one services.json lists; a made-up one would file a
        # ticket under a category no rate, hotspot or time limit knows.
        raise InputError(
            "unknown_service_code",
            f"没有编码为「{service_code}」的服务，请从 services.json 列出的 service_code 中选择",
            service_code=service_code,
        )
    text = description if not address_string else f"{description}（地点：{address_string}）"
    name = "".join(p for p in (last_name, first_name) if p) or None
    result = hotline.tickets.create(
        actor,
        NewTicket(
            text=text,
            caller_name=name,
            caller_phone=phone.replace(" ", "").replace("-", "") if phone else None,
            channel="open311",
            category=service_code or None,
        ),
    )
    view = result.ticket
    # No vague words to a caller ("预计", "尽快"): the committed date, or what happens next.
    reply_by = view["deadlines"]["reply_by"]
    notice = (
        f"已登记，承办单位将在 {reply_by.replace('T', ' ')} 前答复"
        if reply_by
        else "已登记，派单后即告知答复时限"
    )
    return JSONResponse(
        [{"service_request_id": view["number"], "service_notice": notice, "account_id": None}],
        status_code=201,
    )
