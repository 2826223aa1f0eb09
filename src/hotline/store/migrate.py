"""Apply the Alembic migrations shipped inside the package.

Safe to run from several processes at once (the server and workers all upgrade on start):
on SQLite the migration runs inside one `BEGIN IMMEDIATE` transaction, so a second process
waits and then finds nothing to do; on PostgreSQL a transaction-scoped advisory lock does the same.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from hotline.store.engine import Engines

# An arbitrary constant shared by every Hotline process: "12345" in the advisory-lock space.
_PG_LOCK_KEY = 1234500001


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "hotline.store:migrations")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engines: Engines) -> str | None:
    with engines.read.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engines: Engines, revision: str = "head") -> str | None:
    """Bring the schema up to `revision`; return the revision the database is at afterwards."""
    cfg = alembic_config(engines.url)
    with engines.write.begin() as conn:
        if engines.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return current_revision(engines)
