"""The schema comes from the shipped migrations, matches the models, and protects its history."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from hotline.errors import HotlineError
from hotline.store.db import Store
from hotline.store.engine import make_engines
from hotline.store.migrate import head_revision
from hotline.store.models import Base, Event, Ticket

NOW = datetime(2026, 11, 27, 10, 0)


def test_upgrade_brings_an_empty_database_to_the_head_revision(store: Store) -> None:
    assert store.upgrade() == head_revision()  # a second upgrade is a no-op


def test_the_migrations_produce_exactly_the_models(store: Store) -> None:
    with store.engines.write.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'h.db'}", migrate=True)
    with store.engines.read.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.dispose()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("sqlite://", "bad_database_url"),
        ("sqlite:///:memory:", "bad_database_url"),
        ("mysql://u@h/db", "unsupported_database"),
    ],
)
def test_unusable_database_urls_are_refused_with_a_reason(url: str, code: str) -> None:
    with pytest.raises(HotlineError) as err:
        make_engines(url)
    assert err.value.code == code


def _ticket_with_event(store: Store) -> int:
    from hotline.store.models import Call

    with store.write() as tx:
        call = Call(channel="phone", received_at=NOW, text="噪音扰民", repeat_calls=0, created_at=NOW)
        tx.add(call)
        tx.flush()
        t = Ticket(
            number="12345-20261127-0001",
            status="registered",
            channel="phone",
            appeal_kind="complaint",
            call_id=call.id,
            created_at=NOW,
            updated_at=NOW,
        )
        tx.add(t)
        tx.flush()
        tx.add(Event(ticket_id=t.id, at=NOW, actor="op", actor_role="operator", action="create"))
        return t.id


@pytest.mark.parametrize("statement", ["UPDATE events SET note = 'rewritten'", "DELETE FROM events"])
def test_the_event_trail_cannot_be_rewritten(store: Store, statement: str) -> None:
    _ticket_with_event(store)
    with pytest.raises(DBAPIError, match="append-only"), store.engines.write.begin() as conn:
        conn.execute(text(statement))
    with store.read() as tx:
        assert tx.count(Event) == 1


def test_ticket_numbers_count_per_day_without_gaps_or_repeats_under_concurrency(store: Store) -> None:
    got: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(10):
            with store.write() as tx:
                n = tx.next_ticket_seq(NOW.date())
            with lock:
                got.append(n)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(got) == list(range(1, 41))
    with store.write() as tx:
        assert tx.next_ticket_seq(datetime(2026, 11, 28).date()) == 1


def test_several_processes_upgrading_at_once_all_succeed(db_url: str) -> None:
    errors: list[BaseException] = []

    def up() -> None:
        try:
            s = Store.open(db_url, migrate=True)
            s.dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=up) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_processes_opening_a_fresh_sqlite_file_together_never_see_database_locked(tmp_path: Path) -> None:
    """Switching a new file to WAL needs an exclusive lock that SQLite's busy handler does not wait for."""
    for round_ in range(12):
        url = f"sqlite:///{tmp_path / f'fresh{round_}.db'}"
        errors: list[BaseException] = []

        def up(url: str = url, errors: list[BaseException] = errors) -> None:
            try:
                Store.open(url, migrate=True).dispose()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=up) for _ in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == [], f"round {round_}: {errors}"
