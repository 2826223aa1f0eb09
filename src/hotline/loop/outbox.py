"""The outbox: messages to callers are written with the ticket change, sent later by the scheduler.

Writing the message in the same transaction as the change means a message exists if and only
if the change happened. Sending goes through a small `Sender` interface:
- `OutboxOnly` (the default): nothing leaves the building; messages are marked delivered to
  the outbox, where staff read them (`GET /api/v1/outbox`) and, if they wish, send them by hand;
- `HttpSmsGateway` (`HOTLINE_SMS_GATEWAY_URL`): POSTs `{"phone", "text", "ref"}` as JSON;
- `RecordingSender`: keeps what it was asked to send, for tests and demonstrations.
Delivery is at-least-once: a worker that dies between sending and recording lets another
worker resend the message after the claim times out.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from hotline.config import Settings
from hotline.store.db import Store
from hotline.store.models import Message

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


@dataclass(frozen=True)
class SendResult:
    ok: bool
    channel: str
    ref: str | None = None
    error: str | None = None


class Sender(Protocol):
    def send(self, recipient: str, body: str, *, ref: str) -> SendResult: ...


class OutboxOnly:
    """Keep messages in the outbox for people to read; nothing is sent."""

    def send(self, recipient: str, body: str, *, ref: str) -> SendResult:
        return SendResult(True, "outbox", ref)


class HttpSmsGateway:
    """Send through an HTTP SMS gateway that accepts `{"phone", "text", "ref"}` as JSON."""

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def send(self, recipient: str, body: str, *, ref: str) -> SendResult:
        data = json.dumps({"phone": recipient, "text": body, "ref": ref}, ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            return SendResult(False, "sms", error=f"短信网关返回 HTTP {exc.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return SendResult(False, "sms", error=f"无法连接短信网关：{type(exc).__name__}")
        gateway_ref = None
        try:
            parsed = json.loads(raw or b"{}")
            if isinstance(parsed, dict) and parsed.get("id") is not None:
                gateway_ref = str(parsed["id"])[:100]
        except ValueError:
            pass
        return SendResult(True, "sms", gateway_ref or ref)


@dataclass
class RecordingSender:
    """Remembers every message; `fail_next` makes the next N sends fail."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    fail_next: int = 0

    def send(self, recipient: str, body: str, *, ref: str) -> SendResult:
        if self.fail_next > 0:
            self.fail_next -= 1
            return SendResult(False, "test", error="模拟发送失败")
        self.sent.append((recipient, body))
        return SendResult(True, "test", ref)


def sender_for(settings: Settings) -> Sender:
    if settings.sms_gateway_url:
        return HttpSmsGateway(settings.sms_gateway_url)
    return OutboxOnly()


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def deliver_pending(store: Store, sender: Sender, now: datetime, *, worker: str, limit: int = 50) -> Delivery:
    """Claim due messages for this worker, send them, record each outcome."""
    with store.write() as tx:
        claimed = [(m.id, m.recipient or "", m.body) for m in tx.claim_messages(now, worker, limit)]
    report = Delivery()
    for message_id, recipient, body in claimed:
        result = sender.send(recipient, body, ref=f"hotline-{message_id}")
        with store.write() as tx:
            m = tx.get(Message, message_id)
            if m is None or m.claimed_by != worker or m.status != "pending":
                continue  # someone else took it over after our claim expired
            m.attempts += 1
            m.claimed_by = None
            m.claimed_at = None
            m.channel = result.channel
            if result.ok:
                m.status, m.sent_at, m.gateway_ref, m.error = "sent", now, result.ref, None
                report.sent += 1
            elif m.attempts >= MAX_ATTEMPTS:
                m.status, m.error = "failed", (result.error or "发送失败")[:500]
                report.failed += 1
            else:
                m.error = (result.error or "发送失败")[:500]
                m.next_attempt_at = now + BACKOFF[min(m.attempts - 1, len(BACKOFF) - 1)]
                report.retried += 1
    return report
