"""What every page handler starts with: who is asking, may they, and (for POSTs) is it genuine."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from starlette.datastructures import FormData

from hotline.errors import Forbidden, HotlineError, InputError
from hotline.tickets.roles import ROLE_ZH
from hotline.web.pages.session import LoginRequired, PageSession, check_csrf, read_session


class PageProblem(Exception):
    """A user-facing error on a page: rendered as HTML (not the API's JSON) with a way back."""

    def __init__(self, err: HotlineError, back: str | None = None) -> None:
        super().__init__(err.message)
        self.err = err
        self.back = back


def hotline(request: Request) -> Any:
    return request.app.state.hotline


def require_page(request: Request, *roles: str) -> PageSession:
    """The logged-in session, if its role is one of `roles` (any role when none given)."""
    session = read_session(request)
    if session is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    if roles and session.actor.role not in roles:
        names = "、".join(ROLE_ZH.get(r, r) for r in roles)
        raise PageProblem(
            Forbidden(
                "wrong_role",
                f"{ROLE_ZH.get(session.actor.role, session.actor.role)}无权打开此页面（限{names}）",
            )
        )
    return session


async def require_post(request: Request, *roles: str) -> tuple[PageSession, FormData]:
    """A POST from a page: logged in, right role, carrying the CSRF token. Returns the form."""
    session = require_page(request, *roles)
    await check_csrf(request, session)
    form = await request.form()
    return session, form


def field(form: FormData, name: str, *, required: bool = False, limit: int = 5000, label: str = "") -> str:
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InputError("field_required", f"请填写{label or name}")
    if len(text) > limit:
        raise InputError("field_too_long", f"{label or name}过长：最多 {limit} 个字")
    return text


def int_field(form: FormData, name: str, *, label: str = "") -> int | None:
    text = field(form, name, limit=20)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError("bad_number", f"{label or name}应为整数") from None


def safe_next(value: str | None, default: str) -> str:
    """Only same-site paths: an open redirect would let a link send users anywhere after login."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def login_url(next_url: str) -> str:
    return "/login?next=" + quote(next_url, safe="/")
