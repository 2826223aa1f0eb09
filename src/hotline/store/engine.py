"""Engines for the two supported databases, with the settings each needs to be safe under load.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, and write
transactions opened with `BEGIN IMMEDIATE` so that two writers queue on the lock instead of
one failing half-way with "database is locked" when it upgrades a read lock. Reads use a
second engine with a plain deferred `BEGIN`, so they never wait for a writer.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from hotline.errors import HotlineError

BUSY_TIMEOUT_MS = 15000


@dataclass
class Engines:
    url: str
    write: Engine
    read: Engine

    @property
    def dialect(self) -> str:
        return self.write.dialect.name

    def dispose(self) -> None:
        self.write.dispose()
        if self.read is not self.write:
            self.read.dispose()


def _ensure_wal(cur: Any) -> None:
    """Switch a new database file to WAL, waiting out other processes doing the same.

    Changing the journal mode needs an exclusive lock and SQLite does not run the busy
    handler for it, so several processes opening a fresh file at once (server and workers
    starting together) would fail with "database is locked" without this retry.
    """
    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=8,
        max_overflow=16,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _ensure_wal(cur)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def make_engines(url: str) -> Engines:
    """Build the write and read engines for a database URL (sqlite:/// or postgresql+psycopg://)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise HotlineError("bad_database_url", f"数据库地址格式不对：{url.split('@')[-1]}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:":
            raise HotlineError("bad_database_url", "SQLite 必须使用文件数据库（如 sqlite:///var/hotline.db）")
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return Engines(url, _sqlite_engine(url, "BEGIN IMMEDIATE"), _sqlite_engine(url, "BEGIN"))
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
        return Engines(url, engine, engine)
    raise HotlineError(
        "unsupported_database",
        f"不支持的数据库类型 {backend}：请使用 SQLite 文件或 PostgreSQL（postgresql+psycopg://）",
    )


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)
