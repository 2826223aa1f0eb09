"""QA: a ticket's analysis uses the service's own settings, not the process defaults.

`intake.analyze` dropped its `settings` argument, so a centre configured to call back at 09:00
(HOTLINE_FEEDBACK_HOUR, or a second app with its own Settings) still promised callers noon.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.config import Settings
from hotline.store.db import Store
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)


def test_the_promised_call_back_hour_follows_the_service_settings(store: Store, tmp_path: Any) -> None:
    seed_units(store)
    svc = TicketService(store, settings=Settings(data_dir=tmp_path, feedback_hour=9), clock=FakeClock(START))
    users = seed_users(store, START)
    t = svc.create(
        users["op"], NewTicket(text="我家门口的路灯坏了一个星期了", unit="T-CG", urgency="normal")
    ).ticket
    assert t["deadlines"]["feedback_by"].endswith("T09:00:00")
    assert "9:00" in t["analysis"]["script"]["commitment"] or "09:00" in t["analysis"]["script"]["commitment"]
