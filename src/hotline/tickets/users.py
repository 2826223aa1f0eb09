"""Users of the system: adding them, checking passwords (argon2), turning them into actors."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline.errors import Conflict, HotlineError, InputError
from hotline.store.db import Store
from hotline.store.models import User
from hotline.tickets.roles import ROLE_ZH, ROLES, Actor

_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[\w.\-@\u4e00-\u9fff]{2,50}$")
MIN_PASSWORD = 8
# Verifying against this keeps the time of "no such user" the same as "wrong password".
_DUMMY_HASH = _HASHER.hash("hotline-dummy-password")


def actor_of(user: User) -> Actor:
    return Actor(
        id=user.id,
        username=user.username,
        role=user.role,
        unit=user.unit_code,
        display_name=user.display_name or user.username,
    )


def add_user(
    store: Store,
    username: str,
    *,
    role: str,
    password: str,
    now: datetime,
    unit: str | None = None,
    display_name: str = "",
) -> Actor:
    """Create a user; a unit handler must name an existing unit, other roles must not."""
    username = username.strip()
    if not _USERNAME.match(username):
        raise InputError("bad_username", "用户名应为 2–50 个字符（字母、数字、汉字、点、横线、下划线、@）")
    if role not in ROLES:
        roles = "、".join(f"{r}（{ROLE_ZH[r]}）" for r in ROLES)
        raise InputError("bad_role", f"未知角色 {role}，可选：{roles}")
    if len(password) < MIN_PASSWORD:
        raise InputError("weak_password", f"密码至少 {MIN_PASSWORD} 位")
    if role == "unit_handler" and not unit:
        raise InputError("unit_required", "承办单位人员必须用 --unit 指定所属单位编码")
    if role != "unit_handler" and unit:
        raise InputError("unit_not_allowed", f"{ROLE_ZH[role]}不属于承办单位，不能指定 --unit")
    with store.write() as tx:
        if unit and tx.unit(unit) is None:
            raise InputError("unknown_unit", f"没有编码为 {unit} 的承办单位，请先同步单位目录")
        if tx.user_by_name(username) is not None:
            raise Conflict("user_exists", f"用户名 {username} 已存在")
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            unit_code=unit,
            password_hash=_HASHER.hash(password),
            active=True,
            created_at=now,
        )
        tx.add(user)
        tx.flush()
        return actor_of(user)


def authenticate(store: Store, username: str, password: str, *, now: datetime) -> Actor:
    """The actor for a username and password, or one 401 for every kind of failure."""
    failure = HotlineError("bad_credentials", "用户名或密码错误", status=401)
    with store.write() as tx:
        user = tx.user_by_name(username)
        if user is None or not user.active:
            with contextlib.suppress(VerificationError):
                _HASHER.verify(_DUMMY_HASH, password)
            raise failure
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise failure from None
        if _HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = _HASHER.hash(password)
        user.last_login_at = now
        return actor_of(user)


def active_actor(store: Store, user_id: int) -> Actor | None:
    with store.read() as tx:
        user = tx.user(user_id)
        return actor_of(user) if user is not None and user.active else None
