"""Repository: every query the services need, on one transaction (`Tx`).

Services receive a `Tx` from `Store.write()`/`Store.read()` and never see SQLAlchemy.
ORM rows are returned as they are (attribute access only); changes to them are flushed
and committed with the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.store.models import (
    Assignment,
    Call,
    Caller,
    Counter,
    Event,
    IdempotencyKey,
    Message,
    PersonalDataRead,
    Task,
    Ticket,
    Unit,
    User,
    Utterance,
    Visit,
)

M = TypeVar("M")

OPEN = ("registered", "dispatched", "accepted", "returned", "replied", "reopened")
HANDLING = ("accepted", "reopened")
# A claim older than this belongs to a worker that died; another may take the row over.
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class TicketFilter:
    status: Sequence[str] = ()
    unit: str | None = None  # lead or co-handling unit, active or past assignment
    category: str | None = None
    overdue_at: datetime | None = None  # only tickets overdue at this time
    since: datetime | None = None
    until: datetime | None = None
    supervised: bool | None = None
    caller_id: int | None = None


def overdue_clause(now: datetime) -> Any:
    """Overdue: waiting to be accepted past accept_by, or being handled past reply_by."""
    return or_(
        and_(Ticket.status == "dispatched", Ticket.accept_by < now),
        and_(Ticket.status.in_(HANDLING), Ticket.reply_by < now),
    )


class Tx:
    def __init__(self, session: Session, dialect: str) -> None:
        self.session = session
        self.dialect = dialect

    # ------------------------------------------------------------------ generic

    def add(self, obj: object) -> None:
        self.session.add(obj)

    def add_all(self, objs: Iterable[object]) -> None:
        self.session.add_all(list(objs))

    def flush(self) -> None:
        self.session.flush()

    def get(self, model: type[M], key: Any) -> M | None:
        return self.session.get(model, key)

    def count(self, model: type[Any], **where: Any) -> int:
        q = select(func.count()).select_from(model)
        for name, value in where.items():
            q = q.where(getattr(model, name) == value)
        return int(self.session.scalar(q) or 0)

    # ------------------------------------------------------------------ units and users

    def unit(self, code: str) -> Unit | None:
        return self.session.get(Unit, code)

    def units(self, codes: Iterable[str] | None = None) -> dict[str, Unit]:
        q = select(Unit)
        if codes is not None:
            q = q.where(Unit.code.in_(list(codes)))
        return {u.code: u for u in self.session.scalars(q)}

    def upsert_unit(self, code: str, name: str, parent: str | None, kind: str) -> bool:
        """Insert or update one unit; True when something changed."""
        unit = self.session.get(Unit, code)
        if unit is None:
            self.session.add(Unit(code=code, name=name, parent=parent, kind=kind, active=True))
            return True
        changed = (unit.name, unit.parent, unit.kind, unit.active) != (name, parent, kind, True)
        unit.name, unit.parent, unit.kind, unit.active = name, parent, kind, True
        return changed

    def user(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def user_by_name(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def users(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.id)))

    # ------------------------------------------------------------------ callers and calls

    def caller_by_phone(self, phone: str) -> Caller | None:
        return self.session.scalar(select(Caller).where(Caller.phone == phone).order_by(Caller.id).limit(1))

    def utterances(self, call_id: int) -> list[Utterance]:
        return list(
            self.session.scalars(
                select(Utterance).where(Utterance.call_id == call_id).order_by(Utterance.seq)
            )
        )

    def prior_calls(self, phone: str, since: datetime) -> list[tuple[str, datetime, str | None]]:
        """(text, received_at, ticket status) of earlier calls from this phone number."""
        q = (
            select(Call.text, Call.received_at, Ticket.status)
            .join(Caller, Caller.id == Call.caller_id)
            .outerjoin(Ticket, Ticket.call_id == Call.id)
            .where(Caller.phone == phone, Call.received_at >= since)
            .order_by(Call.received_at.desc())
            .limit(200)
        )
        return [(r[0], r[1], r[2]) for r in self.session.execute(q)]

    # ------------------------------------------------------------------ tickets

    def ticket(self, ticket_id: int, *, lock: bool = False) -> Ticket | None:
        q = select(Ticket).where(Ticket.id == ticket_id)
        if lock and self.dialect == "postgresql":
            q = q.with_for_update()
        return self.session.scalar(q)

    def ticket_by_number(self, number: str) -> Ticket | None:
        return self.session.scalar(select(Ticket).where(Ticket.number == number))

    def next_sequence(self, name: str) -> int:
        """Atomically increment a named counter and return its new value."""
        ins = pg_insert(Counter) if self.dialect == "postgresql" else sqlite_insert(Counter)
        stmt = (
            ins.values(name=name, value=1)
            .on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
            .returning(Counter.value)
        )
        return int(self.session.execute(stmt).scalar_one())

    def next_ticket_seq(self, day: date) -> int:
        return self.next_sequence(f"ticket:{day:%Y%m%d}")

    def _filtered(self, f: TicketFilter) -> Any:
        q = select(Ticket)
        if f.status:
            q = q.where(Ticket.status.in_(list(f.status)))
        if f.unit:
            q = q.where(
                or_(
                    Ticket.lead_unit == f.unit,
                    exists().where(Assignment.ticket_id == Ticket.id, Assignment.unit_code == f.unit),
                )
            )
        if f.category:
            q = q.where(or_(Ticket.category == f.category, Ticket.category.startswith(f.category + "/")))
        if f.overdue_at is not None:
            q = q.where(overdue_clause(f.overdue_at))
        if f.since is not None:
            q = q.where(Ticket.created_at >= f.since)
        if f.until is not None:
            q = q.where(Ticket.created_at < f.until)
        if f.supervised is not None:
            q = q.where(Ticket.supervised == f.supervised)
        if f.caller_id is not None:
            q = q.where(Ticket.caller_id == f.caller_id)
        return q

    def tickets(
        self, f: TicketFilter, *, offset: int = 0, limit: int = 50, order: str = "id"
    ) -> tuple[list[Ticket], int]:
        q = self._filtered(f)
        total = int(self.session.scalar(select(func.count()).select_from(q.subquery())) or 0)
        if order == "deadline":
            # Soonest deadline first: what a unit's inbox needs.
            key = func.coalesce(Ticket.reply_by, Ticket.accept_by, Ticket.created_at)
            q = q.order_by(key, Ticket.id)
        else:
            q = q.order_by(Ticket.id.desc())
        return list(self.session.scalars(q.offset(offset).limit(limit))), total

    def overdue_ids(self, now: datetime, limit: int | None = None) -> list[int]:
        q = select(Ticket.id).where(overdue_clause(now)).order_by(Ticket.reply_by)
        if limit:
            q = q.limit(limit)
        return list(self.session.scalars(q))

    def duplicate_candidates(
        self,
        *,
        since: datetime,
        caller_id: int | None,
        category: str | None,
        district: str | None,
        street: str | None,
        limit: int = 200,
    ) -> list[tuple[Ticket, str]]:
        """Open tickets since `since` that share the caller, the category or the place; with their text."""
        conds: list[Any] = []
        if caller_id is not None:
            conds.append(Ticket.caller_id == caller_id)
        if category:
            conds.append(Ticket.category == category)
        if street:
            conds.append(Ticket.place_street == street)
        elif district:
            conds.append(Ticket.place_district == district)
        if not conds:
            return []
        q = (
            select(Ticket, Call.text)
            .join(Call, Call.id == Ticket.call_id)
            .where(Ticket.status.in_(OPEN), Ticket.created_at >= since, or_(*conds))
            .order_by(Ticket.id.desc())
            .limit(limit)
        )
        return [(r[0], r[1]) for r in self.session.execute(q)]

    def similar_text_candidates(self, *, since: datetime, limit: int = 300) -> list[tuple[Ticket, str]]:
        """The most recent open tickets, for a text-only similarity check."""
        q = (
            select(Ticket, Call.text)
            .join(Call, Call.id == Ticket.call_id)
            .where(Ticket.status.in_(OPEN), Ticket.created_at >= since)
            .order_by(Ticket.id.desc())
            .limit(limit)
        )
        return [(r[0], r[1]) for r in self.session.execute(q)]

    # ------------------------------------------------------------------ the ticket's parts

    def assignments(self, ticket_id: int, *, active: bool | None = None) -> list[Assignment]:
        q = select(Assignment).where(Assignment.ticket_id == ticket_id)
        if active is not None:
            q = q.where(Assignment.active == active)
        return list(self.session.scalars(q.order_by(Assignment.id)))

    def events(self, ticket_id: int) -> list[Event]:
        return list(
            self.session.scalars(select(Event).where(Event.ticket_id == ticket_id).order_by(Event.id))
        )

    def visits(self, ticket_id: int) -> list[Visit]:
        return list(
            self.session.scalars(select(Visit).where(Visit.ticket_id == ticket_id).order_by(Visit.id))
        )

    def messages(
        self, *, ticket_id: int | None = None, status: str | None = None, offset: int = 0, limit: int = 100
    ) -> tuple[list[Message], int]:
        q = select(Message)
        if ticket_id is not None:
            q = q.where(Message.ticket_id == ticket_id)
        if status:
            q = q.where(Message.status == status)
        total = int(self.session.scalar(select(func.count()).select_from(q.subquery())) or 0)
        return list(self.session.scalars(q.order_by(Message.id.desc()).offset(offset).limit(limit))), total

    def ticket_tasks(
        self, ticket_id: int, *, kind: str | None = None, status: str | None = None
    ) -> list[Task]:
        q = select(Task).where(Task.ticket_id == ticket_id)
        if kind:
            q = q.where(Task.kind == kind)
        if status:
            q = q.where(Task.status == status)
        return list(self.session.scalars(q.order_by(Task.due_at, Task.id)))

    def tasks(
        self,
        *,
        status: str | None = "open",
        kinds: Sequence[str] = (),
        assignee_id: int | None = None,
        role: str | None = None,
        unit: str | None = None,
        due_before: datetime | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[list[Task], int]:
        q = select(Task)
        if status:
            q = q.where(Task.status == status)
        if kinds:
            q = q.where(Task.kind.in_(list(kinds)))
        if assignee_id is not None:
            q = q.where(Task.assignee_id == assignee_id)
        if role is not None:
            q = q.where(Task.assignee_role == role)
        if unit is not None:
            q = q.where(Task.unit_code == unit)
        if due_before is not None:
            q = q.where(Task.due_at <= due_before)
        total = int(self.session.scalar(select(func.count()).select_from(q.subquery())) or 0)
        return list(self.session.scalars(q.order_by(Task.due_at, Task.id).offset(offset).limit(limit))), total

    def active_assignments(self, ticket_ids: list[int]) -> dict[int, list[Assignment]]:
        out: dict[int, list[Assignment]] = {}
        if not ticket_ids:
            return out
        q = select(Assignment).where(Assignment.ticket_id.in_(ticket_ids), Assignment.active.is_(True))
        for a in self.session.scalars(q.order_by(Assignment.id)):
            out.setdefault(a.ticket_id, []).append(a)
        return out

    def callers(self, ids: Iterable[int]) -> dict[int, Caller]:
        ids = list(set(ids))
        if not ids:
            return {}
        return {c.id: c for c in self.session.scalars(select(Caller).where(Caller.id.in_(ids)))}

    def tickets_by_ids(self, ids: Iterable[int]) -> dict[int, Ticket]:
        ids = list(set(ids))
        if not ids:
            return {}
        return {t.id: t for t in self.session.scalars(select(Ticket).where(Ticket.id.in_(ids)))}

    def merged_children(self, ticket_id: int) -> list[Ticket]:
        return list(
            self.session.scalars(select(Ticket).where(Ticket.merged_into == ticket_id).order_by(Ticket.id))
        )

    # ------------------------------------------------------------------ idempotency

    def idempotency(self, key: str) -> IdempotencyKey | None:
        return self.session.get(IdempotencyKey, key)

    def claim_idempotency(self, row: IdempotencyKey) -> bool:
        """Insert the key in a savepoint; False when a concurrent request already holds it."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            return False
        return True

    # ------------------------------------------------------------------ audit

    def personal_data_reads(self, *, caller_id: int | None = None) -> list[PersonalDataRead]:
        q = select(PersonalDataRead)
        if caller_id is not None:
            q = q.where(PersonalDataRead.caller_id == caller_id)
        return list(self.session.scalars(q.order_by(PersonalDataRead.id)))

    # ------------------------------------------------------------------ scheduler claims

    def _lockable(self, q: Any) -> Any:
        # PostgreSQL: rows another worker is processing are skipped, not waited for.
        # SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other writers.
        return q.with_for_update(skip_locked=True) if self.dialect == "postgresql" else q

    def overdue_to_note(self, now: datetime, limit: int = 200) -> list[Ticket]:
        """Overdue tickets whose current deadline the scheduler has not acted on yet (rows locked)."""
        deadline = _current_deadline()
        q = (
            select(Ticket)
            .where(overdue_clause(now))
            .where(or_(Ticket.overdue_noted_for.is_(None), Ticket.overdue_noted_for != deadline))
            .order_by(Ticket.id)
            .limit(limit)
        )
        return list(self.session.scalars(self._lockable(q)))

    def tasks_to_escalate(self, now: datetime, limit: int = 200) -> list[Task]:
        q = (
            select(Task)
            .where(Task.status == "open", Task.due_at < now, Task.escalated_at.is_(None))
            .order_by(Task.due_at, Task.id)
            .limit(limit)
        )
        return list(self.session.scalars(self._lockable(q)))

    def tasks_due_soon(self, now: datetime, horizon: timedelta, limit: int = 200) -> list[Task]:
        q = (
            select(Task)
            .where(
                Task.status == "open",
                Task.due_at >= now,
                Task.due_at <= now + horizon,
                Task.reminded_at.is_(None),
            )
            .order_by(Task.due_at, Task.id)
            .limit(limit)
        )
        return list(self.session.scalars(self._lockable(q)))

    def claim_messages(self, now: datetime, worker: str, limit: int = 50) -> list[Message]:
        """Claim pending messages for `worker` so that no other worker sends them too."""
        free = or_(Message.claimed_by.is_(None), Message.claimed_at < now - CLAIM_TIMEOUT)
        due = and_(Message.status == "pending", Message.next_attempt_at <= now, free)
        if self.dialect == "postgresql":
            ids = list(
                self.session.scalars(
                    select(Message.id)
                    .where(due)
                    .order_by(Message.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            if not ids:
                return []
            self.session.execute(
                update(Message).where(Message.id.in_(ids)).values(claimed_by=worker, claimed_at=now)
            )
        else:
            # One atomic statement: only rows still unclaimed when it runs are taken.
            sub = select(Message.id).where(due).order_by(Message.id).limit(limit).scalar_subquery()
            self.session.execute(
                update(Message)
                .where(Message.id.in_(sub), due)
                .values(claimed_by=worker, claimed_at=now)
                .execution_options(synchronize_session=False)
            )
        self.session.expire_all()
        return list(
            self.session.scalars(
                select(Message).where(
                    Message.claimed_by == worker, Message.claimed_at == now, Message.status == "pending"
                )
            )
        )

    # ------------------------------------------------------------------ rates

    def response_facts(
        self, since: datetime, until: datetime, *, unit: str | None, category: str | None
    ) -> list[tuple[str, str | None, datetime, datetime | None, datetime | None, str | None]]:
        """Lead assignments dispatched in [since, until): unit, category, dispatched, accept_by, responded, response."""
        q = select(
            Assignment.unit_code,
            Assignment.category,
            Assignment.dispatched_at,
            Assignment.accept_by,
            Assignment.responded_at,
            Assignment.response,
        ).where(
            Assignment.role == "lead", Assignment.dispatched_at >= since, Assignment.dispatched_at < until
        )
        if unit:
            q = q.where(Assignment.unit_code == unit)
        if category:
            q = q.where(or_(Assignment.category == category, Assignment.category.startswith(category + "/")))
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in self.session.execute(q)]

    def visit_facts(
        self, since: datetime, until: datetime, *, unit: str | None, category: str | None
    ) -> list[tuple[str | None, str | None, str, bool]]:
        """Return visits in [since, until): unit, category, satisfaction, resolved."""
        q = select(Visit.unit_code, Visit.category, Visit.satisfaction, Visit.resolved).where(
            Visit.at >= since, Visit.at < until
        )
        if unit:
            q = q.where(Visit.unit_code == unit)
        if category:
            q = q.where(or_(Visit.category == category, Visit.category.startswith(category + "/")))
        return [(r[0], r[1], r[2], bool(r[3])) for r in self.session.execute(q)]


def _current_deadline() -> Any:
    from sqlalchemy import case

    return case((Ticket.status == "dispatched", Ticket.accept_by), else_=Ticket.reply_by)
