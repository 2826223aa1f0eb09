"""QA: an import is refused with every problem of every row at once, and a three-digit "phone"
is not a caller's number.

A row with a bad time AND an unknown unit was reported only for the time; the operator fixed it,
uploaded again, and only then heard about the unit. "123" was accepted as a caller's phone (the
acknowledgement SMS would go nowhere).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hotline.config import Settings
from hotline.errors import InputError
from hotline.store.db import Store
from hotline.tickets import bulk
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)
HEADER = "受理时间,诉求内容,联系电话,主办单位,协办单位\n"


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))


def _refused(svc: TicketService, body: str) -> list[dict[str, Any]]:
    users = seed_users(svc.store, START)
    with pytest.raises(InputError) as err:
        bulk.import_file(svc, users["op"], (HEADER + body).encode("utf-8"), "csv")
    assert err.value.code == "import_invalid"
    rows: list[dict[str, Any]] = err.value.details["rows"]
    return rows


def test_every_problem_of_a_row_is_reported_together(svc: TicketService) -> None:
    rows = _refused(svc, "明天,路灯坏了,13812345678,NOPE,T-JD;GONE\n")
    fields = [p["field"] for p in rows if p["line"] == 2]
    assert "received_at" in fields
    messages = " ".join(p["message"] for p in rows)
    assert "NOPE" in messages and "GONE" in messages


@pytest.mark.parametrize("phone", ["123", "110", "12345"])
def test_a_short_number_is_not_a_callers_phone(svc: TicketService, phone: str) -> None:
    rows = _refused(svc, f"2026-11-27 09:30,路灯坏了,{phone},T-CG,\n")
    assert [p["field"] for p in rows] == ["caller_phone"]


@pytest.mark.parametrize("phone", ["13812345678", "0571-87654321", "88886666", "+86 138 1234 5678"])
def test_real_numbers_still_import(svc: TicketService, phone: str) -> None:
    users = seed_users(svc.store, START)
    report = bulk.import_file(
        svc, users["op"], (HEADER + f"2026-11-27 09:30,路灯坏了,{phone},T-CG,\n").encode(), "csv"
    )
    assert report["imported"] == 1
