"""Tickets from the ticket store as the records insights work on (messages, cases, events).

Read once per command and shared by the converters, so a hotspot run and a handbook over the
same period see the same tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hotline.errors import HotlineError


@dataclass(frozen=True)
class TicketRecord:
    """What insights need of one stored ticket, read once and shared by the converters."""

    number: str
    title: str
    text: str
    category: str
    appeal_kind: str
    district: str | None
    street: str | None
    created_at: datetime
    lead_unit: str | None
    reply: str
    replied_at: datetime | None
    status: str
    satisfaction: str | None
    resolved: bool | None
    caller: str | None


def read_tickets(url: str, start: datetime | None, end: datetime | None) -> list[TicketRecord]:
    """Tickets created in [start, end] from the ticket store, oldest first."""
    from hotline.store.db import Store
    from hotline.store.models import Call
    from hotline.store.repo import TicketFilter

    store = Store.open(url)
    try:
        with store.read() as tx:
            until = end.replace(microsecond=0) if end else None
            if until is not None:
                until = until + timedelta(seconds=1)  # the filter's end is exclusive
            rows, _ = tx.tickets(TicketFilter(since=start, until=until), limit=1_000_000)
            units = {code: u.name for code, u in tx.units().items()}
            out = []
            for t in sorted(rows, key=lambda r: (r.created_at, r.id)):
                call = tx.get(Call, t.call_id)
                text = call.text if call is not None else t.summary
                out.append(
                    TicketRecord(
                        number=t.number,
                        title=(t.summary or text)[:60],
                        text=text,
                        category=(t.category or "其他").split("/")[0],
                        appeal_kind=t.appeal_kind,
                        district=t.place_district,
                        street=t.place_street,
                        created_at=t.created_at,
                        lead_unit=units.get(t.lead_unit or "", t.lead_unit),
                        reply=t.reply_content or "",
                        replied_at=t.replied_at,
                        status=t.status,
                        satisfaction=t.satisfaction,
                        resolved=t.resolved,
                        caller=str(t.caller_id) if t.caller_id is not None else None,
                    )
                )
            return out
    except HotlineError:
        raise
    except Exception as exc:  # the database is missing, not migrated or unreachable
        raise HotlineError(
            "store_unavailable",
            f"无法读取工单库（{type(exc).__name__}）：请检查 HOTLINE_DATABASE_URL 或先初始化数据库",
        ) from exc
    finally:
        store.dispose()


def tickets_as_messages(rows: list[TicketRecord]) -> list[Any]:
    from hotline.loop.insights.records import Message

    return [
        Message(id=r.number, title=r.title, detail=r.text, time=r.created_at, caller=r.caller) for r in rows
    ]


def tickets_as_cases(rows: list[TicketRecord]) -> list[Any]:
    from hotline.loop.insights.handbook import HandbookCase

    return [
        HandbookCase(
            id=r.number,
            text=r.text,
            category=r.category,
            appeal_kind=r.appeal_kind,
            district=r.district,
            street=r.street,
            created_at=r.created_at,
            lead_unit=r.lead_unit,
            reply=r.reply,
            status=r.status,
            satisfaction=r.satisfaction,
            resolved=r.resolved,
            title=r.title,
            replied_at=r.replied_at,
        )
        for r in rows
    ]


def tickets_as_events(rows: list[TicketRecord]) -> list[Any]:
    from hotline.loop.insights.warning import Event

    return [
        Event(id=r.number, problem=r.category, place=r.street or r.district or "未知地点", time=r.created_at)
        for r in rows
    ]
