"""Bad input of every kind gets the one error shape, a Chinese message, the documented status —
and changes nothing in the database."""

from __future__ import annotations

import re
from typing import Any

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"code", "message", "details"}
    assert err["code"] == code, err
    assert HAN.search(err["message"]), err["message"]
    assert isinstance(err["details"], dict)
    return dict(err)


def dispatched(desk: Any) -> dict[str, Any]:
    """A ticket dispatched to the housing bureau, with a co-handling street office."""
    return desk.create(
        unit="T-ZJ",
        co_units=["T-JD"],
        urgency="normal",
        caller={"name": "孙丽", "phone": "13611112222"},
        text="我们小区地下车库漏水严重，墙面已经长霉，物业一直拖着不修。",
    )


# (user, method, path with {id}, json body or raw bytes, status, code)
CASES: list[tuple[str, str, str, Any, int, str]] = [
    ("op", "post", "/api/v1/tickets", '{"text": "漏水", '.encode(), 400, "bad_json"),
    ("jd", "post", "/api/v1/tickets/{id}/reply", b"{not json}", 400, "bad_json"),
    ("op", "post", "/api/v1/tickets", {"caller": {"phone": "13600000000"}}, 422, "invalid_request"),
    ("op", "post", "/api/v1/tickets", {"text": "噪音" * 10001}, 422, "field_too_long"),
    (
        "op",
        "post",
        "/api/v1/tickets",
        {"text": "噪音扰民", "caller": {"name": "王" * 51}},
        422,
        "field_too_long",
    ),
    (
        "op",
        "post",
        "/api/v1/tickets",
        {"text": "噪音扰民", "caller": {"phone": "打我电话"}},
        422,
        "invalid_request",
    ),
    ("op", "post", "/api/v1/tickets", {"text": "噪音扰民", "priority": "high"}, 422, "invalid_request"),
    ("op", "post", "/api/v1/tickets", {"text": "噪音扰民", "channel": "fax"}, 422, "invalid_request"),
    ("op", "post", "/api/v1/tickets", {"text": "噪音扰民", "unit": "NO-SUCH"}, 400, "unknown_unit"),
    ("zj", "post", "/api/v1/tickets/{id}/return", {"reason": "不" * 2001}, 422, "field_too_long"),
    ("zj", "post", "/api/v1/tickets/{id}/return", {"reason": ""}, 422, "invalid_request"),
    (
        "zj",
        "post",
        "/api/v1/tickets/{id}/extension",
        {"days": 0, "reason": "配件未到"},
        422,
        "invalid_request",
    ),
    (
        "op",
        "post",
        "/api/v1/tickets/{id}/visit",
        {"satisfaction": "ok", "resolved": True},
        422,
        "invalid_request",
    ),
    ("op", "get", "/api/v1/tickets/99999", None, 404, "ticket_not_found"),
    ("zj", "post", "/api/v1/tickets/99999/accept", None, 404, "ticket_not_found"),
    ("op", "get", "/api/v1/tickets/12345-20200101-0001", None, 404, "ticket_not_found"),
    ("op", "post", "/api/v1/tickets/{id}/merge", {"into": 99999}, 404, "ticket_not_found"),
    ("op", "get", "/api/v1/no-such-thing", None, 404, "not_found"),
    (
        "zj",
        "post",
        "/api/v1/tickets/{id}/reply",
        {"content": "已处理", "resolved": True},
        409,
        "illegal_move",
    ),
    ("sl", "post", "/api/v1/tickets/{id}/dispatch", {"unit": "T-CG"}, 409, "illegal_move"),
    ("sl", "post", "/api/v1/tickets/{id}/extension/approve", None, 409, "illegal_move"),
    ("op", "post", "/api/v1/tickets/{id}/accept", None, 403, "wrong_role"),
    ("mg", "post", "/api/v1/tickets", {"text": "噪音扰民"}, 403, "wrong_role"),
    ("zj", "post", "/api/v1/tickets/{id}/dispatch", {"unit": "T-CG"}, 403, "wrong_role"),
    ("zj", "get", "/api/v1/outbox", None, 403, "wrong_role"),
    ("cg", "get", "/api/v1/tickets/{id}", None, 403, "other_unit"),
    ("cg", "post", "/api/v1/tickets/{id}/accept", None, 403, "other_unit"),
    ("cg", "get", "/api/v1/tickets?unit=T-ZJ", None, 403, "other_unit"),
    ("jd", "post", "/api/v1/tickets/{id}/accept", None, 403, "not_lead_unit"),
    ("op", "post", "/api/v1/tickets/{id}/merge", {"into": "{id}"}, 400, "merge_into_self"),
]


@pytest.fixture
def ticket(desk: Any) -> dict[str, Any]:
    return dispatched(desk)


@pytest.fixture(scope="module")
def shared_ticket(shared_desk: Any) -> dict[str, Any]:
    return dispatched(shared_desk)


