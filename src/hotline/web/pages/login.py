"""Logging in and out, and the landing redirect to each role's own page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hotline.errors import HotlineError
from hotline.tickets.users import authenticate
from hotline.web.pages.deps import hotline, require_page, safe_next
from hotline.web.pages.ratelimit import LoginLimiter, wait_message
from hotline.web.pages.render import HOME, render
from hotline.web.pages.session import (
    LOGIN_CSRF_COOKIE,
    CsrfRejected,
    check_csrf,
    end_session,
    login_csrf,
    read_session,
    same_origin,
    set_login_csrf,
    start_session,
)

router = APIRouter(include_in_schema=False)


def limiter(request: Request) -> LoginLimiter:
    extra = hotline(request).extra
    found = extra.get("login_limiter")
    if not isinstance(found, LoginLimiter):
        found = LoginLimiter()
        extra["login_limiter"] = found
    return found


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


@router.get("/")
def landing(request: Request) -> Response:
    session = read_session(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(HOME.get(session.actor.role, "/tickets"), status_code=303)


def _login_page(request: Request, *, error: str = "", username: str = "", status: int = 200) -> Response:
    token = login_csrf(request)
    response = render(
        request,
        "login.html",
        {
            "error": error,
            "username": username,
            "login_csrf": token,
            "next": safe_next(request.query_params.get("next"), ""),
        },
        status=status,
    )
    set_login_csrf(request, response, token)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    session = read_session(request)
    if session is not None:
        return RedirectResponse(HOME.get(session.actor.role, "/"), status_code=303)
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()[:50]
    password = str(form.get("password") or "")[:200]
    token = str(form.get("csrf_token") or "")
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not same_origin(request) or not token or token != cookie:
        raise CsrfRejected
    address = client_address(request)
    limits = limiter(request)
    wait = limits.wait_seconds(username, address)
    if wait:
        return _login_page(request, error=wait_message(wait), username=username, status=429)
    if not username or not password:
        return _login_page(request, error="请输入用户名和密码", username=username, status=400)
    h = hotline(request)
    try:
        actor = authenticate(h.store, username, password, now=h.clock())
    except HotlineError:
        limits.failed(username, address)
        wait = limits.wait_seconds(username, address)
        message = wait_message(wait) if wait else "用户名或密码错误"
        return _login_page(request, error=message, username=username, status=429 if wait else 401)
    limits.succeeded(username, address)
    target = safe_next(str(form.get("next") or ""), HOME.get(actor.role, "/"))
    response = RedirectResponse(target, status_code=303)
    start_session(request, response, actor)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = require_page(request)
    await check_csrf(request, session)
    response = RedirectResponse("/login", status_code=303)
    end_session(response)
    return response
