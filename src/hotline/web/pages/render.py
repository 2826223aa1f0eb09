"""Rendering pages: the Jinja2 environment (autoescape on), filters, navigation, security headers.

Callers' words are untrusted. Templates never mark them safe; the only filter that returns
markup (`highlight`) escapes every piece of text itself before wrapping spans in <mark>.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from hotline.analysis import APPEAL_KIND_ZH, EMOTION_ZH
from hotline.calendar.format import zh_when
from hotline.errors import HotlineError
from hotline.tickets.lifecycle import STATE_ZH
from hotline.tickets.roles import ROLE_ZH, Actor
from hotline.web.assets import vendor_missing
from hotline.web.pages.session import PageSession

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

URGENCY_ZH = {"emergency": "紧急（需立即转接）", "urgent": "加急", "normal": "一般"}
LEVEL_ZH = {"operator": "坐席处理", "shift_leader": "升级值班长", "expert": "转业务专家"}

# Content-Security-Policy: scripts only from this site (no inline script, no eval), so an
# injected <script> in a caller's text could not run even if escaping ever failed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# Pages each role may open, in menu order: (path, label, roles).
NAV: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("/workspace", "接听工作台", frozenset({"operator", "shift_leader", "admin"})),
    ("/inbox", "单位工单", frozenset({"unit_handler"})),
    ("/desk", "值班长台", frozenset({"shift_leader", "admin"})),
    ("/expert", "专家台", frozenset({"expert", "shift_leader", "admin"})),
    ("/tickets", "工单查询", frozenset({"operator", "shift_leader", "expert", "manager", "admin"})),
    ("/dashboard", "统计分析", frozenset({"manager", "shift_leader", "admin"})),
    ("/admin", "用户与单位", frozenset({"admin"})),
)
HOME = {
    "operator": "/workspace",
    "shift_leader": "/desk",
    "expert": "/expert",
    "unit_handler": "/inbox",
    "manager": "/dashboard",
    "admin": "/admin",
}


def allowed(path: str, role: str) -> bool:
    return any(p == path and role in roles for p, _, roles in NAV)


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def when(value: Any, default: str = "—") -> str:
    dt = _as_datetime(value)
    return zh_when(dt) if dt else default


def short_when(value: Any, default: str = "—") -> str:
    dt = _as_datetime(value)
    return f"{dt:%m-%d %H:%M}" if dt else default


def pct(value: Any, default: str = "—") -> str:
    if not isinstance(value, int | float):
        return default
    return f"{value * 100:.1f}%"


def highlight(text: str, spans: Iterable[Mapping[str, Any]], css: str = "ev") -> Markup:
    """The text, escaped, with each [start, end) span wrapped in <mark>; overlapping spans merge."""
    ranges: list[tuple[int, int]] = []
    for s in spans:
        start, end = s.get("start"), s.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            ranges.append((start, end))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="{css}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def category_label(value: Any) -> str:
    """A category as the analysis or a ticket gives it (a path string or {path|name})."""
    if isinstance(value, str):
        return value.replace("/", " › ")
    if isinstance(value, dict):
        for key in ("path", "name", "label", "code"):
            if isinstance(value.get(key), str) and value[key]:
                return str(value[key]).replace("/", " › ")
    return "—"


def category_path(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("path", "name"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def hazard(code: Any) -> str:
    """A hazard code of the urgency reader in Chinese (the code itself if the reader has no label)."""
    try:
        from hotline.listen.emergency import hazard_label

        return hazard_label(str(code)) or str(code)
    except (ImportError, HotlineError):
        return str(code)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        when=when,
        short_when=short_when,
        pct=pct,
        highlight=highlight,
        category=category_label,
        category_path=category_path,
        hazard=hazard,
    )
    env.globals.update(
        STATE_ZH=STATE_ZH,
        ROLE_ZH=ROLE_ZH,
        EMOTION_ZH=EMOTION_ZH,
        APPEAL_KIND_ZH=APPEAL_KIND_ZH,
        URGENCY_ZH=URGENCY_ZH,
        LEVEL_ZH=LEVEL_ZH,
    )
    return env


def nav_for(actor: Actor | None) -> list[tuple[str, str]]:
    if actor is None:
        return []
    return [(path, label) for path, label, roles in NAV if actor.role in roles]


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    session: PageSession | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    ctx: dict[str, Any] = {
        "request": request,
        "path": request.url.path,
        "actor": session.actor if session else None,
        "csrf": session.csrf if session else "",
        "nav": nav_for(session.actor if session else None),
        "vendor_missing": vendor_missing(),
    }
    ctx.update(context or {})
    html = environment().get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    if headers:
        response.headers.update(headers)
    return response