@pytest.mark.parametrize(("user", "method", "path", "body", "status", "code"), CASES)
def test_bad_requests_are_refused_and_change_nothing(
    shared_desk: Any,
    shared_ticket: dict[str, Any],
    user: str,
    method: str,
    path: str,
    body: Any,
    status: int,
    code: str,
) -> None:
    desk, ticket = shared_desk, shared_ticket
    path = path.format(id=ticket["id"])
    if isinstance(body, dict) and body.get("into") == "{id}":
        body = {"into": ticket["id"]}
    before = desk.counts()
    version = desk.get("op", f"/api/v1/tickets/{ticket['id']}").json()["version"]
    headers = desk.headers(user)
    if isinstance(body, bytes):
        r = desk.client.request(
            method, path, content=body, headers={**headers, "Content-Type": "application/json"}
        )
    else:
        r = desk.client.request(method, path, json=body, headers=headers)
    assert_error(r, status, code)
    assert desk.counts() == before
    assert desk.get("op", f"/api/v1/tickets/{ticket['id']}").json()["version"] == version


def test_an_illegal_move_names_the_state_and_the_move(desk: Any, ticket: dict[str, Any]) -> None:
    r = desk.post("zj", f"/api/v1/tickets/{ticket['id']}/reply", {"content": "已处理", "resolved": True})
    err = assert_error(r, 409, "illegal_move")
    assert "已派单" in err["message"] and "答复" in err["message"] and "签收" in err["message"]
    assert err["details"]["state"] == "dispatched" and "accept" in err["details"]["allowed"]


def test_without_a_token_the_api_asks_to_log_in(desk: Any) -> None:
    r = desk.client.get("/api/v1/tickets")
    assert_error(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    r = desk.client.get("/api/v1/tickets", headers={"Authorization": "Bearer forged.token.value"})
    assert_error(r, 401, "bad_token")


def test_a_body_over_one_megabyte_is_refused_with_413(desk: Any) -> None:
    before = desk.counts()
    r = desk.client.post(
        "/api/v1/tickets",
        content=('{"text": "' + "长" * 400_000 + '"}').encode(),
        headers={**desk.headers("op"), "Content-Type": "application/json"},
    )
    assert_error(r, 413, "payload_too_large")
    assert desk.counts() == before


def test_a_stale_version_is_refused_and_the_current_one_given(desk: Any, ticket: dict[str, Any]) -> None:
    tid, version = ticket["id"], ticket["version"]
    assert desk.post("sl", f"/api/v1/tickets/{tid}/supervise", {"note": "请加快"}).status_code == 200
    before = desk.counts()
    r = desk.post("zj", f"/api/v1/tickets/{tid}/accept", headers={"If-Match": f'"{version}"'})
    err = assert_error(r, 409, "stale_version")
    assert err["details"]["given"] == version and err["details"]["current"] > version
    r = desk.post("zj", f"/api/v1/tickets/{tid}/return", {"reason": "不属本单位", "version": version})
    assert_error(r, 409, "stale_version")
    assert desk.counts() == before
    r = desk.post("zj", f"/api/v1/tickets/{tid}/accept", headers={"If-Match": "three"})
    assert_error(r, 400, "bad_if_match")
    current = desk.get("zj", f"/api/v1/tickets/{tid}")
    r = desk.post("zj", f"/api/v1/tickets/{tid}/accept", headers={"If-Match": current.headers["ETag"]})
    assert r.status_code == 200 and r.json()["status"] == "accepted"


def test_the_same_idempotency_key_replays_and_a_different_body_conflicts(desk: Any) -> None:
    body = {
        "text": "公交站台的顶棚被大风刮坏了，下雨天候车的人都淋湿了。",
        "unit": "T-CG",
        "caller": {"phone": "13500001111"},
    }
    key = {"Idempotency-Key": "call-20261127-0001"}
    first = desk.post("op", "/api/v1/tickets", body, headers=key)
    assert first.status_code == 201
    before = desk.counts()
    again = desk.post("op", "/api/v1/tickets", body, headers=key)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and again.json()["number"] == first.json()["number"]
    other = desk.post("op", "/api/v1/tickets", {**body, "text": "另一件事：路灯不亮"}, headers=key)
    assert_error(other, 409, "idempotency_key_reused")
    assert desk.counts() == before


def test_concurrent_requests_with_one_idempotency_key_make_one_ticket(desk: Any) -> None:
    import threading

    body = {"text": "河道里漂着大量垃圾，气味很难闻。", "unit": "T-CG"}
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def send() -> None:
        r = desk.post("op", "/api/v1/tickets", body, headers={"Idempotency-Key": "same-key"})
        with lock:
            results.append((r.status_code, r.json()["id"]))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(s for s, _ in results) == [200] * 5 + [201]
    assert len({i for _, i in results}) == 1
    assert desk.counts()["tickets"] == 1


def test_two_units_racing_on_one_ticket_never_lose_an_update(desk: Any, ticket: dict[str, Any]) -> None:
    """Accept and return sent together with the same version: exactly one wins, the other gets 409."""
    import threading

    tid, version = ticket["id"], ticket["version"]
    out: dict[str, int] = {}

    def move(name: str, body: dict[str, Any]) -> None:
        r = desk.post("zj", f"/api/v1/tickets/{tid}/{name}", {**body, "version": version})
        out[name] = r.status_code

    threads = [
        threading.Thread(target=move, args=("accept", {})),
        threading.Thread(target=move, args=("return", {"reason": "不属本单位职责"})),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(out.values()) == [200, 409]
    events = desk.get("op", f"/api/v1/tickets/{tid}").json()["events"]
    assert [e["action"] for e in events].count("accept") + [e["action"] for e in events].count("return") == 1
