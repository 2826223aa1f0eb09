"""Databases for tests: a fresh SQLite file, or a fresh PostgreSQL schema dropped afterwards.

Used by the test suites (store, tickets, API) and the benchmark; not by the product.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "HOTLINE_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def sqlite_url(directory: Path, name: str = "hotline.db") -> str:
    return f"sqlite:///{(directory / name).as_posix()}"


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a brand-new schema (search_path), dropped on exit."""
    schema = f"hotline_test_{uuid.uuid4().hex[:12]}"
    url = make_url(base_url)
    if url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False).replace(
            f"options=-csearch_path%3D{schema}", f"options={quote(f'-csearch_path={schema}')}"
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    """`kind` is "sqlite" or "postgres"; yields a database URL that is empty and private to the caller."""
    if kind == "sqlite":
        yield sqlite_url(directory)
        return
    base = postgres_url()
    if not base:
        raise RuntimeError(f"{POSTGRES_ENV} is not set")
    with postgres_schema(base) as url:
        yield url


def reset_tables(url: str, *, keep: tuple[str, ...] = ("alembic_version", "units")) -> None:
    """Empty every table but `keep` (PostgreSQL), restarting ids: a migrated schema reused between tests.

    TRUNCATE does not fire the row triggers that keep the trail append-only, which is what a
    test reset needs and what no application code path can do.
    """
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            names = [
                r[0]
                for r in conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                )
                if r[0] not in keep
            ]
            if names:
                conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
