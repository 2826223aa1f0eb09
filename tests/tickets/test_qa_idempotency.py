"""QA: one desk's Idempotency-Key never returns or blocks another desk's ticket.

Two operators whose clients both numbered requests "1", "2", … shared one key space: the second
operator's call about the same street light got the first operator's ticket back, and a different
call under the same key was refused with 409, so that caller's appeal was never registered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hotline.config import Settings
from hotline.errors import Conflict
from hotline.store.db import Store
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))


def test_the_same_key_from_two_operators_makes_two_tickets(svc: TicketService) -> None:
    users = seed_users(svc.store, START)
    req = NewTicket(text="翠苑一区门口的路灯坏了", unit="T-CG", urgency="normal")
    first = svc.create(users["op"], req, idempotency_key="1")
    second = svc.create(users["op2"], req, idempotency_key="1")
    assert first.created and second.created
    assert first.ticket["id"] != second.ticket["id"]


def test_a_different_call_under_another_desks_key_is_registered(svc: TicketService) -> None:
    users = seed_users(svc.store, START)
    svc.create(users["op"], NewTicket(text="路灯坏了", unit="T-CG", urgency="normal"), idempotency_key="7")
    other = svc.create(
        users["op2"], NewTicket(text="楼上漏水", unit="T-ZJ", urgency="normal"), idempotency_key="7"
    )
    assert other.created


def test_one_operator_still_gets_replays_and_conflicts(svc: TicketService) -> None:
    users = seed_users(svc.store, START)
    req = NewTicket(text="路灯坏了", unit="T-CG", urgency="normal")
    a = svc.create(users["op"], req, idempotency_key="k" * 200)
    b = svc.create(users["op"], req, idempotency_key="k" * 200)
    assert a.created and not b.created and a.ticket["id"] == b.ticket["id"]
    with pytest.raises(Conflict):
        svc.create(users["op"], NewTicket(text="别的事", urgency="normal"), idempotency_key="k" * 200)
