"""Bearer tokens and role checks for the API.

A token is the user id and role signed with the secret key (itsdangerous), valid for one
shift (`TOKEN_TTL`). Every request reloads the user, so a deactivated user or a changed role
stops working at once. Pages of the web console can reuse `actor_from_token`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import Depends, Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hotline.config import Settings
from hotline.errors import Forbidden, HotlineError
from hotline.store.db import Store
from hotline.tickets.roles import ROLE_ZH, Actor
from hotline.tickets.users import active_actor

TOKEN_TTL = 12 * 3600  # one long shift
_SALT = "hotline-api-token"


def secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept in the data directory (mode 600)."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start together, exactly one writes the key and both read it.
    try:
        import os

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key)
    except FileExistsError:
        pass
    return path.read_text(encoding="utf-8").strip()


class Tokens:
    def __init__(self, key: str, ttl: int = TOKEN_TTL) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT)
        self.ttl = ttl

    def issue(self, actor: Actor) -> str:
        return self._serializer.dumps({"u": actor.id, "r": actor.role})

    def read(self, token: str) -> tuple[int, str]:
        try:
            data = self._serializer.loads(token, max_age=self.ttl)
        except SignatureExpired:
            raise _unauthorized("token_expired", "登录已过期，请重新登录") from None
        except BadSignature:
            raise _unauthorized("bad_token", "登录凭证无效，请重新登录") from None
        if not isinstance(data, dict) or not isinstance(data.get("u"), int):
            raise _unauthorized("bad_token", "登录凭证无效，请重新登录")
        return int(data["u"]), str(data.get("r"))


def _unauthorized(code: str, message: str) -> HotlineError:
    err = HotlineError(code, message, status=401)
    return err


def actor_from_token(store: Store, tokens: Tokens, token: str) -> Actor:
    user_id, role = tokens.read(token)
    actor = active_actor(store, user_id)
    if actor is None or actor.role != role:
        raise _unauthorized("bad_token", "账号已停用或岗位已变更，请重新登录")
    return actor


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_actor(request: Request) -> Actor:
    """FastAPI dependency: the actor behind the request's bearer token (401 without one)."""
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    token = bearer(request)
    if token is None:
        raise _unauthorized("not_authenticated", "请先登录（请求头 Authorization: Bearer <令牌>）")
    hotline = request.app.state.hotline
    actor = actor_from_token(hotline.store, hotline.tokens, token)
    request.state.actor = actor
    return actor


def require(*roles: str) -> Callable[..., Actor]:
    """Dependency factory: the current actor, if their role is one of `roles`; else 403."""
    allowed = frozenset(roles)

    def check(actor: Actor = Depends(current_actor)) -> Actor:
        if actor.role not in allowed:
            names = "、".join(ROLE_ZH[r] for r in roles)
            raise Forbidden(
                "wrong_role",
                f"{ROLE_ZH.get(actor.role, actor.role)}无权进行此操作（限{names}）",
                role=actor.role,
                roles=sorted(allowed),
            )
        return actor

    return check


ANY_ROLE = ("operator", "shift_leader", "expert", "unit_handler", "manager", "admin")
CENTRE = ("operator", "shift_leader", "expert", "manager", "admin")
