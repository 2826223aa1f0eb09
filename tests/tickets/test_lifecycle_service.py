"""A hypothesis state machine drives the real ticket service (on a SQLite file) with random moves
and checks it against the lifecycle table: legal moves land where the table says, refused ones
change nothing."""

from __future__ import annotations

import tempfile
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from hotline.config import Settings
from hotline.errors import Conflict, Forbidden
from hotline.store.db import Store
from hotline.tickets.clock import FakeClock
from hotline.tickets.lifecycle import MOVES, is_legal
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

with warnings.catch_warnings():
    warnings.simplefilter("ignore", ResourceWarning)
    from hotline.listen.segment import warm

    warm()


class TicketMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.store = Store.open(f"sqlite:///{Path(self.tmp.name) / 'sm.db'}", migrate=True)
        seed_units(self.store)
        self.clock = FakeClock(datetime(2026, 11, 27, 10, 0))
        self.svc = TicketService(
            self.store, settings=Settings(data_dir=Path(self.tmp.name)), clock=self.clock
        )
        self.users = seed_users(self.store, self.clock())

    @initialize()
    def register(self) -> None:
        def new(text: str) -> dict[str, Any]:
            return self.svc.create(
                self.users["op"],
                NewTicket(text=text, unit="T-ZJ", urgency="normal", caller_phone="13800001111"),
            ).ticket

        self.anchor = new("另一张同类工单：小区消防通道被私家车堵住")
        t = new("小区消防通道长期被私家车占用，物业不管")
        self.id = t["id"]
        self.state = t["status"]
        self.pending = False
        self.version = t["version"]

    def teardown(self) -> None:
        self.store.dispose()
        self.tmp.cleanup()

    def _do(self, name: str, call: Any) -> None:
        legal = is_legal(self.state, name, extension_pending=self.pending)
        self.clock.advance(hours=1)
        if legal:
            t = call()
            assert t["status"] == (MOVES[name].target or self.state), (name, self.state, t["status"])
            assert t["version"] > self.version
            self.state, self.version = t["status"], t["version"]
            self.pending = t["extension"]["pending_days"] is not None
        else:
            with pytest.raises((Conflict, Forbidden)):
                call()
            after = self.svc.get(self.users["sl"], self.id)
            assert (after["status"], after["version"]) == (self.state, self.version)

    @rule()
    def dispatch(self) -> None:
        self._do("dispatch", lambda: self.svc.dispatch(self.users["sl"], self.id, unit="T-ZJ"))

    @rule()
    def accept(self) -> None:
        self._do("accept", lambda: self.svc.accept(self.users["zj"], self.id))

    @rule()
    def return_(self) -> None:
        self._do("return", lambda: self.svc.return_(self.users["zj"], self.id, reason="不属本单位职责"))

    @rule()
    def request_extension(self) -> None:
        self._do(
            "request_extension",
            lambda: self.svc.request_extension(self.users["zj"], self.id, days=2, reason="需协调物业"),
        )

    @rule()
    def approve_extension(self) -> None:
        self._do("approve_extension", lambda: self.svc.approve_extension(self.users["sl"], self.id))

    @rule()
    def refuse_extension(self) -> None:
        self._do("refuse_extension", lambda: self.svc.refuse_extension(self.users["sl"], self.id))

    @rule()
    def reply(self) -> None:
        self._do(
            "reply", lambda: self.svc.reply(self.users["zj"], self.id, content="已清理通道", resolved=True)
        )

    @rule(satisfied=st.booleans())
    def visit(self, satisfied: bool) -> None:
        name = "close" if satisfied else "reopen"
        self._do(
            name,
            lambda: self.svc.visit(
                self.users["op"],
                self.id,
                satisfaction="satisfied" if satisfied else "unsatisfied",
                resolved=satisfied,
            ),
        )

    @rule()
    def merge(self) -> None:
        self._do("merge", lambda: self.svc.merge(self.users["sl"], self.id, into=self.anchor["id"]))

    @rule()
    def supervise(self) -> None:
        self._do("supervise", lambda: self.svc.supervise(self.users["sl"], self.id, note="请加快"))

    @rule()
    def note(self) -> None:
        self._do("note", lambda: self.svc.add_note(self.users["zj"], self.id, content="已现场查看"))

    @rule()
    def update(self) -> None:
        self._do("update", lambda: self.svc.send_update(self.users["op"], self.id, content="正在办理"))

    @rule()
    def answer(self) -> None:
        self._do("direct_answer", lambda: self.svc.answer(self.users["op"], self.id, content="已当场答复"))

    @invariant()
    def the_trail_ends_in_the_current_state(self) -> None:
        if not hasattr(self, "id"):
            return
        t = self.svc.get(self.users["sl"], self.id)
        moved = [e for e in t["events"] if e["to_state"] is not None]
        assert moved[-1]["to_state"] == t["status"] == self.state


TicketMachine.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_the_service_follows_the_lifecycle_table = TicketMachine.TestCase
