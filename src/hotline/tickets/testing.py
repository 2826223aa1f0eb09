"""Fixtures for tests and demonstrations of the ticket loop: a small set of units and one user per role.

store = Store.open(url, migrate=True)
seed_units(store)
users = seed_users(store, now)        # {"op": Actor, "sl": Actor, ...}
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from argon2 import PasswordHasher

from hotline.store.db import Store
from hotline.store.models import User
from hotline.tickets.roles import Actor
from hotline.tickets.users import actor_of

PASSWORD = "hotline-test-pass"

# code, name, kind
UNITS: tuple[tuple[str, str, str], ...] = (
    ("T-ZJ", "示范区住房和城乡建设局", "department"),
    ("T-CG", "示范区城市管理局", "department"),
    ("T-JD", "示范区湖滨街道办事处", "street"),
    ("T-SW", "示范市水务集团", "enterprise"),
)

# username, role, unit
USERS: tuple[tuple[str, str, str | None], ...] = (
    ("op", "operator", None),
    ("op2", "operator", None),
    ("sl", "shift_leader", None),
    ("ex", "expert", None),
    ("zj", "unit_handler", "T-ZJ"),
    ("cg", "unit_handler", "T-CG"),
    ("jd", "unit_handler", "T-JD"),
    ("mg", "manager", None),
    ("ad", "admin", None),
)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hash once: argon2 is deliberately slow, and tests create these users many times.
    return PasswordHasher().hash(PASSWORD)


def seed_units(store: Store) -> None:
    with store.write() as tx:
        for code, name, kind in UNITS:
            tx.upsert_unit(code, name, None, kind)


def seed_users(store: Store, now: datetime) -> dict[str, Actor]:
    """One user per role (and a second operator), all with the password `PASSWORD`."""
    out: dict[str, Actor] = {}
    with store.write() as tx:
        for username, role, unit in USERS:
            user = tx.user_by_name(username)
            if user is None:
                user = User(
                    username=username,
                    display_name=username,
                    role=role,
                    unit_code=unit,
                    password_hash=_password_hash(),
                    active=True,
                    created_at=now,
                )
                tx.add(user)
                tx.flush()
            out[username] = actor_of(user)
    return out
