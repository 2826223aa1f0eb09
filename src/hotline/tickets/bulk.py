"""Import and export of many tickets at once, on top of `TicketService` (see `transfer`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.errors import Forbidden, InputError
from hotline.privacy import analysis_personal, mask_name, mask_phone, mask_text
from hotline.store.models import Call, Caller, PersonalDataRead
from hotline.store.repo import TicketFilter
from hotline.tickets import intake, transfer
from hotline.tickets.lifecycle import STATE_ZH
from hotline.tickets.roles import ROLE_ZH, Actor
from hotline.tickets.service import CREATE_ROLES, NewTicket, TicketService, check_received_at
from hotline.tickets.views import CHANNEL_ZH, SATISFACTION_ZH, iso

EXPORT_ROLES = frozenset({"operator", "shift_leader", "expert", "manager", "admin"})
FULL_EXPORT_ROLES = frozenset({"operator", "shift_leader"})


def import_file(service: TicketService, actor: Actor, raw: bytes, kind: str) -> dict[str, Any]:
    """Check every row, then register them all in one transaction; any bad row refuses the file."""
    if actor.role not in CREATE_ROLES:
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权导入工单")
    with service.store.read() as tx:
        known = set(tx.units())
    rows, problems = transfer.parse_rows(raw, kind, max_text=service.settings.max_text_chars, units=known)
    with service.store.read() as tx:
        existing = {r.key for r in rows if r.key and tx.idempotency(r.key) is not None}
    todo = [r for r in rows if r.key not in existing or r.key is None]
    analyses: dict[int, dict[str, Any]] = {}
    checked_at = service.clock()
    for r in todo:
        try:
            check_received_at(r.received_at, checked_at)
            analyses[r.line] = intake.analyze(
                r.text, received_at=r.received_at, repeat_calls=0, settings=service.settings
            )
        except InputError as err:
            field = "received_at" if err.code == "received_in_future" else "text"
            problems.append({"line": r.line, "field": field, "message": f"第 {r.line} 行：{err.message}"})
    if problems:
        problems.sort(key=lambda p: p["line"])
        lines = sorted({p["line"] for p in problems})
        raise InputError(
            "import_invalid",
            f"导入文件有 {len(lines)} 行不合格（第 {'、'.join(map(str, lines[:20]))} 行），未导入任何工单",
            rows=problems,
        )
    now = service.clock()
    created: list[dict[str, Any]] = []
    from hotline.store.models import IdempotencyKey

    with service.store.write() as tx:
        for r in todo:
            req = NewTicket(
                text=r.text,
                caller_name=r.caller_name,
                caller_phone=r.caller_phone,
                channel=r.channel,
                received_at=r.received_at,
                unit=r.unit,
                co_units=r.co_units,
                category=r.category,
                appeal_kind=r.appeal_kind,
                urgency=r.urgency,
            )
            ticket = service._register(tx, actor, req, analyses[r.line], r.received_at, 0, now)
            if r.key:
                tx.add(
                    IdempotencyKey(
                        key=r.key,
                        request_hash=req.fingerprint(),
                        ticket_id=ticket.id,
                        user_id=actor.id,
                        created_at=now,
                    )
                )
            created.append(
                {"line": r.line, "id": ticket.id, "number": ticket.number, "status": ticket.status}
            )
    return {"imported": len(created), "skipped": len(rows) - len(todo), "tickets": created}


def export_records(
    service: TicketService,
    actor: Actor,
    *,
    status: list[str] | None = None,
    unit: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    personal: bool = False,
    limit: int = 100_000,
) -> list[dict[str, Any]]:
    """Tickets as export records. Personal data only for operator/shift leader asking for it (audited)."""
    if actor.role not in EXPORT_ROLES and actor.role != "system":
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权导出工单")
    full = personal and (actor.role in FULL_EXPORT_ROLES or actor.role == "system")
    if personal and not full:
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权导出来电人联系方式")
    now = service.clock()
    out: list[dict[str, Any]] = []
    with service.store.write() as tx:
        tickets, _ = tx.tickets(
            TicketFilter(status=status or (), unit=unit, since=since, until=until), offset=0, limit=limit
        )
        units = tx.units()
        for t in reversed(tickets):
            call = tx.get(Call, t.call_id)
            caller = tx.get(Caller, t.caller_id) if t.caller_id else None
            co = [a.unit_code for a in tx.assignments(t.id, active=True) if a.role == "co"]
            name, phone = (caller.name, caller.phone) if caller else (None, None)
            text = call.text if call else ""
            if not full:
                found_names, places, hidden = analysis_personal(call.analysis if call else None)
                if caller is not None and caller.address:
                    places.append(caller.address)
                text = mask_text(text, [name, *found_names], places, hidden)
                name, phone = mask_name(name), mask_phone(phone)
            elif caller is not None:
                tx.add(
                    PersonalDataRead(
                        at=now,
                        user_id=actor.id,
                        username=actor.username,
                        role=actor.role,
                        caller_id=caller.id,
                        ticket_id=t.id,
                        fields="name,phone",
                        purpose="导出工单",
                    )
                )
            out.append(
                {
                    "number": t.number,
                    "received_at": iso(call.received_at) if call else None,
                    "channel": CHANNEL_ZH.get(t.channel, t.channel),
                    "status": STATE_ZH.get(t.status, t.status),
                    "appeal_kind": t.appeal_kind,
                    "category": t.category,
                    "urgency": transfer.URGENCY_ZH.get(t.urgency, t.urgency),
                    "unit": t.lead_unit,
                    "unit_name": units[t.lead_unit].name if t.lead_unit in units else None,
                    "co_units": ";".join(co) or None,
                    "text": text,
                    "caller_name": name,
                    "caller_phone": phone,
                    "accept_by": iso(t.accept_by),
                    "reply_by": iso(t.reply_by),
                    "closed_at": iso(t.closed_at),
                    "satisfaction": SATISFACTION_ZH.get(t.satisfaction or "", t.satisfaction),
                    "external_id": None,
                }
            )
    return out
