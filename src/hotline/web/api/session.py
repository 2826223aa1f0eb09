"""`/api/v1/auth/token` (log in) and `/api/v1/me`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form

from hotline.tickets.roles import ROLE_ZH, Actor
from hotline.tickets.users import authenticate
from hotline.web.api.deps import Hotline, get_hotline
from hotline.web.auth import current_actor

router = APIRouter(tags=["登录"])


@router.post("/auth/token", summary="用户名密码换取访问令牌")
def token(
    username: Annotated[str, Form(min_length=1, max_length=50)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    hotline: Annotated[Hotline, Depends(get_hotline)],
) -> dict[str, Any]:
    actor = authenticate(hotline.store, username, password, now=hotline.clock())
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
