"""Crash safety: a server killed with SIGKILL in the middle of concurrent creates loses no
acknowledged ticket and leaves no half-written one."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from hotline.store.db import Store
from hotline.store.models import Call, Event, Ticket
from hotline.store.repo import TicketFilter
from hotline.tickets.testing import PASSWORD

HOTLINE = str(Path(sys.executable).with_name("hotline"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(tmp_path: Path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    out.update({"HOTLINE_DATA_DIR": str(tmp_path), "HOTLINE_SECRET_KEY": "kill-test-secret"})
    return out


def start(tmp_path: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    with (tmp_path / f"serve-{port}.log").open("wb") as log:
        proc = subprocess.Popen(
            [HOTLINE, "serve", "--port", str(port), "--db", url, "--no-scheduler"],
            env=env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start: " + (tmp_path / f"serve-{port}.log").read_text())


def call(
    port: int, method: str, path: str, body: Any = None, token: str | None = None, form: bool = False
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, json.loads(resp.read())


@pytest.mark.slow
def test_sigkill_under_concurrent_creates_loses_nothing_acknowledged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    add = subprocess.run(
        [HOTLINE, "user", "add", "op", "--role", "operator", "--password-stdin", "--db", url],
        input=f"{PASSWORD}\n".encode(),
        env=env(tmp_path),
        capture_output=True,
        check=False,
    )
    assert add.returncode == 0, add.stderr.decode()
    port = free_port()
    server = start(tmp_path, url, port)
    try:
        _, login = call(
            port, "POST", "/api/v1/auth/token", {"username": "op", "password": PASSWORD}, form=True
        )
        token = login["access_token"]
        acknowledged: dict[int, str] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def create(worker: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                text = (
                    f"第{worker}路第{n}次来电：小区门口的下水道井盖破损，晚上路过的人容易踩空，请尽快处理。"
                )
                try:
                    status, body = call(
                        port,
                        "POST",
                        "/api/v1/tickets",
                        {"text": text, "caller": {"phone": "13700000000"}},
                        token,
                    )
                except (OSError, urllib.error.URLError):
                    return  # the server is gone: this request was never acknowledged
                if status == 201:
                    with lock:
                        acknowledged[body["id"]] = text

        threads = [threading.Thread(target=create, args=(i,)) for i in range(6)]
        for th in threads:
            th.start()
        # Let the writes pile up, then kill the server without warning.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(acknowledged) < 40:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        for th in threads:
            th.join(timeout=15)
        assert len(acknowledged) >= 10
    finally:
        if server.poll() is None:
            server.kill()

    port = free_port()
    server = start(tmp_path, url, port)
    try:
        _, login = call(
            port, "POST", "/api/v1/auth/token", {"username": "op", "password": PASSWORD}, form=True
        )
        token = login["access_token"]
        for ticket_id, text in acknowledged.items():
            status, t = call(port, "GET", f"/api/v1/tickets/{ticket_id}", token=token)
            assert status == 200 and t["text"] == text
            assert [e["action"] for e in t["events"]][:1] == ["create"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)

    # No half-written ticket: every ticket in the file has its call and its trail.
    store = Store.open(url)
    with store.read() as tx:
        tickets = tx.count(Ticket)
        assert tickets >= len(acknowledged)
        assert tx.count(Call) >= tickets
        ids = [t.id for t in tx.tickets(TicketFilter(), limit=100000)[0]]
        for ticket_id in ids:
            assert tx.events(ticket_id), f"ticket {ticket_id} has no events"
        assert tx.count(Event) >= tickets
    store.dispose()
