"""Small dependencies shared by the API routes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response

from hotline.config import Settings
from hotline.errors import InputError, NotFound
from hotline.loop.outbox import Sender
from hotline.store.db import Store
from hotline.tickets.clock import Clock
from hotline.tickets.roles import Actor
from hotline.tickets.service import TicketService
from hotline.web.auth import Tokens


@dataclass
class Hotline:
    """What every route needs, kept on `app.state.hotline`."""

    settings: Settings
    store: Store
    clock: Clock
    tickets: TicketService
    tokens: Tokens
    sender: Sender
    scheduler: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


MAX_BODY = 1_000_000  # bytes; imports have their own, larger limit
MAX_UPLOAD = 20_000_000

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def get_hotline(request: Request) -> Hotline:
    hotline: Hotline = request.app.state.hotline
    return hotline


def expected_version(request: Request, body_version: int | None) -> int | None:
    """The version the client saw: `If-Match: "3"` (or W/"3", or 3) wins over the body's `version`."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return body_version
    m = _ETAG.match(header)
    if not m:
        raise InputError("bad_if_match", 'If-Match 请求头应为工单版本号，如 "3"', status=400)
    return int(m.group(1))


def ticket_id(hotline: Hotline, actor: Actor, ref: str) -> int:
    """A path segment naming a ticket: its id (digits) or its number (12345-20261128-0001)."""
    if ref.isdigit() and len(ref) <= 12:
        return int(ref)
    with hotline.store.read() as tx:
        ticket = tx.ticket_by_number(ref[:40])
        if ticket is None:
            raise NotFound("ticket_not_found", f"工单 {ref[:40]} 不存在", ticket=ref[:40])
        return ticket.id


def with_etag(response: Response, view: dict[str, object]) -> dict[str, object]:
    response.headers["ETag"] = f'"{view["version"]}"'
    return view
