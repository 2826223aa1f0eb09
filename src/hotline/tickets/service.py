"""Ticket use-cases: register an appeal, read tickets, and every move of the lifecycle.

The web API, the web console and the CLI all call `TicketService`; route handlers hold no
business rules. Each method runs in one store transaction, checks in this order — the ticket
exists (404), the actor may see it (403), the role may make the move (403), the version the
client saw is current (409), the actor's unit is the lead (or an involved) unit as the ticket
stands now (403), the move is legal in this state (409) — and then changes the
ticket, appends the event, creates or completes tasks and queues messages to the caller, all
or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hotline.config import Settings
from hotline.errors import Conflict, Forbidden, InputError, NotFound
from hotline.privacy import (
    analysis_personal,
    caller_view,
    mask_analysis,
    mask_phone,
    mask_text,
    masked_place,
    sees_contact,
)
from hotline.store.db import Store
from hotline.store.models import (
    Assignment,
    Call,
    Caller,
    Event,
    IdempotencyKey,
    Message,
    PersonalDataRead,
    Task,
    Ticket,
    Utterance,
    Visit,
)
from hotline.store.repo import TicketFilter, Tx
from hotline.tickets import deadlines, duplicates, intake, messages
from hotline.tickets.clock import Clock
from hotline.tickets.lifecycle import MOVES, STATE_ZH, check_role, moves_for, transition
from hotline.tickets.roles import CENTRE_ROLES, ROLE_ZH, SYSTEM, Actor
from hotline.tickets.views import (
    event_view,
    is_overdue,
    iso,
    message_view,
    task_view,
    ticket_summary,
    unit_ref,
    visit_view,
)

CHANNELS = ("phone", "web", "app", "wechat", "letter", "email", "open311", "import")
SATISFACTIONS = ("satisfied", "basic", "unsatisfied")
CREATE_ROLES = frozenset({"operator", "shift_leader", "admin"})
PER_PAGE_MAX = 200


@dataclass
class NewTicket:
    """An appeal to register. Everything but `text` is optional; overrides beat the analysis."""

    text: str
    caller_name: str | None = None
    caller_phone: str | None = None
    caller_address: str | None = None
    channel: str = "phone"
    received_at: datetime | None = None
    unit: str | None = None
    co_units: list[str] | None = None
    category: str | None = None
    appeal_kind: str | None = None
    urgency: str | None = None
    direct_answer: str | None = None
    dispatch: bool = True
    confidential: bool = False
    feedback_by: datetime | None = None
    utterances: list[tuple[str, str]] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Hash of the request, to tell a replay from a different request under the same key."""
        data = asdict(self)
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Created:
    ticket: dict[str, Any]
    created: bool  # False: an idempotent replay of an earlier request


# Clocks of other systems drift a little; a call from further ahead than this is a typo ("2062").
FUTURE_SLACK = timedelta(minutes=10)


def check_received_at(received: datetime, now: datetime) -> None:
    """A call cannot have come in after it is registered: refuse a received_at in the future."""
    if received > now + FUTURE_SLACK:
        raise InputError(
            "received_in_future",
            f"来电时间 {received:%Y-%m-%d %H:%M} 晚于当前时间 {now:%Y-%m-%d %H:%M}，请检查日期是否写错",
            received_at=received.isoformat(timespec="seconds"),
        )


def _scoped_key(actor: Actor, key: str) -> str:
    """The stored form of a client's Idempotency-Key: one user's key never meets another's.

    Two desks whose clients both number their requests "1", "2", … would otherwise get each
    other's tickets back (same body) or have a caller's appeal refused as a reused key.
    """
    scoped = f"u{actor.id}:{key}"
    if len(scoped) <= 200:
        return scoped
    return f"u{actor.id}:sha256:{hashlib.sha256(key.encode('utf-8')).hexdigest()}"


class _KeyTaken(Exception):
    """A concurrent request won the idempotency key: roll back and replay it."""


