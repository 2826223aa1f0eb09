"""The demonstration centre: realistic, consistent, deterministic; and `hotline demo`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_TICKETS, NOW, demo_settings
from typer.testing import CliRunner

from hotline.demo_data import CENTRE_USERS, build_demo
from hotline.store.db import Store
from hotline.store.repo import TicketFilter
from hotline.tickets.lifecycle import STATES


def snapshot(directory: Path, tickets: int) -> list[tuple[str, str, str | None, str | None]]:
    settings = demo_settings(directory)
    store = Store.open(settings.database(), migrate=True)
    try:
        build_demo(store, settings, now=NOW, tickets=tickets, seed=7)
        with store.read() as tx:
            rows, _ = tx.tickets(TicketFilter(), limit=1000)
            return sorted((t.number, t.status, t.category, t.lead_unit) for t in rows)
    finally:
        store.dispose()


def test_the_same_seed_builds_the_same_centre(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = snapshot(tmp_path / "a", 12)
    assert first == snapshot(tmp_path / "b", 12)
    assert len(first) == 12


def test_the_centre_has_every_role_and_tickets_in_many_states(demo_dir: Path) -> None:
    store = Store.open(demo_settings(demo_dir).database())
    try:
        with store.read() as tx:
            users = {u.username: u for u in tx.users()}
            everything, _ = tx.tickets(TicketFilter(), limit=1000)
            # Other test modules add tickets to this centre; look at the demo's own.
            rows = [t for t in everything if t.id <= DEMO_TICKETS]
            total = len(rows)
            events = {t.id: [e.action for e in tx.events(t.id)] for t in rows}
    finally:
        store.dispose()
    roles = Counter(u.role for u in users.values())
    assert set(roles) == {"operator", "shift_leader", "expert", "unit_handler", "manager", "admin"}
    assert all(login.username in users for login in CENTRE_USERS)
    # Every dispatched ticket's lead unit has someone to log in and work it.
    leads = {t.lead_unit for t in rows if t.lead_unit}
    handlers = {u.unit_code for u in users.values() if u.role == "unit_handler"}
    assert leads <= handlers
    statuses = Counter(t.status for t in rows)
    assert total >= 30
    assert statuses["closed"] > 0 and len(statuses) >= 3, statuses
    # The trail starts with the registration and follows the state.
    for t in rows:
        assert events[t.id][0] == "create"
        if t.status == "closed" and t.direct_answer is None:
            assert "reply" in events[t.id] and events[t.id][-1] in ("close",), events[t.id]
    # Spread over the past months, not all today.
    days = {t.created_at.date() for t in rows}
    assert len(days) >= 10 and max(t.created_at for t in rows) <= NOW


def test_demo_report_still_prints_the_sample_calls() -> None:
    from hotline.cli.main import app

    result = CliRunner().invoke(app, ["demo", "--report"])
    assert result.exit_code == 0, result.output
    assert "示范来电 demo-1" in result.output


def test_hotline_demo_builds_a_fresh_database_and_prints_the_logins(tmp_path: Path, monkeypatch: Any) -> None:
    from hotline.cli.main import app

    db = tmp_path / "demo.db"
    db.write_text("an old demo")  # replaced, not reused
    monkeypatch.setenv("HOTLINE_SECRET_KEY", "demo-test-secret-key-0123456789abcdef")
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--tickets", "8", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "所有示范账号的密码都是：hotline-demo" in result.output
    for username in ("operator", "leader", "expert", "manager", "admin"):
        assert username in result.output
    assert "承办单位账号的用户名是单位编码" in result.output
    assert db.stat().st_size > 10_000


@pytest.mark.slow
def test_the_default_demo_has_tickets_in_every_state(tmp_path: Path) -> None:
    settings = demo_settings(tmp_path)
    store = Store.open(settings.database(), migrate=True)
    try:
        centre = build_demo(store, settings, now=NOW)
    finally:
        store.dispose()
    assert centre.tickets == 300
    missing = set(STATES) - {s for s, n in centre.by_status.items() if n}
    assert missing == set(), f"示范数据缺少这些状态的工单：{missing}"
