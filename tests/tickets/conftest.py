"""Every store test runs on a fresh SQLite file and, when HOTLINE_TEST_POSTGRES_URL is set, on a
fresh PostgreSQL schema too."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline.store.db import Store
from hotline.store.testing import database, postgres_url

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


@pytest.fixture(params=KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url, migrate=True)
    yield s
    s.dispose()
