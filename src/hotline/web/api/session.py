"""`/api/v1/auth/token` (log in) and `/api/v1/me`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request

from hotline.errors import HotlineError
from hotline.tickets.roles import ROLE_ZH, Actor
from hotline.tickets.users import authenticate
from hotline.web.api.deps import Hotline, get_hotline
from hotline.web.auth import current_actor
from hotline.web.pages.ratelimit import LoginLimiter, wait_message

router = APIRouter(tags=["登录"])


def _limiter(hotline: Hotline) -> LoginLimiter:
    # The console's login form keeps its limiter here too: tries through either count together.
    found = hotline.extra.get("login_limiter")
    if not isinstance(found, LoginLimiter):
        found = LoginLimiter()
        hotline.extra["login_limiter"] = found
    return found


def _too_many(wait: int) -> HotlineError:
    return HotlineError("too_many_attempts", wait_message(wait), status=429, retry_after=wait)


@router.post("/auth/token", summary="用户名密码换取访问令牌")
def token(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=50)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    hotline: Annotated[Hotline, Depends(get_hotline)],
) -> dict[str, Any]:
    # Without this, the API let anyone guess a password as fast as they could send requests,
    # while the console's login form stopped after five failures.
    limits = _limiter(hotline)
    address = request.client.host if request.client else "-"
    wait = limits.wait_seconds(username, address)
    if wait:
        raise _too_many(wait)
    try:
        actor = authenticate(hotline.store, username, password, now=hotline.clock())
    except HotlineError:
        limits.failed(username, address)
        wait = limits.wait_seconds(username, address)
        if wait:
            raise _too_many(wait) from None
        raise
    limits.succeeded(username, address)
    return {
        "access_token": hotline.tokens.issue(actor),
        "token_type": "bearer",
        "expires_in": hotline.tokens.ttl,
        "role": actor.role,
        "unit": actor.unit,
    }


@router.get("/me", summary="当前登录用户")
def me(actor: Annotated[Actor, Depends(current_actor)]) -> dict[str, Any]:
    return {
        "id": actor.id,
        "username": actor.username,
        "display_name": actor.display_name,
        "role": actor.role,
        "role_label": ROLE_ZH.get(actor.role, actor.role),
        "unit": actor.unit,
    }
