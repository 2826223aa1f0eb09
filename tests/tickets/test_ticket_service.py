"""Ticket services beyond the main walk: extensions, merging, direct answers, duplicates,
repeat callers, co-handling, personal-data audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hotline.config import Settings
from hotline.errors import Conflict, Forbidden, InputError
from hotline.store.db import Store
from hotline.store.models import Call, Event, Message, PersonalDataRead
from hotline.tickets import intake
from hotline.tickets.clock import FakeClock
from hotline.tickets.roles import Actor
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)  # a Friday


@pytest.fixture
def svc(store: Store, tmp_path: Any) -> TicketService:
    seed_units(store)
    return TicketService(store, settings=Settings(data_dir=tmp_path), clock=FakeClock(START))


@pytest.fixture
def users(svc: TicketService) -> dict[str, Actor]:
    return seed_users(svc.store, START)


def new(text: str, **kw: Any) -> NewTicket:
    kw.setdefault("urgency", "normal")
    return NewTicket(text=text, **kw)


def test_an_extension_moves_reply_by_by_the_granted_working_days(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    t = svc.create(
        users["op"], new("单元楼外墙瓷砖脱落，砸坏了楼下的车", unit="T-ZJ", appeal_kind="complaint")
    ).ticket
    t = svc.accept(users["zj"], t["id"])
    reply_by = datetime.fromisoformat(t["deadlines"]["reply_by"])
    t = svc.request_extension(users["zj"], t["id"], days=5, reason="需委托第三方检测外墙安全")
    assert t["extension"]["pending_days"] == 5 and t["status"] == "accepted"
    assert "extension_review" in [k["kind"] for k in t["tasks"] if k["status"] == "open"]
    with pytest.raises(Conflict, match="已有待审批的延期申请"):
        svc.request_extension(users["zj"], t["id"], days=3, reason="再延")
    with pytest.raises(InputError, match="1–5"):
        svc.approve_extension(users["sl"], t["id"], days=8)
    t = svc.approve_extension(users["sl"], t["id"], days=3, note="同意延期三个工作日")
    expected = intake.add_working_days(reply_by, 3, svc.settings)[0]
    assert t["deadlines"]["reply_by"] == expected.isoformat()
    assert t["extension"] == {"pending_days": None, "reason": "需委托第三方检测外墙安全", "granted": 1}
    approve = next(e for e in t["events"] if e["action"] == "approve_extension")
    assert approve["payload"]["old_reply_by"] == reply_by.isoformat()
    assert approve["payload"]["new_reply_by"] == expected.isoformat()
    assert approve["actor"] == "sl"
    # A second request can be refused; the deadline stays.
    svc.request_extension(users["zj"], t["id"], days=2, reason="检测报告未出")
    t2 = svc.refuse_extension(users["sl"], t["id"], note="请先行处置")
    assert t2["deadlines"]["reply_by"] == expected.isoformat() and t2["extension"]["pending_days"] is None


def test_urgent_tickets_cannot_be_extended(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(
        users["op"], new("小区停水两天了，家里老人孩子没水喝", unit="T-SW", urgency="urgent")
    ).ticket
    water = Actor(None, "sw", "unit_handler", "T-SW")
    svc.accept(water, t["id"])
    with pytest.raises(InputError, match="不予延期"):
        svc.request_extension(water, t["id"], days=2, reason="管网抢修")


def test_merging_closes_the_duplicate_and_tells_its_caller(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    main = svc.create(
        users["op"],
        new("湖滨路和东坡路路口的红绿灯坏了，车辆乱成一团", unit="T-CG", caller_phone="13800000001"),
    ).ticket
    dup = svc.create(
        users["op2"], new("东坡路口的红绿灯不亮，非常危险", unit="T-CG", caller_phone="13800000002")
    ).ticket
    merged = svc.merge(users["sl"], dup["id"], into=main["id"], note="同一路口信号灯故障")
    assert merged["status"] == "merged" and merged["merged_into"] == {
        "id": main["id"],
        "number": main["number"],
    }
    assert [k["status"] for k in merged["tasks"]] == ["cancelled"] * len(merged["tasks"])
    assert merged["messages"][-1]["kind"] == "merged" and main["number"] in merged["messages"][-1]["body"]
    target = svc.get(users["sl"], main["id"])
    assert target["merged_tickets"] == [{"id": dup["id"], "number": dup["number"]}]
    assert target["events"][-1]["action"] == "merged_in"
    with pytest.raises(Conflict, match="已并单"):
        svc.merge(users["sl"], main["id"], into=dup["id"])


def test_a_direct_answer_closes_the_ticket_at_the_call(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(
        users["op"],
        new(
            "请问居住证到期了在哪里续签？",
            appeal_kind="inquiry",
            direct_answer="可在住所地派出所或浙里办APP办理续签。",
        ),
    ).ticket
    assert t["status"] == "closed" and t["direct_answer"].startswith("可在住所地派出所")
    assert [e["action"] for e in t["events"]] == ["create", "direct_answer"]
    assert t["tasks"] == [] and t["lead_unit"] is None


def test_a_new_appeal_like_an_open_ticket_is_offered_for_merging(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    first = svc.create(
        users["op"],
        new(
            "西湖区北山街道宝石山下一弄的垃圾站每天早上五点就开始清运，噪音特别大",
            unit="T-CG",
            category="城乡建设/市容环卫",
        ),
    ).ticket
    unrelated = svc.create(
        users["op"], new("想咨询一下新生儿医保怎么办理", appeal_kind="inquiry", unit="T-ZJ")
    ).ticket
    second = svc.create(
        users["op2"],
        new(
            "北山街道宝石山下一弄垃圾站清运噪音大，每天早上五点就吵醒我们",
            unit="T-CG",
            category="城乡建设/市容环卫",
        ),
    )
    suggestions = second.ticket["merge_suggestions"]
    assert [s["id"] for s in suggestions] == [first["id"]]
    assert unrelated["id"] not in [s["id"] for s in suggestions]
    assert any("相似" in r for r in suggestions[0]["reasons"])


def test_the_same_caller_calling_again_is_counted_and_offered_for_merging(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    phone = "13912345678"
    first = svc.create(
        users["op"], new("我家楼上天天半夜装修，吵得睡不着", unit="T-JD", caller_phone=phone)
    ).ticket
    svc.clock.advance(days=2)  # type: ignore[attr-defined]
    again = svc.create(
        users["op"], new("上次反映的问题到现在都没人来处理", unit="T-JD", caller_phone=phone)
    ).ticket
    assert again["repeat_calls"] == 1
    assert again["analysis"]["repeat_calls"] == 1
    suggestions = again["merge_suggestions"]
    assert suggestions[0]["id"] == first["id"] and "同一来电人的未办结工单" in suggestions[0]["reasons"]
    # Another caller's call is not counted.
    other = svc.create(users["op"], new("楼上装修太吵了", unit="T-JD", caller_phone="13700000000")).ticket
    assert other["repeat_calls"] == 0


def test_co_handling_units_see_the_ticket_and_add_their_part_but_cannot_reply(
    svc: TicketService, users: dict[str, Actor]
) -> None:
    t = svc.create(users["op"], new("河道两岸违章搭建的棚子越来越多", unit="T-CG", co_units=["T-JD"])).ticket
    svc.accept(users["cg"], t["id"])
    seen = svc.get(users["jd"], t["id"])
    assert seen["caller"] is None or seen["caller"]["masked"] is True
    assert seen["moves"] == ["note"]
    t = svc.add_note(users["jd"], t["id"], content="街道已完成现场摸排，共 6 处违建")
    note = next(e for e in t["events"] if e["action"] == "note")
    assert note["note"] == "街道已完成现场摸排，共 6 处违建" and note["payload"] == {
        "unit": "T-JD",
        "role": "co",
    }
    with pytest.raises(Forbidden, match="主办单位"):
        svc.reply(users["jd"], t["id"], content="已处理", resolved=True)
    with pytest.raises(Forbidden, match="不属于贵单位"):
        svc.get(users["zj"], t["id"])
    listed = svc.search(users["jd"])
    assert [i["id"] for i in listed["items"]] == [t["id"]]


def test_every_unmasked_read_of_personal_data_is_audited(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(
        users["op"], new("物业费收费标准不透明", unit="T-ZJ", caller_name="陈静", caller_phone="13566667777")
    ).ticket
    for who in ("op", "sl", "mg", "ex", "zj"):
        svc.get(users[who], t["id"])
    with svc.store.read() as tx:
        reads = [(r.username, r.purpose) for r in tx.personal_data_reads()]
    assert reads == [
        ("op", "查看工单详情"),
        ("sl", "查看工单详情"),
    ]  # manager, expert and the unit saw it masked
    assert svc.get(users["mg"], t["id"])["caller"]["phone"] == "135****7777"
    assert "13566667777" not in str(svc.get(users["mg"], t["id"]))
    svc.accept(users["zj"], t["id"])
    svc.get(users["zj"], t["id"])
    with svc.store.read() as tx:
        last = tx.personal_data_reads()[-1]
        assert (last.username, last.role, last.ticket_id) == ("zj", "unit_handler", t["id"])
        assert tx.count(PersonalDataRead) == 4  # accepting returned the view unmasked too: audited


def test_a_confidential_caller_stays_masked_for_the_unit(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(
        users["op"],
        new("举报某餐馆后厨卫生问题，请为我保密", unit="T-ZJ", caller_phone="13100001234", confidential=True),
    ).ticket
    t = svc.accept(users["zj"], t["id"])
    assert t["caller"]["phone"] == "131****1234"


def test_a_failed_move_writes_nothing(svc: TicketService, users: dict[str, Actor]) -> None:
    t = svc.create(users["op"], new("公园健身器材损坏", unit="T-CG", caller_phone="13000000000")).ticket
    with svc.store.read() as tx:
        before = (tx.count(Event), tx.count(Message), tx.count(Call))
    with pytest.raises(Conflict):
        svc.dispatch(users["sl"], t["id"], unit="T-CG")
    with pytest.raises(InputError):
        svc.return_(users["cg"], t["id"], reason="   ")
    with pytest.raises(Conflict):
        svc.reply(users["cg"], t["id"], content="已修复", resolved=True)
    with svc.store.read() as tx:
        assert (tx.count(Event), tx.count(Message), tx.count(Call)) == before
