"""Console sessions: a signed, HttpOnly cookie per login, and a CSRF token bound to it.

The cookie holds the user id, role, CSRF token and issue time, signed with the app's secret
key (itsdangerous, its own salt so an API token can never pass as a session). Every request
reloads the user, so a deactivated account or a changed role is logged out at once.

CSRF: every state-changing request from a page carries the session's token, in the form
field `csrf_token` or the `X-CSRF-Token` header (htmx sends the header, see base.html).
The login form, which has no session yet, uses a double-submit cookie instead.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import HTTPConnection

from hotline.tickets.roles import Actor
from hotline.tickets.users import active_actor
from hotline.web.auth import secret_key

COOKIE = "hotline_session"
LOGIN_CSRF_COOKIE = "hotline_login_csrf"
SESSION_TTL = 12 * 3600  # one long shift, like the API's tokens
_SALT = "hotline-console-session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class PageSession:
    actor: Actor
    csrf: str


class LoginRequired(Exception):
    """Raised by page dependencies; rendered as a redirect to the login page."""

    def __init__(self, next_url: str = "/") -> None:
        super().__init__(next_url)
        self.next_url = next_url


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token (or from another origin)."""


def _serializer(request: HTTPConnection) -> URLSafeTimedSerializer:
    hotline = request.app.state.hotline
    cached = hotline.extra.get("session_serializer")
    if cached is None:
        cached = URLSafeTimedSerializer(secret_key(hotline.settings), salt=_SALT)
        hotline.extra["session_serializer"] = cached
    assert isinstance(cached, URLSafeTimedSerializer)
    return cached


def is_https(request: Request) -> bool:
    # Behind a TLS-terminating proxy the scheme arrives in X-Forwarded-Proto.
    proto = request.headers.get("x-forwarded-proto", request.url.scheme)
    return proto.split(",")[0].strip().lower() == "https"


def start_session(request: Request, response: Response, actor: Actor) -> str:
    """Set the session cookie for a freshly logged-in actor; returns the new CSRF token."""
    csrf = secrets.token_urlsafe(32)
    value = _serializer(request).dumps({"u": actor.id, "r": actor.role, "c": csrf, "t": int(time.time())})
    response.set_cookie(
        COOKIE,
        value,
        max_age=SESSION_TTL,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return csrf


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def read_session(request: HTTPConnection) -> PageSession | None:
    """The logged-in actor behind the request's cookie, or None (no cookie, bad, expired, or user gone)."""
    cached = getattr(request.state, "page_session", None)
    if isinstance(cached, PageSession):
        return cached
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request).loads(raw, max_age=SESSION_TTL)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("c"), str):
        return None
    actor = active_actor(request.app.state.hotline.store, int(data["u"]))
    if actor is None or actor.role != data.get("r"):
        return None
    session = PageSession(actor, str(data["c"]))
    request.state.page_session = session
    return session


def same_origin(request: Request) -> bool:
    """Browsers send Origin on POSTs; when present it must be this site (Referer as a fallback)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    rest = origin.split("://", 1)[-1]
    return rest.split("/", 1)[0] == host


async def check_csrf(request: Request, session: PageSession) -> None:
    """Refuse the request unless it carries this session's token and comes from this site."""
    if not same_origin(request):
        raise CsrfRejected
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not token or not secrets.compare_digest(token, session.csrf):
        raise CsrfRejected


def login_csrf(request: Request) -> str:
    """The login form's double-submit token: reuse the cookie's, or make a new one."""
    existing = request.cookies.get(LOGIN_CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing
    return secrets.token_urlsafe(24)


def set_login_csrf(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        path="/login",
    )
