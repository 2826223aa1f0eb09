"""Every store test runs on a fresh SQLite file and, when HOTLINE_TEST_POSTGRES_URL is set, on a
fresh PostgreSQL schema too."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline.store.db import Store
from hotline.store.testing import postgres_schema, postgres_url, reset_tables, sqlite_url

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


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url, migrate=True)
    yield s
    s.dispose()