class TicketService:
    def __init__(self, store: Store, *, settings: Settings, clock: Clock) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    # ================================================================== registering

    def create(self, actor: Actor, req: NewTicket, *, idempotency_key: str | None = None) -> Created:
        """Register an appeal: analyse it, open the ticket, dispatch it when the lead unit is known."""
        if actor.role not in CREATE_ROLES:
            raise Forbidden(
                "wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权登记工单", role=actor.role
            )
        if req.channel not in CHANNELS:
            raise InputError("bad_channel", f"未知渠道 {req.channel}，可选：{'、'.join(CHANNELS)}")
        fingerprint = req.fingerprint()
        if idempotency_key:
            idempotency_key = _scoped_key(actor, idempotency_key)
            replay = self._replay(actor, idempotency_key, fingerprint)
            if replay is not None:
                return replay
        now = self.clock()
        received = req.received_at or now
        check_received_at(received, now)
        repeat = self._repeat_calls(req.caller_phone, req.text, received)
        # The slow part runs before the write transaction, so the database lock is held briefly.
        analysis = intake.analyze(req.text, received_at=received, repeat_calls=repeat, settings=self.settings)
        try:
            with self.store.write() as tx:
                ticket = self._register(tx, actor, req, analysis, received, repeat, now)
                if idempotency_key:
                    key = IdempotencyKey(
                        key=idempotency_key,
                        request_hash=fingerprint,
                        ticket_id=ticket.id,
                        user_id=actor.id,
                        created_at=now,
                    )
                    if not tx.claim_idempotency(key):
                        raise _KeyTaken
                view = self._detail(tx, actor, ticket, now, audit_purpose=None)
                view["merge_suggestions"] = self._merge_suggestions(tx, ticket, analysis["text"], now)
                return Created(view, True)
        except _KeyTaken:
            replay = self._replay(actor, idempotency_key or "", fingerprint)
            assert replay is not None
            return replay

    def _replay(self, actor: Actor, key: str, fingerprint: str) -> Created | None:
        with self.store.read() as tx:
            row = tx.idempotency(key)
            if row is None:
                return None
            if row.request_hash != fingerprint:
                raise Conflict(
                    "idempotency_key_reused",
                    "该 Idempotency-Key 已用于另一份不同的请求，请为新请求换一个键",
                    ticket_id=row.ticket_id,
                )
            ticket = tx.ticket(row.ticket_id)
            assert ticket is not None
            view = self._detail(tx, actor, ticket, self.clock(), audit_purpose=None)
            view["merge_suggestions"] = []
            return Created(view, False)

    def _repeat_calls(self, phone: str | None, text: str, received: datetime) -> int:
        if not phone:
            return 0
        with self.store.read() as tx:
            prior = tx.prior_calls(phone, received - duplicates.REPEAT_WINDOW)
        return duplicates.repeat_calls(
            text,
            received,
            [
                duplicates.PriorCall(t, at, status not in (None, "closed", "merged"))
                for t, at, status in prior
            ],
        )

    def _register(
        self,
        tx: Tx,
        actor: Actor,
        req: NewTicket,
        analysis: dict[str, Any],
        received: datetime,
        repeat: int,
        now: datetime,
    ) -> Ticket:
        f = intake.findings(analysis)
        personal = analysis_personal(analysis)
        name = req.caller_name or None
        phone = req.caller_phone or f.caller_phone
        caller = self._caller(tx, name or f.caller_name, phone, req.caller_address, now)
        call = Call(
            caller_id=caller.id if caller else None,
            channel=req.channel,
            received_at=received,
            text=req.text,
            analysis=analysis,
            repeat_calls=repeat,
            operator_id=actor.id,
            created_at=now,
        )
        tx.add(call)
        tx.flush()
        for seq, (speaker, said) in enumerate(req.utterances, start=1):
            tx.add(Utterance(call_id=call.id, seq=seq, speaker=speaker, text=said, at=None))
        seq = tx.next_ticket_seq(now.date())
        ticket = Ticket(
            number=f"12345-{now:%Y%m%d}-{seq:04d}",
            status="registered",
            channel=req.channel,
            appeal_kind=req.appeal_kind or f.appeal_kind,
            category=req.category or f.category,
            urgency=req.urgency or f.urgency,
            # Shown to every role and on the public Open311 feed: never the caller's raw words.
            summary=mask_text(
                f.summary or req.text[:100],
                [name, f.caller_name],
                [*personal[1], req.caller_address],
                personal[2],
            )[:500],
            place_district=f.district,
            place_street=f.street,
            place_text=(f.place_text or None) and f.place_text[:200],
            call_id=call.id,
            caller_id=caller.id if caller else None,
            created_by=actor.id,
            created_at=now,
            updated_at=now,
            confidential=req.confidential,
            returns_count=0,
            reopen_count=0,
            extensions_granted=0,
            supervised=False,
            deadline_provisional=False,
            deadline_rule="",
        )
        tx.add(ticket)
        tx.flush()
        self._event(tx, ticket, actor, "create", None, "registered", now, payload={"repeat_calls": repeat})

        if req.direct_answer:
            self._check_move(ticket, actor, "direct_answer", tx)
            ticket.status = transition("registered", "direct_answer")
            ticket.direct_answer = req.direct_answer
            ticket.closed_at = now
            self._event(
                tx, ticket, actor, "direct_answer", "registered", "closed", now, note=req.direct_answer
            )
            return ticket

        lead, co = self._chosen_units(tx, req, f)
        due = deadlines.for_ticket(ticket, received, self.settings, req.text)
        promised = f.feedback_by or due.feedback_by
        if promised is not None and promised < now:
            # A call registered after its promise fell due (a backfilled call, an import of last
            # month's calls): promising the caller a date already past, in an SMS sent today, and
            # opening an overdue task for every such ticket helps no one. Count from now instead.
            promised = deadlines.for_ticket(ticket, now, self.settings, req.text).feedback_by
        ticket.feedback_by = req.feedback_by or promised
        if lead and req.dispatch:
            self._dispatch(tx, ticket, actor, lead, co, now, req.text, note="登记时派单")
        elif req.dispatch and f.route_path in (None, "dispatch", "emergency_handover"):
            self._task(
                tx,
                ticket,
                "route_review",
                now + deadlines.ROUTE_REVIEW_WITHIN,
                now,
                role="expert",
                title="派单复核：未能确定主办单位" if not lead else "派单复核：确认主办单位后派单",
            )
        if ticket.feedback_by:
            self._task(
                tx,
                ticket,
                "progress_update",
                ticket.feedback_by,
                now,
                role=actor.role if actor.role in CENTRE_ROLES else "operator",
                assignee=actor.id,
                title="按承诺时间向来电人反馈办理进展",
            )
        when = self._zh_when(ticket.feedback_by) if ticket.feedback_by else "三个工作日内"
        if ticket.status == "dispatched":
            unit = tx.unit(ticket.lead_unit or "")
            self._message(tx, ticket, "acknowledged", now, unit=unit.name if unit else "", when=when)
        else:
            self._message(tx, ticket, "registered", now, when=when)
        return ticket

    def _caller(
        self, tx: Tx, name: str | None, phone: str | None, address: str | None, now: datetime
    ) -> Caller | None:
        if not (name or phone or address):
            return None
        caller = tx.caller_by_phone(phone) if phone else None
        if caller is None:
            caller = Caller(name=name, phone=phone, address=address, created_at=now)
            tx.add(caller)
            tx.flush()
            return caller
        if name:
            caller.name = name
        if address:
            caller.address = address
        return caller

    def _chosen_units(self, tx: Tx, req: NewTicket, f: intake.Findings) -> tuple[str | None, list[str]]:
        """The operator's choice when given (must exist), else routing's when confident and known."""
        if req.unit:
            if tx.unit(req.unit) is None:
                raise InputError("unknown_unit", f"没有编码为 {req.unit} 的承办单位", unit=req.unit)
            co = self._check_co_units(tx, req.unit, req.co_units or [])
            return req.unit, co
        confident = f.route_confidence is None or f.route_confidence >= self.settings.route_min_confidence
        # Direct answers and legal channels are the operator's to finish; doubtful routes go to an expert.
        routed = f.route_path in (None, "dispatch", "emergency_handover") and not f.expert_review
        if f.lead_unit and confident and routed and tx.unit(f.lead_unit) is not None:
            co = req.co_units if req.co_units is not None else f.co_units
            known = tx.units(co)
            return f.lead_unit, [c for c in co if c in known and c != f.lead_unit]
        return None, []

    def _check_co_units(self, tx: Tx, lead: str, co: list[str]) -> list[str]:
        known = tx.units(co)
        unknown = [c for c in co if c not in known]
        if unknown:
            raise InputError("unknown_unit", f"没有编码为 {'、'.join(unknown)} 的承办单位", units=unknown)
        if lead in co:
            raise InputError("lead_in_co_units", "主办单位不能同时作为协办单位")
        return list(dict.fromkeys(co))

    def _merge_suggestions(self, tx: Tx, ticket: Ticket, text: str, now: datetime) -> list[dict[str, Any]]:
        since = now - duplicates.WINDOW
        rows = tx.duplicate_candidates(
            since=since,
            caller_id=ticket.caller_id,
            category=ticket.category,
            district=ticket.place_district,
            street=ticket.place_street,
        )
        seen = {t.id for t, _ in rows}
        rows += [(t, s) for t, s in tx.similar_text_candidates(since=since) if t.id not in seen]
        candidates = [
            duplicates.Candidate.of(t, body, caller_id=ticket.caller_id)
            for t, body in rows
            if t.id != ticket.id
        ]
        found = duplicates.merge_suggestions(
            text,
            category=ticket.category,
            district=ticket.place_district,
            street=ticket.place_street,
            candidates=candidates,
        )
        return [s.to_dict() for s in found]

    # ================================================================== reading

    def get(self, actor: Actor, ticket_id: int) -> dict[str, Any]:
        """One ticket with its trail, tasks, visits and messages, personal data masked by role."""
        now = self.clock()
        with self.store.write() as tx:  # write: an unmasked read is audited
            ticket = self._visible_ticket(tx, actor, ticket_id)
            return self._detail(tx, actor, ticket, now, audit_purpose="查看工单详情")

    def get_by_number(self, actor: Actor, number: str) -> dict[str, Any]:
        with self.store.read() as tx:
            ticket = tx.ticket_by_number(number)
            if ticket is None:
                raise NotFound("ticket_not_found", f"工单 {number} 不存在", number=number)
            ticket_id = ticket.id
        return self.get(actor, ticket_id)

    def search(
        self,
        actor: Actor,
        *,
        status: list[str] | None = None,
        unit: str | None = None,
        category: str | None = None,
        overdue: bool | None = None,
        supervised: bool | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        page: int = 1,
        per_page: int = 50,
        order: str = "id",
    ) -> dict[str, Any]:
        """A page of tickets; unit handlers only ever see their own unit's."""
        now = self.clock()
        for s in status or []:
            if s not in STATE_ZH:
                raise InputError("bad_status", f"未知状态 {s}，可选：{'、'.join(STATE_ZH)}")
        if actor.role == "unit_handler":
            if unit and unit != actor.unit:
                raise Forbidden("other_unit", "只能查看本单位的工单", unit=unit)
            unit = actor.unit
        page = max(1, page)
        per_page = max(1, min(per_page, PER_PAGE_MAX))
        f = TicketFilter(
            status=status or (),
            unit=unit,
            category=category,
            overdue_at=now if overdue else None,
            since=since,
            until=until,
            supervised=supervised,
        )
        with self.store.read() as tx:
            items, total = tx.tickets(f, offset=(page - 1) * per_page, limit=per_page, order=order)
            if overdue is False:
                items = [t for t in items if not is_overdue(t, now)]
            views = self._summaries(tx, actor, items, now)
        return {"items": views, "page": page, "per_page": per_page, "total": total}

    def _visible_ticket(self, tx: Tx, actor: Actor, ticket_id: int, *, lock: bool = False) -> Ticket:
        ticket = tx.ticket(ticket_id, lock=lock)
        if ticket is None:
            raise NotFound("ticket_not_found", f"工单 {ticket_id} 不存在", ticket_id=ticket_id)
        if actor.role == "unit_handler" and not self._involved(tx, actor, ticket):
            raise Forbidden("other_unit", "该工单不属于贵单位，无权查看或办理", ticket_id=ticket_id)
        return ticket

    def _involved(self, tx: Tx, actor: Actor, ticket: Ticket) -> bool:
        if not actor.unit:
            return False
        if ticket.lead_unit == actor.unit:
            return True
        return any(a.unit_code == actor.unit for a in tx.assignments(ticket.id))

    def _co_units(self, tx: Tx, ticket: Ticket) -> list[str]:
        return [a.unit_code for a in tx.assignments(ticket.id, active=True) if a.role == "co"]

    def _summaries(self, tx: Tx, actor: Actor, tickets: list[Ticket], now: datetime) -> list[dict[str, Any]]:
        """List views for a page of tickets, loading their parts in a few queries (not a few per ticket)."""
        active = tx.active_assignments([t.id for t in tickets])
        callers = tx.callers([t.caller_id for t in tickets if t.caller_id])
        merged = tx.tickets_by_ids(t.merged_into for t in tickets if t.merged_into)
        codes = {t.lead_unit for t in tickets if t.lead_unit} | {
            a.unit_code for x in active.values() for a in x
        }
        units = tx.units(codes)
        out = []
        for t in tickets:
            mine = active.get(t.id, [])
            caller = callers.get(t.caller_id or 0)
            target = merged.get(t.merged_into or 0)
            out.append(
                ticket_summary(
                    t,
                    units=units,
                    co_units=[a.unit_code for a in mine if a.role == "co"],
                    now=now,
                    caller=caller_view(caller, full=False),
                    moves=self._moves_for(actor, t, mine),
                    merged_number=target.number if target else None,
                )
            )
            out[-1]["place"] = masked_place(out[-1]["place"])
        return out

    def _moves_for(self, actor: Actor, ticket: Ticket, active: list[Assignment]) -> list[str]:
        names = moves_for(
            ticket.status, actor.role, extension_pending=ticket.extension_days_pending is not None
        )
        if actor.role == "unit_handler":
            lead = ticket.lead_unit == actor.unit
            names = [n for n in names if MOVES[n].scope != "lead" or lead]
            if "note" in names and not any(a.unit_code == actor.unit for a in active):
                names.remove("note")
        return names

    def _detail(
        self, tx: Tx, actor: Actor, ticket: Ticket, now: datetime, *, audit_purpose: str | None
    ) -> dict[str, Any]:
        co = self._co_units(tx, ticket)
        units = tx.units([c for c in [ticket.lead_unit, *co] if c])
        caller = tx.get(Caller, ticket.caller_id) if ticket.caller_id else None
        call = tx.get(Call, ticket.call_id)
        full = sees_contact(
            actor.role,
            lead_unit=ticket.lead_unit is not None and ticket.lead_unit == actor.unit,
            status=ticket.status,
            confidential=ticket.confidential,
        )
        names = [caller.name] if caller else []
        if full and caller is not None and audit_purpose and actor.role != "system":
            tx.add(
                PersonalDataRead(
                    at=now,
                    user_id=actor.id,
                    username=actor.username,
                    role=actor.role,
                    caller_id=caller.id,
                    ticket_id=ticket.id,
                    fields="name,phone,address",
                    purpose=audit_purpose,
                )
            )
        merged = tx.ticket(ticket.merged_into) if ticket.merged_into else None
        view = ticket_summary(
            ticket,
            units=units,
            co_units=co,
            now=now,
            caller=caller_view(caller, full=full),
            moves=self._moves_for(actor, ticket, tx.assignments(ticket.id, active=True)),
            merged_number=merged.number if merged else None,
        )
        analysis = call.analysis if call else None
        text = call.text if call else ""
        found_names, places, hidden = analysis_personal(analysis)
        names = [*names, *found_names]
        if caller is not None and caller.address:
            places.append(caller.address)
        if not full:
            view["place"] = masked_place(view["place"], hidden)
        view["text"] = text if full else mask_text(text, names, places, hidden)
        view["analysis"] = analysis if full else mask_analysis(analysis, names, places)
        view["repeat_calls"] = call.repeat_calls if call else 0
        view["utterances"] = [
            {
                "seq": u.seq,
                "speaker": u.speaker,
                "text": u.text if full else mask_text(u.text, names, places, hidden),
            }
            for u in (tx.utterances(call.id) if call else [])
        ]
        view["events"] = [event_view(e) for e in tx.events(ticket.id)]
        view["tasks"] = [task_view(t, now, ticket.number) for t in tx.ticket_tasks(ticket.id)]
        view["visits"] = [visit_view(v) for v in tx.visits(ticket.id)]
        msgs, _ = tx.messages(ticket_id=ticket.id)
        view["messages"] = [
            message_view(
                m, recipient=m.recipient if full else mask_phone(m.recipient), ticket_number=ticket.number
            )
            for m in reversed(msgs)
        ]
        view["merged_tickets"] = [{"id": t.id, "number": t.number} for t in tx.merged_children(ticket.id)]
        view["assignments"] = [
            {
                "unit": unit_ref(tx.units([a.unit_code]), a.unit_code),
                "role": a.role,
                "dispatched_at": iso(a.dispatched_at),
                "accept_by": iso(a.accept_by),
                "responded_at": iso(a.responded_at),
                "response": a.response,
                "active": a.active,
            }
            for a in tx.assignments(ticket.id)
        ]
        return view

    # ================================================================== moves

    def _check_move(self, ticket: Ticket, actor: Actor, name: str, tx: Tx) -> None:
        if actor.is_system:
            return
        check_role(name, actor.role)
        self._check_scope(ticket, actor, name, tx)

    def _check_scope(self, ticket: Ticket, actor: Actor, name: str, tx: Tx) -> None:
        """Unit moves: only the lead unit (or an involved one) may make them, as the ticket stands now."""
        if actor.is_system:
            return
        m = MOVES[name]
        if m.scope == "lead" and ticket.lead_unit != actor.unit:
            raise Forbidden("not_lead_unit", f"贵单位不是该工单的主办单位，不能{m.label}", move=name)
        if m.scope == "involved" and not any(
            a.unit_code == actor.unit for a in tx.assignments(ticket.id, active=True)
        ):
            raise Forbidden("not_involved", f"贵单位不是该工单的主办或协办单位，不能{m.label}", move=name)

    def _apply(
        self,
        actor: Actor,
        ticket_id: int,
        name: str,
        version: int | None,
        change: Callable[[Tx, Ticket, datetime], dict[str, Any] | None],
        *,
        note: str | None = None,
    ) -> dict[str, Any]:
        """The skeleton every move shares; `change` does the move's own work and returns the event payload."""
        now = self.clock()
        with self.store.write() as tx:
            ticket = self._visible_ticket(tx, actor, ticket_id, lock=True)
            if not actor.is_system:
                check_role(name, actor.role)
            if version is not None and version != ticket.version:
                raise Conflict(
                    "stale_version",
                    f"工单已被他人修改（当前版本 {ticket.version}，您提交的是 {version}），请刷新后重试",
                    current=ticket.version,
                    given=version,
                )
            self._check_scope(ticket, actor, name, tx)
            before = ticket.status
            after = transition(before, name, extension_pending=ticket.extension_days_pending is not None)
            payload = change(tx, ticket, now)
            ticket.status = after
            ticket.updated_at = now
            self._event(tx, ticket, actor, name, before, after, now, note=note, payload=payload)
            tx.flush()
            return self._detail(tx, actor, ticket, now, audit_purpose="办理工单")

    def dispatch(
        self,
        actor: Actor,
        ticket_id: int,
        *,
        unit: str,
        co_units: list[str] | None = None,
        note: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """Send the ticket to its lead unit (and co-handling units); deadlines start now."""

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            if tx.unit(unit) is None:
                raise InputError("unknown_unit", f"没有编码为 {unit} 的承办单位", unit=unit)
            co = self._check_co_units(tx, unit, co_units or [])
            call = tx.get(Call, t.call_id)
            payload = self._dispatch(
                tx, t, actor, unit, co, now, call.text if call else None, note=None, event=False
            )
            self._complete(tx, t, ("route_review", "redispatch"), actor, now, "已派单")
            return payload

        return self._apply(actor, ticket_id, "dispatch", version, change, note=note)

    def _dispatch(
        self,
        tx: Tx,
        t: Ticket,
        actor: Actor,
        unit: str,
        co: list[str],
        now: datetime,
        text: str | None,
        *,
        note: str | None,
        event: bool = True,
    ) -> dict[str, Any]:
        for a in tx.assignments(t.id, active=True):
            a.active = False
        due = deadlines.for_ticket(t, now, self.settings, text)
        t.lead_unit = unit
        t.dispatched_at = now
        t.accepted_at = None
        t.accept_by, t.reply_by, t.return_by = due.accept_by, due.reply_by, due.return_by
        t.deadline_provisional = due.provisional
        t.deadline_rule = due.rule
        t.extension_days_pending = None
        t.extension_reason = None
        for code, role in [(unit, "lead"), *((c, "co") for c in co)]:
            tx.add(
                Assignment(
                    ticket_id=t.id,
                    unit_code=code,
                    role=role,
                    dispatched_at=now,
                    accept_by=due.accept_by,
                    category=t.category,
                    active=True,
                )
            )
        payload = {
            "unit": unit,
            "co_units": co,
            "accept_by": iso(due.accept_by),
            "reply_by": iso(due.reply_by),
            "rule": due.rule,
        }
        if event:
            before = t.status
            t.status = transition(before, "dispatch")
            self._event(tx, t, actor, "dispatch", before, t.status, now, note=note, payload=payload)
        return payload

    def accept(
        self, actor: Actor, ticket_id: int, *, note: str | None = None, version: int | None = None
    ) -> dict[str, Any]:
        """The lead unit signs for the ticket (签收)."""

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            t.accepted_at = now
            self._respond(tx, t, "accepted", now)
            return {"in_time": bool(t.accept_by and now <= t.accept_by)}

        return self._apply(actor, ticket_id, "accept", version, change, note=note)

    def _respond(self, tx: Tx, t: Ticket, response: str, now: datetime) -> None:
        for a in tx.assignments(t.id, active=True):
            if a.role == "lead" and a.responded_at is None:
                a.responded_at, a.response = now, response

    def return_(
        self, actor: Actor, ticket_id: int, *, reason: str, version: int | None = None
    ) -> dict[str, Any]:
        """The lead unit sends the ticket back as not its own (退单), with a reason."""
        if not reason.strip():
            raise InputError("reason_required", "退单必须说明理由")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            returned_by = t.lead_unit
            self._respond(tx, t, "returned", now)
            for a in tx.assignments(t.id, active=True):
                a.active = False
            t.returns_count += 1
            t.lead_unit = None
            t.accept_by = t.reply_by = t.return_by = None
            t.accepted_at = None
            t.extension_days_pending = None
            # After repeated returns the routing itself is in doubt: an expert decides.
            expert = t.returns_count >= self.settings.returns_escalation
            self._task(
                tx,
                t,
                "route_review" if expert else "redispatch",
                now + deadlines.REDISPATCH_WITHIN,
                now,
                role="expert" if expert else "shift_leader",
                title=f"退单重派（第 {t.returns_count} 次退单）：{reason[:60]}",
            )
            self._cancel(tx, t, ("supervise", "extension_review"), now)
            return {"unit": returned_by, "returns": t.returns_count, "to_expert": expert}

        return self._apply(actor, ticket_id, "return", version, change, note=reason)

    def request_extension(
        self, actor: Actor, ticket_id: int, *, days: int, reason: str, version: int | None = None
    ) -> dict[str, Any]:
        """The lead unit asks for more working days; the shift leader decides."""
        if not reason.strip():
            raise InputError("reason_required", "申请延期必须说明理由")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            call = tx.get(Call, t.call_id)
            limit = deadlines.for_ticket(
                t, now, self.settings, call.text if call else None
            ).extension_max_days
            if limit <= 0:
                raise InputError("no_extension", "此类工单（紧急或水电气热）不予延期")
            if not 1 <= days <= limit:
                raise InputError("bad_days", f"延期天数应为 1–{limit} 个工作日", limit=limit)
            t.extension_days_pending = days
            t.extension_reason = reason
            due, _ = deadlines.working_days_after(now, deadlines.REVIEW_WORKING_DAYS, self.settings)
            self._task(
                tx,
                t,
                "extension_review",
                due,
                now,
                role="shift_leader",
                title=f"延期审批：申请 {days} 个工作日",
            )
            return {"days": days, "reply_by": iso(t.reply_by)}

        return self._apply(actor, ticket_id, "request_extension", version, change, note=reason)

    def approve_extension(
        self,
        actor: Actor,
        ticket_id: int,
        *,
        days: int | None = None,
        note: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """Grant the pending extension (possibly fewer days): reply_by moves, and the trail says by how much."""

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            asked = t.extension_days_pending or 0
            granted = asked if days is None else days
            if not 1 <= granted <= asked:
                raise InputError("bad_days", f"批准的延期天数应为 1–{asked} 个工作日", asked=asked)
            old = t.reply_by
            base = old or now
            t.reply_by = deadlines.extended(base, granted, self.settings)
            t.extension_days_pending = None
            t.extensions_granted += 1
            self._complete(tx, t, ("extension_review",), actor, now, f"批准延期 {granted} 个工作日")
            return {
                "asked": asked,
                "granted": granted,
                "old_reply_by": iso(old),
                "new_reply_by": iso(t.reply_by),
            }

        return self._apply(actor, ticket_id, "approve_extension", version, change, note=note)

    def refuse_extension(
        self, actor: Actor, ticket_id: int, *, note: str | None = None, version: int | None = None
    ) -> dict[str, Any]:
        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            asked = t.extension_days_pending
            t.extension_days_pending = None
            self._complete(tx, t, ("extension_review",), actor, now, "驳回延期")
            return {"asked": asked, "reply_by": iso(t.reply_by)}

        return self._apply(actor, ticket_id, "refuse_extension", version, change, note=note)

    def reply(
        self, actor: Actor, ticket_id: int, *, content: str, resolved: bool, version: int | None = None
    ) -> dict[str, Any]:
        """The lead unit replies with the result for the whole ticket; a return visit is scheduled."""
        if not content.strip():
            raise InputError("content_required", "答复内容不能为空")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            call = tx.get(Call, t.call_id)
            due = deadlines.for_ticket(t, now, self.settings, call.text if call else None)
            in_time = bool(t.reply_by and now <= t.reply_by)
            t.reply_content, t.resolved, t.replied_at = content, resolved, now
            t.extension_days_pending = None
            t.visit_by = deadlines.visit_by(now, due.visit, self.settings)
            self._complete(tx, t, ("supervise", "extension_review"), actor, now, "承办单位已答复")
            self._task(
                tx, t, "return_visit", t.visit_by, now, role="operator", title="回访来电人，了解满意度"
            )
            unit = tx.unit(t.lead_unit or "")
            self._message(
                tx,
                t,
                "replied",
                now,
                unit=unit.name if unit else "承办单位",
                content=content[:200],
                when=self._zh_when(t.visit_by),
            )
            return {"resolved": resolved, "in_time": in_time, "visit_by": iso(t.visit_by)}

        return self._apply(actor, ticket_id, "reply", version, change, note=content)

    def visit(
        self,
        actor: Actor,
        ticket_id: int,
        *,
        satisfaction: str,
        resolved: bool,
        note: str | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        """Record the return visit: satisfied or basically satisfied AND resolved closes; anything else reopens."""
        if satisfaction not in SATISFACTIONS:
            raise InputError(
                "bad_satisfaction", "满意度应为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）"
            )
        closes = satisfaction in ("satisfied", "basic") and resolved
        name = "close" if closes else "reopen"

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            round_ = len(tx.visits(t.id)) + 1
            tx.add(
                Visit(
                    ticket_id=t.id,
                    round=round_,
                    at=now,
                    by_id=actor.id,
                    satisfaction=satisfaction,
                    resolved=resolved,
                    note=note,
                    unit_code=t.lead_unit,
                    category=t.category,
                )
            )
            t.satisfaction = satisfaction
            self._complete(tx, t, ("return_visit",), actor, now, f"回访：{satisfaction}")
            unit = tx.unit(t.lead_unit or "")
            if closes:
                t.closed_at = now
                self._cancel(tx, t, None, now)
                self._message(tx, t, "closed", now)
                return {"satisfaction": satisfaction, "resolved": resolved, "round": round_}
            call = tx.get(Call, t.call_id)
            t.reply_by, provisional = deadlines.rework_reply_by(
                t, now, self.settings, call.text if call else None
            )
            t.deadline_provisional = provisional
            t.reopen_count += 1
            t.visit_by = None
            t.overdue_noted_for = None
            self._message(
                tx, t, "reopened", now, unit=unit.name if unit else "承办单位", when=self._zh_when(t.reply_by)
            )
            return {
                "satisfaction": satisfaction,
                "resolved": resolved,
                "round": round_,
                "reply_by": iso(t.reply_by),
            }

        return self._apply(actor, ticket_id, name, version, change, note=note)

    def merge(
        self, actor: Actor, ticket_id: int, *, into: int, note: str | None = None, version: int | None = None
    ) -> dict[str, Any]:
        """并单: this ticket joins an open one about the same matter; its caller is told."""
        if into == ticket_id:
            raise InputError("merge_into_self", "不能把工单并入它自己")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            target = tx.ticket(into, lock=True)
            if target is None:
                raise NotFound("ticket_not_found", f"要并入的工单 {into} 不存在", ticket_id=into)
            if target.status in ("closed", "merged"):
                raise Conflict(
                    "merge_target_closed",
                    f"要并入的工单 {target.number} 状态为「{STATE_ZH[target.status]}」，只能并入未办结的工单",
                )
            t.merged_into = target.id
            t.closed_at = now
            for a in tx.assignments(t.id, active=True):
                a.active = False
            self._cancel(tx, t, None, now)
            self._event(
                tx,
                target,
                actor,
                "merged_in",
                None,
                None,
                now,
                note=note,
                payload={"ticket": t.id, "number": t.number},
            )
            target.updated_at = now
            self._message(tx, t, "merged", now, into=target.number)
            return {"into": target.id, "into_number": target.number}

        return self._apply(actor, ticket_id, "merge", version, change, note=note)

    def supervise(
        self, actor: Actor, ticket_id: int, *, note: str | None = None, version: int | None = None
    ) -> dict[str, Any]:
        """督办: flag the ticket and give its lead unit a task to act on it; the state does not change."""

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            self._supervise(tx, t, now, note or "请尽快办理")
            return {"unit": t.lead_unit}

        return self._apply(actor, ticket_id, "supervise", version, change, note=note)

    def _supervise(self, tx: Tx, t: Ticket, now: datetime, title: str) -> None:
        t.supervised = True
        t.supervised_at = now
        due, _ = deadlines.working_days_after(now, deadlines.REVIEW_WORKING_DAYS, self.settings)
        if t.lead_unit and not tx.ticket_tasks(t.id, kind="supervise", status="open"):
            self._task(
                tx,
                t,
                "supervise",
                due,
                now,
                role="unit_handler",
                unit=t.lead_unit,
                title=f"督办：{title[:80]}",
            )

    def add_note(
        self, actor: Actor, ticket_id: int, *, content: str, version: int | None = None
    ) -> dict[str, Any]:
        """A co-handling (or lead) unit adds its part of the work to the trail (协办意见)."""
        if not content.strip():
            raise InputError("content_required", "协办意见不能为空")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            role = next(
                (a.role for a in tx.assignments(t.id, active=True) if a.unit_code == actor.unit), None
            )
            return {"unit": actor.unit, "role": role}

        return self._apply(actor, ticket_id, "note", version, change, note=content)

    def send_update(
        self, actor: Actor, ticket_id: int, *, content: str, version: int | None = None
    ) -> dict[str, Any]:
        """A progress update to the caller: queued in the outbox; completes the due progress_update task."""
        if not content.strip():
            raise InputError("content_required", "进度反馈内容不能为空")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            message = self._message(tx, t, "progress", now, content=content)
            done = self._complete(
                tx, t, ("progress_update",), actor, now, "已向来电人反馈进度", first_only=True
            )
            return {"message": message.id if message else None, "tasks_done": done}

        return self._apply(actor, ticket_id, "update", version, change, note=content)

    def answer(
        self, actor: Actor, ticket_id: int, *, content: str, version: int | None = None
    ) -> dict[str, Any]:
        """Close a registered ticket with a direct answer from the knowledge base."""
        if not content.strip():
            raise InputError("content_required", "答复内容不能为空")

        def change(tx: Tx, t: Ticket, now: datetime) -> dict[str, Any]:
            t.direct_answer = content
            t.closed_at = now
            self._cancel(tx, t, None, now)
            return {}

        return self._apply(actor, ticket_id, "direct_answer", version, change, note=content)

    # ================================================================== tasks and outbox

    def tasks(
        self,
        actor: Actor,
        *,
        mine: bool = False,
        due: str | None = None,
        kind: str | None = None,
        status: str = "open",
        page: int = 1,
        per_page: int = 50,
    ) -> dict[str, Any]:
        """Tasks for this actor: their own, their role's, or (unit handlers) their unit's."""
        now = self.clock()
        due_before: datetime | None = None
        if due == "overdue":
            due_before = now
        elif due == "soon":
            due_before = now + deadlines.DUE_SOON
        elif due == "today":
            due_before = now.replace(hour=23, minute=59, second=59)
        elif due:
            try:
                due_before = datetime.fromisoformat(due)
            except ValueError:
                raise InputError("bad_due", "due 应为 overdue、soon、today 或 ISO 时间") from None
        if status not in ("open", "done", "cancelled", "all"):
            raise InputError("bad_status", "任务状态应为 open、done、cancelled 或 all")
        per_page = max(1, min(per_page, PER_PAGE_MAX))
        kw: dict[str, Any] = {
            "status": None if status == "all" else status,
            "kinds": [kind] if kind else [],
            "due_before": due_before,
            "offset": (max(1, page) - 1) * per_page,
            "limit": per_page,
        }
        if mine:
            kw["assignee_id"] = actor.id
        elif actor.role == "unit_handler":
            kw["unit"] = actor.unit or "-"
        elif actor.role not in ("manager", "admin"):
            kw["role"] = actor.role
        with self.store.read() as tx:
            rows, total = tx.tasks(**kw)
            numbers = {
                t.id: t.number for t in tx.tickets_by_ids(r.ticket_id for r in rows if r.ticket_id).values()
            }
            items = [task_view(t, now, numbers.get(t.ticket_id or 0)) for t in rows]
        return {"items": items, "page": max(1, page), "per_page": per_page, "total": total}

    def claim_task(self, actor: Actor, task_id: int) -> dict[str, Any]:
        """Take an open task of one's role (or unit) as one's own."""
        now = self.clock()
        with self.store.write() as tx:
            task = tx.get(Task, task_id)
            if task is None:
                raise NotFound("task_not_found", f"任务 {task_id} 不存在", task_id=task_id)
            if actor.role == "unit_handler":
                allowed = task.unit_code is not None and task.unit_code == actor.unit
            else:
                allowed = task.assignee_role in (actor.role, None) or actor.role == "shift_leader"
            if not allowed:
                raise Forbidden("wrong_role", "这项任务不属于您的岗位", task_id=task_id)
            if task.status != "open":
                raise Conflict("task_closed", "任务已完成或已取消", task_id=task_id)
            if task.assignee_id not in (None, actor.id):
                raise Conflict("task_taken", "任务已由其他人认领", task_id=task_id)
            task.assignee_id = actor.id
            task.claimed_by = actor.username
            task.claimed_at = now
            number = tx.ticket(task.ticket_id).number if task.ticket_id else None  # type: ignore[union-attr]
            return task_view(task, now, number)

    def outbox(
        self, actor: Actor, *, status: str | None = None, page: int = 1, per_page: int = 50
    ) -> dict[str, Any]:
        """Messages to callers; recipients masked for roles that may not see them."""
        if actor.role not in CENTRE_ROLES:
            raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权查看发件箱")
        per_page = max(1, min(per_page, PER_PAGE_MAX))
        full = actor.role in ("operator", "shift_leader")
        with self.store.read() as tx:
            rows, total = tx.messages(status=status, offset=(max(1, page) - 1) * per_page, limit=per_page)
            numbers = {
                t.id: t.number for t in tx.tickets_by_ids(r.ticket_id for r in rows if r.ticket_id).values()
            }
            items = [
                message_view(
                    m,
                    recipient=m.recipient if full else mask_phone(m.recipient),
                    ticket_number=numbers.get(m.ticket_id or 0),
                )
                for m in rows
            ]
        return {"items": items, "page": max(1, page), "per_page": per_page, "total": total}

    # ================================================================== the scheduler's part

    def sweep_overdue(self, *, limit: int = 200) -> int:
        """督办 every ticket past its current deadline, once per deadline; returns how many."""
        now = self.clock()
        with self.store.write() as tx:
            rows = tx.overdue_to_note(now, limit)
            for t in rows:
                step = "accept" if t.status == "dispatched" else "reply"
                deadline = t.accept_by if step == "accept" else t.reply_by
                label = "签收" if step == "accept" else "答复"
                t.overdue_noted_for = deadline
                t.updated_at = now
                self._supervise(tx, t, now, f"已超过{label}时限")
                self._event(
                    tx,
                    t,
                    SYSTEM,
                    "overdue",
                    t.status,
                    t.status,
                    now,
                    note=f"已超过{label}时限（{iso(deadline)}），系统自动督办",
                    payload={"step": step, "deadline": iso(deadline)},
                )
            return len(rows)

    def escalate_overdue_tasks(self, *, limit: int = 200) -> int:
        """Mark open tasks past due as escalated (once) and note it on the ticket's trail."""
        now = self.clock()
        with self.store.write() as tx:
            rows = tx.tasks_to_escalate(now, limit)
            tickets = tx.tickets_by_ids(task.ticket_id for task in rows if task.ticket_id)
            for task in rows:
                task.escalated_at = now
                ticket = tickets.get(task.ticket_id or 0)
                if ticket is not None:
                    self._event(
                        tx,
                        ticket,
                        SYSTEM,
                        "task_overdue",
                        None,
                        None,
                        now,
                        note=f"任务「{task.title or task.kind}」已超时，提请值班长关注",
                        payload={"task": task.id, "kind": task.kind, "due_at": iso(task.due_at)},
                    )
            return len(rows)

    def remind_due_soon(self, *, limit: int = 200) -> int:
        """Flag open tasks falling due within `deadlines.DUE_SOON` (once each), for the desks to show."""
        now = self.clock()
        with self.store.write() as tx:
            rows = tx.tasks_due_soon(now, deadlines.DUE_SOON, limit)
            for task in rows:
                task.reminded_at = now
            return len(rows)

    # ================================================================== small helpers

    def _event(
        self,
        tx: Tx,
        t: Ticket,
        actor: Actor,
        action: str,
        before: str | None,
        after: str | None,
        now: datetime,
        *,
        note: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        tx.add(
            Event(
                ticket_id=t.id,
                at=now,
                actor_id=actor.id,
                actor=actor.username,
                actor_role=actor.role,
                action=action,
                from_state=before,
                to_state=after,
                note=note,
                payload=payload or {},
            )
        )

    def _task(
        self,
        tx: Tx,
        t: Ticket,
        kind: str,
        due: datetime,
        now: datetime,
        *,
        role: str | None = None,
        assignee: int | None = None,
        unit: str | None = None,
        title: str = "",
    ) -> Task:
        task = Task(
            kind=kind,
            ticket_id=t.id,
            title=title[:200],
            due_at=due,
            status="open",
            assignee_role=role,
            assignee_id=assignee,
            unit_code=unit,
            attempts=0,
            created_at=now,
        )
        tx.add(task)
        return task

    def _complete(
        self,
        tx: Tx,
        t: Ticket,
        kinds: tuple[str, ...],
        actor: Actor,
        now: datetime,
        result: str,
        *,
        first_only: bool = False,
    ) -> list[int]:
        done: list[int] = []
        for task in tx.ticket_tasks(t.id, status="open"):
            if task.kind in kinds:
                task.status, task.done_at, task.done_by, task.result = "done", now, actor.id, result
                done.append(task.id)
                if first_only:
                    break
        return done

    def _cancel(self, tx: Tx, t: Ticket, kinds: tuple[str, ...] | None, now: datetime) -> None:
        for task in tx.ticket_tasks(t.id, status="open"):
            if kinds is None or task.kind in kinds:
                task.status, task.done_at, task.result = "cancelled", now, "工单状态变化，任务取消"

    def _message(self, tx: Tx, t: Ticket, kind: str, now: datetime, **values: Any) -> Message | None:
        caller = tx.get(Caller, t.caller_id) if t.caller_id else None
        if caller is None or not caller.phone:
            return None
        message = Message(
            ticket_id=t.id,
            caller_id=caller.id,
            recipient=caller.phone,
            kind=kind,
            body=messages.render(kind, number=t.number, **values),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        tx.add(message)
        return message

    @staticmethod
    def _zh_when(when: datetime | None) -> str:
        if when is None:
            return ""
        from hotline.calendar.format import zh_when

        return zh_when(when)


def require_centre(actor: Actor, what: str) -> None:
    if actor.role not in CENTRE_ROLES:
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}无权{what}")
