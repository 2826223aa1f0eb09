"""Web console tests: a small demonstration centre on a fresh SQLite file, the real app on a fake
clock, and a helper to log in through the login form like a browser does."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hotline.config import Settings
from hotline.demo_data import DEMO_PASSWORD, People, build_demo
from hotline.store.db import Store
from hotline.tickets.clock import FakeClock
from hotline.web.app import create_app

# jieba's load_userdict leaves a file open; load it once so that warning cannot fail a test.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ResourceWarning)
    from hotline.listen.segment import warm

    warm()

NOW = datetime(2026, 11, 27, 10, 0)  # a Friday morning
DEMO_TICKETS = 30  # the session centre's tickets are ids 1..30; tests add more after them
WALK_UNIT = "city.cgj"  # 市城市管理局: the unit the walk-through dispatches to
CSRF_META = re.compile(r'"X-CSRF-Token": "([^"]+)"')
LOGIN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def demo_settings(directory: Path) -> Settings:
    return Settings(
        data_dir=directory,
        database_url=f"sqlite:///{(directory / 'demo.db').as_posix()}",
        secret_key="test-secret-key-for-the-web-console-0123456789",
    )


def make_demo(directory: Path, now: datetime, tickets: int = 40) -> Settings:
    settings = demo_settings(directory)
    store = Store.open(settings.database(), migrate=True)
    try:
        build_demo(store, settings, now=now, tickets=tickets)
        People(store, now).handler(WALK_UNIT)
    finally:
        store.dispose()
    return settings


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("web-demo")
    make_demo(directory, NOW, tickets=DEMO_TICKETS)
    return directory


@pytest.fixture(scope="module")
def console(demo_dir: Path) -> Iterator[Any]:
    clock = FakeClock(NOW)
    app = create_app(demo_settings(demo_dir), clock=clock)
    with TestClient(app) as client:
        client.clock = clock  # type: ignore[attr-defined]
        yield app


def login(app: Any, username: str, password: str = DEMO_PASSWORD, **client_kw: Any) -> TestClient:
    """A fresh client logged in through the form; `client.csrf` holds the session's CSRF token."""
    client = TestClient(app, **client_kw)
    page = client.get("/login")
    token = LOGIN_CSRF.search(page.text)
    assert token, page.text
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    landing = client.get(r.headers["location"])
    found = CSRF_META.search(landing.text)
    client.csrf = found.group(1) if found else ""  # type: ignore[attr-defined]
    client.landing = r.headers["location"]  # type: ignore[attr-defined]
    return client


@pytest.fixture(scope="module")
def as_user(console: Any) -> Any:
    """Logged-in clients, one per user, reused across a module (argon2 makes each login slow)."""
    cache: dict[str, TestClient] = {}

    def get(username: str) -> TestClient:
        if username not in cache:
            cache[username] = login(console, username)
        return cache[username]

    return get
