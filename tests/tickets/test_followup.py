"""The scheduler: several workers at once never act twice; the outbox retries and gives up."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from hotline.config import Settings
from hotline.loop.followup import tick
from hotline.loop.outbox import MAX_ATTEMPTS, HttpSmsGateway, RecordingSender, deliver_pending
from hotline.store.db import Store
from hotline.store.models import Event, Message, Task
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)
TEXTS = [
    "小区里流浪狗越来越多，晚上追着人叫，孩子都不敢出门",
    "菜市场门口的下水道堵了，污水漫到路面上",
    "公交车站的电子站牌坏了，看不到车什么时候来",
    "楼下烧烤店油烟直接排到我们家窗户",
    "路边的共享单车堆成小山，占了盲道",
    "学校门口早晚高峰没有交警疏导，特别危险",
]


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))


def fill(svc: TicketService) -> list[int]:
    op = seed_users(svc.store, START)["op"]
    ids = []
    for i, text in enumerate(TEXTS):
        t = svc.create(
            op, NewTicket(text=text, unit="T-CG", urgency="normal", caller_phone=f"1380000{i:04d}")
        )
        ids.append(t.ticket["id"])
    return ids


def test_workers_running_at_once_supervise_each_ticket_once_and_send_each_message_once(
    svc: TicketService,
) -> None:
    ids = fill(svc)
    later = FakeClock(datetime(2026, 12, 3, 9, 0))  # every accept_by and feedback_by has passed
    senders = [RecordingSender() for _ in range(4)]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(3):
                tick(svc.store, svc.settings, later, senders[i], worker=f"w{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    sent = [m for s in senders for m in s.sent]
    assert len(sent) == len(TEXTS) and len({body for _, body in sent}) == len(TEXTS)
    with svc.store.read() as tx:
        overdue = [e for i in ids for e in tx.events(i) if e.action == "overdue"]
        assert len(overdue) == len(ids)
        assert tx.count(Task, kind="supervise") == len(ids)
        # Each late task was escalated exactly once, whichever worker saw it first.
        escalated = [e.payload["task"] for i in ids for e in tx.events(i) if e.action == "task_overdue"]
        assert len(escalated) == len(set(escalated))
        late, _ = tx.tasks(status="open", kinds=["progress_update"])
        assert len(late) == len(ids) and {t.id for t in late} <= set(escalated)
        assert tx.count(Message, status="sent") == len(TEXTS)


def test_a_failing_sender_is_retried_with_backoff_and_then_given_up(svc: TicketService) -> None:
    fill(svc)
    sender = RecordingSender(fail_next=10_000)
    clock = FakeClock(START)
    report = deliver_pending(svc.store, sender, clock(), worker="w")
    assert report.retried == len(TEXTS)
    # Nothing is due again until the backoff passes.
    assert deliver_pending(svc.store, sender, clock() + timedelta(seconds=30), worker="w").retried == 0
    for _ in range(MAX_ATTEMPTS):
        clock.advance(hours=3)
        deliver_pending(svc.store, sender, clock(), worker="w")
    with svc.store.read() as tx:
        assert tx.count(Message, status="failed") == len(TEXTS)
        failed = tx.messages(status="failed")[0][0]
        assert failed.attempts == MAX_ATTEMPTS and failed.error == "模拟发送失败"
    sender.fail_next = 0
    clock.advance(days=1)
    assert deliver_pending(svc.store, sender, clock(), worker="w").sent == 0  # given up for good


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "gw-42"}')

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    _Gateway.received = []
    _Gateway.status = 200
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


def test_the_http_sms_gateway_gets_phone_and_text_as_json(gateway: str) -> None:
    result = HttpSmsGateway(gateway).send("13812345678", "【12345】工单已办结", ref="hotline-7")
    assert result.ok and result.ref == "gw-42" and result.channel == "sms"
    assert _Gateway.received == [{"phone": "13812345678", "text": "【12345】工单已办结", "ref": "hotline-7"}]


def test_a_gateway_error_or_absence_is_a_failed_send_not_a_crash(gateway: str) -> None:
    _Gateway.status = 503
    assert HttpSmsGateway(gateway).send("13812345678", "x", ref="r").error == "短信网关返回 HTTP 503"
    down = HttpSmsGateway("http://127.0.0.1:9/sms", timeout=0.5).send("13812345678", "x", ref="r")
    assert not down.ok and down.error and "无法连接短信网关" in down.error


def test_tick_on_a_quiet_database_does_nothing(svc: TicketService) -> None:
    report = tick(svc.store, svc.settings, FakeClock(START), RecordingSender(), worker="w")
    assert not report.busy()
    with svc.store.read() as tx:
        assert tx.count(Event) == 0
