"""QA: a call cannot be registered as received in the future.

POST /api/v1/tickets with received_at "2030-01-01" (a typo for 2020, or a system clock gone wrong)
was accepted: the analysis counted its deadlines from 2030 (provisional), the dispatch from today,
and the ticket sat in the lists as a call from four years ahead. Imports did the same per row.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from hotline.config import Settings
from hotline.errors import InputError
from hotline.store.db import Store
from hotline.store.models import Ticket
from hotline.tickets import bulk
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

NOW = datetime(2026, 11, 27, 10, 0)


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(NOW))


@pytest.mark.parametrize("received", [datetime(2030, 1, 1), NOW + timedelta(hours=2)])
def test_a_call_from_the_future_is_refused_and_nothing_is_written(
    svc: TicketService, received: datetime
) -> None:
    users = seed_users(svc.store, NOW)
    with pytest.raises(InputError) as err:
        svc.create(users["op"], NewTicket(text="路灯坏了三天了", received_at=received))
    assert err.value.code == "received_in_future"
    with svc.store.read() as tx:
        assert tx.count(Ticket) == 0


def test_a_clock_a_few_minutes_ahead_is_tolerated(svc: TicketService) -> None:
    users = seed_users(svc.store, NOW)
    t = svc.create(users["op"], NewTicket(text="路灯坏了三天了", received_at=NOW + timedelta(minutes=3)))
    assert t.created


def test_an_import_row_from_the_future_is_reported_with_its_line(svc: TicketService) -> None:
    users = seed_users(svc.store, NOW)
    csv = "受理时间,诉求内容\n2026-11-26 09:30,路灯坏了\n2062-11-26 09:30,垃圾没人清\n".encode()
    with pytest.raises(InputError) as err:
        bulk.import_file(svc, users["op"], csv, "csv")
    rows = err.value.details["rows"]
    assert [(r["line"], r["field"]) for r in rows] == [(3, "received_at")]
