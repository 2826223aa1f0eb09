"""`hotline serve` runs the follow-up scheduler in the background: messages go out on their own."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from hotline.config import Settings
from hotline.loop.outbox import RecordingSender
from hotline.tickets.testing import seed_units, seed_users
from hotline.web.app import create_app


def test_the_background_scheduler_sends_the_outbox_and_stops_with_the_app(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 's.db'}", secret_key="s")
    sender = RecordingSender()
    app = create_app(settings, sender=sender, scheduler=True, scheduler_interval=0.1)
    hotline = app.state.hotline
    seed_units(hotline.store)
    op = seed_users(hotline.store, hotline.clock())["op"]
    headers = {"Authorization": f"Bearer {hotline.tokens.issue(op)}"}
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/tickets",
            json={
                "text": "公园里的路灯全都不亮，晚上散步很危险",
                "unit": "T-CG",
                "caller": {"phone": "13900009999"},
            },
            headers=headers,
        )
        assert r.status_code == 201
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not sender.sent:
            time.sleep(0.05)
        assert [phone for phone, _ in sender.sent] == ["13900009999"]
        thread = hotline.scheduler
        assert thread is not None and thread.is_alive()
    thread.join(timeout=5)
    assert not thread.is_alive()
