"""The whole loop through the API, as the centre and the units live it: register, return,
re-dispatch, accept, progress update, reply, unsatisfied visit, rework, reply, satisfied visit,
closed — with deadlines, tasks, outbox messages, events and rates checked at every step."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hotline.loop.followup import tick
from hotline.tickets import intake

TEXT = (
    "我是湖滨街道东坡路12号的住户，我们楼的电梯已经坏了五天了，物业一直说在等配件，"
    "家里有八十多岁的老人上不了楼，打了好几次物业电话都没人管，太让人着急了。"
)


def wd(start: datetime, n: int, desk: Any) -> str:
    return intake.add_working_days(start, n, desk.hotline.settings)[0].isoformat()


def rates(desk: Any, **q: str) -> dict[str, Any]:
    r = desk.get("mg", "/api/v1/rates", params={"from": "2026-11-01", "to": "2026-12-31", **q})
    assert r.status_code == 200, r.text
    return dict(r.json())


def open_tasks(ticket: dict[str, Any]) -> list[str]:
    return [k["kind"] for k in ticket["tasks"] if k["status"] == "open"]


def run_worker(desk: Any) -> None:
    tick(desk.store, desk.hotline.settings, desk.clock, desk.sender, worker="test-worker")


def test_a_ticket_goes_round_the_whole_loop(desk: Any) -> None:
    start = desk.clock()
    # 1. The operator registers the call and dispatches it to the housing bureau.
    t = desk.create(
        text=TEXT,
        caller={"name": "王建国", "phone": "13812345678"},
        channel="phone",
        unit="T-ZJ",
        appeal_kind="complaint",
        urgency="normal",
        category="城乡建设/物业管理",
    )
    tid = t["id"]
    assert t["number"] == "12345-20261127-0001"
    assert t["status"] == "dispatched" and t["status_label"] == "已派单"
    assert t["lead_unit"] == {"code": "T-ZJ", "name": "示范区住房和城乡建设局"}
    assert t["category"] == "城乡建设/物业管理"
    # Friday 10:00 + 1 working day: Monday, end of day.
    assert t["deadlines"]["accept_by"] == "2026-11-30T23:59:59"
    due = intake.steps_due(
        appeal_kind="complaint",
        urgency=t["urgency"],
        category="城乡建设/物业管理",
        district=t["place"]["district"],
        text=TEXT,
        start=start,
        settings=desk.hotline.settings,
    )
    assert t["deadlines"]["reply_by"] == due.reply_by.isoformat()
    assert t["deadlines"]["reply_by"] > wd(start, 5, desk)
    assert t["deadlines"]["feedback_by"] is not None
    assert [e["action"] for e in t["events"]] == ["create", "dispatch"]
    assert [(k["kind"], k["status"]) for k in t["tasks"]] == [("progress_update", "open")]
    assert t["tasks"][0]["assignee_id"] == desk.users["op"].id
    assert [m["kind"] for m in t["messages"]] == ["acknowledged"]
    assert (
        "12345-20261127-0001" in t["messages"][0]["body"]
        and "示范区住房和城乡建设局" in t["messages"][0]["body"]
    )
    assert t["analysis"]["text"].startswith("我是湖滨街道")
    assert t["merge_suggestions"] == []
    assert rates(desk)["overall"]["response"] == {
        "rate": None,
        "on_time": 0,
        "late": 0,
        "overdue_open": 0,
        "pending": 1,
        "counted": 0,
    }

    # The scheduler sends the acknowledgement.
    run_worker(desk)
    assert desk.sender.sent == [("13812345678", t["messages"][0]["body"])]
    outbox = desk.get("op", "/api/v1/outbox").json()
    assert [(m["kind"], m["status"]) for m in outbox["items"]] == [("acknowledged", "sent")]

    # 2. The housing bureau returns it: not theirs.
    desk.clock.advance(hours=1)
    r = desk.post(
        "zj", f"/api/v1/tickets/{tid}/return", {"reason": "电梯维保属物业企业责任，应由属地街道督促物业处理"}
    )
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["status"] == "returned" and t["returns_count"] == 1 and t["lead_unit"] is None
    assert t["deadlines"]["accept_by"] is None
    assert ("redispatch", "open") in [(k["kind"], k["status"]) for k in t["tasks"]]
    assert rates(desk)["overall"]["response"]["on_time"] == 1  # a reasoned return in time is a response

    # 3. The shift leader re-dispatches to the street office, with the bureau assisting.
    desk.clock.advance(minutes=30)
    redispatched_at = desk.clock()
    r = desk.post("sl", f"/api/v1/tickets/{tid}/dispatch", {"unit": "T-JD", "co_units": ["T-ZJ"]})
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["status"] == "dispatched"
    assert t["lead_unit"]["code"] == "T-JD" and [u["code"] for u in t["co_units"]] == ["T-ZJ"]
    assert t["deadlines"]["accept_by"] == wd(redispatched_at, 1, desk)
    assert [(k["kind"], k["status"]) for k in t["tasks"] if k["kind"] == "redispatch"] == [
        ("redispatch", "done")
    ]

    # The street office sees the caller masked until it accepts.
    r = desk.get("jd", f"/api/v1/tickets/{tid}")
    assert r.json()["caller"]["phone"] == "138****5678"

    # 4. Monday morning: the street office accepts; now it may contact the caller.
    desk.clock.set(datetime(2026, 11, 30, 9, 0))
    r = desk.post("jd", f"/api/v1/tickets/{tid}/accept", headers={"If-Match": f'"{t["version"]}"'})
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["status"] == "accepted" and t["accepted_at"] == "2026-11-30T09:00:00"
    assert t["caller"]["phone"] == "13812345678" and t["caller"]["masked"] is False
    # The co-handling bureau still sees it masked.
    assert desk.get("zj", f"/api/v1/tickets/{tid}").json()["caller"]["phone"] == "138****5678"

    # 5. The co-handling bureau adds its part.
    r = desk.post("zj", f"/api/v1/tickets/{tid}/notes", {"content": "已约谈物业企业，要求三日内更换电梯主板"})
    assert r.status_code == 200, r.text

    # 6. The operator keeps the promise of feedback: the update goes to the outbox and closes the task.
    r = desk.post("op", f"/api/v1/tickets/{tid}/updates", {"content": "街道已签收，正在督促物业更换配件。"})
    assert r.status_code == 200, r.text
    t = r.json()
    assert [(k["kind"], k["status"]) for k in t["tasks"] if k["kind"] == "progress_update"] == [
        ("progress_update", "done")
    ]
    assert t["messages"][-1]["kind"] == "progress" and "正在督促物业" in t["messages"][-1]["body"]

    # 7. The street office replies for the whole ticket.
    desk.clock.set(datetime(2026, 12, 2, 15, 0))
    r = desk.post(
        "jd",
        f"/api/v1/tickets/{tid}/reply",
        {"content": "电梯主板已更换，12月2日恢复运行。", "resolved": True},
    )
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["status"] == "replied" and t["reply"]["resolved"] is True
    visit_task = [k for k in t["tasks"] if k["kind"] == "return_visit"]
    assert [k["status"] for k in visit_task] == ["open"]
    assert visit_task[0]["due_at"] == t["deadlines"]["visit_by"]
    assert t["deadlines"]["visit_by"] > "2026-12-02T23:59:59"
    assert t["messages"][-1]["kind"] == "replied"
    assert rates(desk)["overall"]["response"]["on_time"] == 2

    # 8. The return visit: the caller says it broke again — unsatisfied, unresolved: rework.
    desk.clock.set(datetime(2026, 12, 3, 10, 0))
    reopened_at = desk.clock()
    r = desk.post(
        "op",
        f"/api/v1/tickets/{tid}/visit",
        {"satisfaction": "unsatisfied", "resolved": False, "note": "电梯昨晚又停了"},
    )
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["status"] == "reopened" and t["reopen_count"] == 1
    rework = intake.steps_due(
        appeal_kind="complaint",
        urgency=t["urgency"],
        category="城乡建设/物业管理",
        district=t["place"]["district"],
        text=TEXT,
        start=reopened_at,
        settings=desk.hotline.settings,
    )
    assert t["deadlines"]["reply_by"] == rework.reply_by.isoformat()
    assert t["deadlines"]["reply_by"] > "2026-12-10T00:00:00"
    assert [(k["kind"], k["status"]) for k in t["tasks"] if k["kind"] == "return_visit"] == [
        ("return_visit", "done")
    ]
    assert t["messages"][-1]["kind"] == "reopened"
    assert [v["satisfaction"] for v in t["visits"]] == ["unsatisfied"]
    overall = rates(desk)["overall"]
    assert overall["resolution"] == {"rate": 0.0, "resolved": 0, "visits": 1}
    assert overall["satisfaction"]["rate"] == 0.0

    # 9. Rework, reply again, and a satisfied visit closes the ticket.
    desk.clock.set(datetime(2026, 12, 4, 16, 0))
    r = desk.post(
        "jd",
        f"/api/v1/tickets/{tid}/reply",
        {"content": "已更换电梯控制柜并由特检院复检合格。", "resolved": True},
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "replied"
    desk.clock.set(datetime(2026, 12, 7, 10, 0))
    r = desk.post("op", f"/api/v1/tickets/{tid}/visit", {"satisfaction": "satisfied", "resolved": True})
    assert r.status_code == 200, r.text
    t = r.json()
    assert (
        t["status"] == "closed"
        and t["closed_at"] == "2026-12-07T10:00:00"
        and t["satisfaction"] == "satisfied"
    )
    assert open_tasks(t) == []
    assert [e["action"] for e in t["events"]] == [
        "create",
        "dispatch",
        "return",
        "dispatch",
        "accept",
        "note",
        "update",
        "reply",
        "reopen",
        "reply",
        "close",
    ]
    assert [e["to_state"] for e in t["events"]] == [
        "registered",
        "dispatched",
        "returned",
        "dispatched",
        "accepted",
        "accepted",
        "accepted",
        "replied",
        "reopened",
        "replied",
        "closed",
    ]
    assert t["events"][2]["note"].startswith("电梯维保属物业企业责任")
    assert t["moves"] == []

    run_worker(desk)
    kinds = [m["kind"] for m in t["messages"]]
    assert kinds == ["acknowledged", "progress", "replied", "reopened", "replied", "closed"]
    assert len(desk.sender.sent) == 6 and all(phone == "13812345678" for phone, _ in desk.sender.sent)

    overall = rates(desk)["overall"]
    assert overall["response"]["rate"] == 1.0 and overall["response"]["counted"] == 2
    assert overall["resolution"] == {"rate": 0.5, "resolved": 1, "visits": 2}
    assert overall["satisfaction"]["rate"] == 0.5
    by_unit = {u["unit"]["code"]: u for u in rates(desk)["by_unit"]}
    assert by_unit["T-JD"]["satisfaction"]["visits"] == 2
    assert by_unit["T-ZJ"]["response"]["on_time"] == 1

    # A closed ticket refuses further moves, naming its state.
    r = desk.post("jd", f"/api/v1/tickets/{tid}/accept")
    assert r.status_code in (403, 409)
    r = desk.post("sl", f"/api/v1/tickets/{tid}/supervise", {"note": "再催一下"})
    assert r.status_code == 409 and "已办结" in r.json()["error"]["message"]


def test_overdue_tickets_are_supervised_once_per_deadline(desk: Any) -> None:
    t = desk.create(unit="T-CG", appeal_kind="help", urgency="normal", caller={"phone": "13900001111"})
    # Nobody accepts it: Tuesday morning it is overdue on acceptance.
    desk.clock.set(datetime(2026, 12, 1, 9, 0))
    listed = desk.get("sl", "/api/v1/tickets", params={"overdue": "true"}).json()
    assert [i["id"] for i in listed["items"]] == [t["id"]] and listed["items"][0]["overdue"] is True
    run_worker(desk)
    run_worker(desk)
    t = desk.get("sl", f"/api/v1/tickets/{t['id']}").json()
    assert t["supervised"] is True and t["status"] == "dispatched"
    assert [e["action"] for e in t["events"]].count("overdue") == 1
    supervise = [k for k in t["tasks"] if k["kind"] == "supervise"]
    assert len(supervise) == 1 and supervise[0]["unit"] == "T-CG"
    # The unit's task list shows it; the response rate counts the lapse as a failure now.
    mine = desk.get("cg", "/api/v1/tasks").json()["items"]
    assert [k["kind"] for k in mine] == ["supervise"]
    assert rates(desk)["overall"]["response"]["overdue_open"] == 1
    # Accepting late then a new deadline (reply_by) is in force and may be chased again later.
    r = desk.post("cg", f"/api/v1/tickets/{t['id']}/accept")
    assert r.json()["status"] == "accepted"
    assert rates(desk)["overall"]["response"]["late"] == 1


def test_progress_update_due_turns_into_an_overdue_task_for_the_shift_leader(desk: Any) -> None:
    t = desk.create(unit="T-CG", urgency="normal", caller={"phone": "13900002222"})
    feedback_by = datetime.fromisoformat(t["deadlines"]["feedback_by"])
    desk.clock.set(feedback_by - timedelta(hours=1))
    due_soon = desk.get("op", "/api/v1/tasks", params={"mine": "true", "due": "soon"}).json()["items"]
    assert [k["kind"] for k in due_soon] == ["progress_update"]
    desk.clock.set(feedback_by + timedelta(minutes=1))
    run_worker(desk)
    overdue = desk.get("op", "/api/v1/tasks", params={"mine": "true", "due": "overdue"}).json()["items"]
    assert overdue[0]["overdue"] is True and overdue[0]["escalated_at"] is not None
    events = desk.get("sl", f"/api/v1/tickets/{t['id']}").json()["events"]
    assert events[-1]["action"] == "task_overdue"
