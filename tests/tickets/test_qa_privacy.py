"""QA: personal data a caller speaks into the call stays masked for roles that must not see it.

Found by reading a ticket as a manager: phone numbers said as "+86…", "0571 8888 7777" or a bare
local "88886666", and the home address down to the room ("嘉绿苑12幢3单元502室") were shown in the
call text, the read-back sentence, `place.text` and the masked CSV export, although the caller
fields next to them were masked.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest

from hotline.config import Settings
from hotline.privacy import mask_text, masked_place
from hotline.store.db import Store
from hotline.tickets import bulk, transfer
from hotline.tickets.clock import FakeClock
from hotline.tickets.roles import Actor
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)

CALL = (
    "你好，我叫李明华，手机+8613912345678，家里座机88886666，也可以打0571 8888 7777。"
    "我住在西湖区古荡街道嘉绿苑12幢3单元502室，楼上天天半夜剁东西，吵得孩子睡不着"
)
SECRETS = ["13912345678", "88886666", "8888 7777", "12幢", "502室", "李明华"]


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))


@pytest.fixture
def users(svc: TicketService) -> dict[str, Actor]:
    return seed_users(svc.store, START)


@pytest.mark.parametrize(
    ("said", "hidden"),
    [
        ("手机+8613912345678", "13912345678"),
        ("手机 8613912345678", "13912345678"),
        ("手机0086 139 1234 5678", "1234 5678"),
        ("座机0571 8888 7777", "8888 7777"),
        ("座机（0571）88887777", "88887777"),
        ("家里座机88886666", "88886666"),
        ("电话是 8888-6666", "8888-6666"),
        ("电话幺三九一二三四五六七八", "一二三四"),
    ],
)
def test_every_way_of_saying_a_phone_number_is_masked(said: str, hidden: str) -> None:
    masked = mask_text(said)
    assert hidden not in masked
    assert "****" in masked


@pytest.mark.parametrize(
    "text",
    ["老板欠我工资35000元", "订单号20260506，金额2000", "2026年11月27日下午3点", "打了12345热线三次"],
)
def test_amounts_dates_and_service_numbers_are_not_mistaken_for_phones(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("西湖区古荡街道嘉绿苑12幢3单元502室", "西湖区古荡街道嘉绿苑****"),
        ("翠苑一区5幢", "翠苑一区****"),
        ("嘉绿苑3-2-502", "嘉绿苑****"),
        ("文三路与学院路交叉口", "文三路与学院路交叉口"),  # a road is where the unit must go, not a home
    ],
)
def test_a_place_loses_its_door_but_keeps_what_the_unit_needs(place: str, shown: str) -> None:
    assert masked_place({"district": "西湖区", "text": place})["text"] == shown


@pytest.mark.parametrize("role", ["mg", "ex", "ad", "zj"])
def test_masked_roles_see_no_phone_address_or_name_anywhere_in_the_ticket(
    svc: TicketService, users: dict[str, Actor], role: str
) -> None:
    t = svc.create(users["op"], NewTicket(text=CALL, unit="T-ZJ", urgency="normal")).ticket
    seen = str(svc.get(users[role], t["id"]))
    for secret in SECRETS:
        assert secret not in seen, secret
    listed = str(svc.search(users[role]))
    for secret in SECRETS:
        assert secret not in listed, secret


def test_the_operator_still_sees_everything(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(users["op"], NewTicket(text=CALL, unit="T-ZJ", urgency="normal")).ticket
    view = svc.get(users["op"], t["id"])
    assert view["text"] == CALL
    assert "12幢3单元502室" in view["place"]["text"]


def test_the_masked_export_hides_what_the_caller_said_about_themselves(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    svc.create(users["op"], NewTicket(text=CALL, unit="T-ZJ", urgency="normal"))
    records = bulk.export_records(svc, users["mg"])
    raw = transfer.write_file("csv", records).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(raw)))
    for secret in SECRETS:
        assert secret not in raw, secret
    assert "楼上天天半夜剁东西" in row["诉求内容"]  # the matter itself stays readable
