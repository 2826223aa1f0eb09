"""The store: engines, sessions and the unit of work that services run inside.

store = Store.open(url)          # builds engines; `store.upgrade()` applies migrations
with store.write() as tx:        # one transaction; commits on success, rolls back on error
    tx.ticket(7, lock=True)
with store.read() as tx:         # a read-only snapshot
    tx.tickets(status="dispatched")
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from hotline.errors import Conflict, HotlineError
from hotline.store.engine import Engines, make_engines
from hotline.store.migrate import upgrade
from hotline.store.repo import Tx


def unavailable(url: str, exc: Exception) -> HotlineError:
    """The Chinese error for a database that cannot be connected to or is not a database at all."""
    where = url.split("@")[-1]
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200] if str(exc) else type(exc).__name__
    if "not a database" in reason or "malformed" in reason:
        hint = "该文件不是 Hotline 的 SQLite 数据库（或已损坏），请检查 --db 或 HOTLINE_DATABASE_URL"
    else:
        hint = "请确认数据库服务已启动，地址、端口、用户名和权限都正确"
    return HotlineError(
        "database_unavailable", f"无法打开数据库 {where}：{hint}（{reason}）", status=503, url=where
    )


class Store:
    def __init__(self, engines: Engines) -> None:
        self.engines = engines
        self._writer = sessionmaker(engines.write, expire_on_commit=False, autoflush=True)
        self._reader = sessionmaker(engines.read, expire_on_commit=False, autoflush=False)
        # SQLite has one writer at a time anyway; queueing this process's writers on a lock is
        # fairer and faster than letting them poll SQLite's busy handler (which sleeps up to 100 ms).
        self._write_lock = threading.RLock() if engines.dialect == "sqlite" else None

    @classmethod
    def open(cls, url: str, *, migrate: bool = False) -> Store:
        store = cls(make_engines(url))
        if migrate:
            store.upgrade()
        return store

    @property
    def dialect(self) -> str:
        return self.engines.dialect

    @property
    def url(self) -> str:
        return self.engines.url

    def upgrade(self, revision: str = "head") -> str | None:
        """Apply the migrations; a database that cannot be reached or read is a clear error, not a traceback."""
        try:
            return upgrade(self.engines, revision)
        except (OperationalError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise unavailable(self.url, exc) from exc

    def dispose(self) -> None:
        self.engines.dispose()

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One write transaction. A concurrent change to the same ticket becomes a 409, not a lost update."""
        lock = self._write_lock or nullcontext()
        session = self._writer()
        try:
            with lock, session.begin():
                yield Tx(session, self.dialect)
        except StaleDataError as exc:
            raise Conflict("stale_version", "工单已被他人修改，请刷新后重试") from exc
        except IntegrityError as exc:
            raise Conflict("conflict", "数据冲突：记录已存在或引用的记录不存在，请刷新后重试") from exc
        except OperationalError as exc:
            if "locked" in str(exc.orig):
                raise HotlineError("busy", "系统繁忙，请稍后重试", status=503) from exc
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Tx]:
        session = self._reader()
        try:
            with session.begin():
                yield Tx(session, self.dialect)
        finally:
            session.close()
