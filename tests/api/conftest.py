"""API tests: the real app on a fresh SQLite file (and PostgreSQL schema when configured), a fake
clock, a recording SMS sender, and one logged-in client per role."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.config import Settings
from hotline.loop.outbox import RecordingSender
from hotline.store.db import Store
from hotline.store.testing import postgres_schema, postgres_url, reset_tables, sqlite_url
from hotline.tickets.clock import FakeClock
from hotline.tickets.testing import seed_units, seed_users
from hotline.web.app import create_app

# jieba's load_userdict leaves the user dictionary open (listen/segment.py, reported to the lead);
# load it once here so that warning cannot fail an unrelated test.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ResourceWarning)
    from hotline.listen.segment import warm

    warm()

KINDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not postgres_url(), reason="需要 HOTLINE_TEST_POSTGRES_URL"),
        ],
    ),
]
# A Friday morning: deadlines cross a weekend.
START = datetime(2026, 11, 27, 10, 0)


class Desk:
    """The app plus one authenticated client per test user (op, sl, ex, zj, cg, jd, mg, ad)."""

    def __init__(self, app: Any, clock: FakeClock, sender: RecordingSender) -> None:
        self.app = app
        self.clock = clock
        self.sender = sender
        self.hotline = app.state.hotline
        self.store = self.hotline.store
        self.users = seed_users(self.store, clock())
        self.client = TestClient(app)

    def headers(self, user: str, **extra: str) -> dict[str, str]:
        token = self.hotline.tokens.issue(self.users[user])
        return {"Authorization": f"Bearer {token}", **extra}

    def get(self, user: str, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers(user), **kw)

    def post(
        self, user: str, path: str, json: Any = None, headers: dict[str, str] | None = None, **kw: Any
    ) -> Any:
        return self.client.post(path, json=json, headers={**self.headers(user), **(headers or {})}, **kw)

    def create(self, user: str = "op", **body: Any) -> dict[str, Any]:
        body.setdefault("text", "我家楼下的路灯坏了一个星期了，晚上出门很不安全，希望尽快修好。")
        r = self.post(user, "/api/v1/tickets", json=body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def counts(self) -> dict[str, int]:
        """Rows per table: a refused request must leave all of them unchanged."""
        from hotline.store import models as m

        with self.store.read() as tx:
            return {
                model.__tablename__: tx.count(model)
                for model in (
                    m.Ticket,
                    m.Call,
                    m.Caller,
                    m.Event,
                    m.Task,
                    m.Message,
                    m.Visit,
                    m.Assignment,
                    m.IdempotencyKey,
                )
            }


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    """One migrated PostgreSQL schema for the session, emptied before each test, dropped at the end."""
    base = postgres_url()
    if not base:
        pytest.skip("需要 HOTLINE_TEST_POSTGRES_URL")
    with postgres_schema(base) as url:
        Store.open(url, migrate=True).dispose()
        yield url


@pytest.fixture(params=KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    url = request.getfixturevalue("pg_schema")
    reset_tables(url)
    yield url


def make_desk(url: str, data_dir: Path) -> Desk:
    settings = Settings(data_dir=data_dir, database_url=url, secret_key="test-secret")
    clock = FakeClock(START)
    sender = RecordingSender()
    app = create_app(settings, clock=clock, sender=sender)
    seed_units(app.state.hotline.store)
    return Desk(app, clock, sender)


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> Iterator[Desk]:
    d = make_desk(db_url, tmp_path)
    yield d
    d.store.dispose()


@pytest.fixture(scope="module", params=KINDS)
def shared_desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """One desk for a whole module, for tests that only read or are refused (and so change nothing)."""
    tmp = tmp_path_factory.mktemp("shared")
    if request.param == "sqlite":
        d = make_desk(sqlite_url(tmp), tmp)
        yield d
        d.store.dispose()
        return
    base = postgres_url()
    assert base
    with postgres_schema(base) as url:
        d = make_desk(url, tmp)
        yield d
        d.store.dispose()
