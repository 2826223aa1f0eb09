"""Insights read the tickets of a period from the ticket store (SQLite here) as plain records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app
from hotline.config import Settings, get_settings
from hotline.loop.insights.tickets import read_tickets, tickets_as_cases, tickets_as_messages
from hotline.store.db import Store
from hotline.store.testing import sqlite_url
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 2, 9, 0)
TEXTS = [
    "上城区湖滨街道东坡路翠湖花园小区楼下烧烤店油烟太大，每天晚上呛得不能开窗",
    "湖滨街道翠湖花园小区临街烧烤店油烟扰民，晚上十二点还在营业",
    "上城区翠湖花园小区底商烧烤油烟直排，家里老人咳嗽",
    "我想咨询一下公积金提取租房需要什么材料",
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    url = sqlite_url(tmp_path)
    store = Store.open(url, migrate=True)
    seed_units(store)
    users = seed_users(store, START)
    svc = TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))
    for n, text in enumerate(TEXTS):
        svc.clock = FakeClock(START + timedelta(hours=3 * n))  # type: ignore[misc]
        svc.create(
            users["op"], NewTicket(text=text, received_at=START + timedelta(hours=3 * n), urgency="normal")
        )
    store.dispose()
    yield url


def test_tickets_of_a_period_are_read_with_their_text_and_category(db: str) -> None:
    rows = read_tickets(db, START, START + timedelta(days=1))
    assert len(rows) == 4
    assert rows[0].text == TEXTS[0] and rows[0].category
    assert [m.detail for m in tickets_as_messages(rows)] == TEXTS
    assert all(c.created_at is not None for c in tickets_as_cases(rows))
    assert read_tickets(db, START + timedelta(days=2), None) == []


def test_hotspots_command_reads_the_store_without_a_csv(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE_URL", db)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, ["insights", "hotspots", "--from", "2026-11-02", "--to", "2026-11-02", "--json"]
        )
        empty = CliRunner().invoke(app, ["insights", "hotspots", "--from", "2030-01-01"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["total_messages"] == 4
    assert len(out["hotspots"]) == 1 and len(out["hotspots"][0]["message_ids"]) == 3
    assert empty.exit_code == 2 and "没有工单" in empty.output


def test_handbook_and_warnings_read_the_store(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOTLINE_DATABASE_URL", db)
    get_settings.cache_clear()
    out = tmp_path / "手册.md"
    try:
        book = CliRunner().invoke(app, ["handbook", "--from", "2026-11-01", "--format", "md", "-o", str(out)])
        warn = CliRunner().invoke(app, ["insights", "warnings", "--from", "2026-11-01", "--json"])
        need = CliRunner().invoke(app, ["insights", "warnings"])
    finally:
        get_settings.cache_clear()
    assert book.exit_code == 0, book.output
    text = out.read_text(encoding="utf-8")
    assert "翠湖花园" in text and "情绪承接" in text
    assert warn.exit_code == 0, warn.output
    assert json.loads(warn.output) == {"warnings": []}  # four calls and no history: nothing to raise
    assert need.exit_code == 2 and "--from" in need.output
