"""QA: registering a call that came in earlier never promises the caller a date already past.

A call received on 8 May and registered on 27 November (a backfill, or one row of an import of
older calls) got feedback_by 12 May: the acknowledgement SMS sent on 27 November said "我们会在
5月12日（周二）12:00前向您反馈", and its progress-update task was born six months overdue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hotline.config import Settings
from hotline.store.db import Store
from hotline.store.models import Message, Task
from hotline.tickets import bulk
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

NOW = datetime(2026, 11, 27, 10, 0)  # a Friday
EARLIER = datetime(2026, 5, 8, 20, 0)


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(NOW))


def _promises(svc: TicketService, ticket_id: int) -> tuple[list[str], list[datetime]]:
    with svc.store.read() as tx:
        bodies = [m.body for m in tx.session.query(Message).filter_by(ticket_id=ticket_id)]
        dues = [
            t.due_at for t in tx.session.query(Task).filter_by(ticket_id=ticket_id, kind="progress_update")
        ]
    return bodies, dues


def test_a_backfilled_call_gets_a_promise_from_today(svc: TicketService) -> None:
    users = seed_users(svc.store, NOW)
    req = NewTicket(text="昨天晚上楼下烧烤店吵到半夜", unit="T-CG", urgency="normal", received_at=EARLIER)
    t = svc.create(users["op"], req).ticket
    assert t["deadlines"]["feedback_by"] >= NOW.isoformat()
    bodies, dues = _promises(svc, t["id"])
    assert all("5月" not in b for b in bodies), bodies
    assert dues and all(d >= NOW for d in dues)


def test_an_imported_old_call_gets_no_overdue_progress_task(svc: TicketService) -> None:
    users = seed_users(svc.store, NOW)
    csv = "受理时间,诉求内容,主办单位\n2026-05-08 20:00,小区门口的路灯坏了,T-CG\n".encode()
    report = bulk.import_file(svc, users["op"], csv, "csv")
    _, dues = _promises(svc, report["tickets"][0]["id"])
    assert dues and all(d >= NOW for d in dues)


def test_a_call_registered_at_once_keeps_the_promise_of_the_analysis(svc: TicketService) -> None:
    users = seed_users(svc.store, NOW)
    t = svc.create(users["op"], NewTicket(text="小区门口的路灯坏了", unit="T-CG", urgency="normal")).ticket
    assert t["deadlines"]["feedback_by"] == t["analysis"]["deadline"]["feedback_by"]
