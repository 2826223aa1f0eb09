"""Logging in, token lifetime, and what each role may see."""

from __future__ import annotations

from typing import Any

import pytest

from hotline.tickets.testing import PASSWORD
from hotline.web.auth import Tokens


def login(desk: Any, username: str, password: str = PASSWORD) -> Any:
    return desk.client.post("/api/v1/auth/token", data={"username": username, "password": password})


def test_a_login_returns_a_bearer_token_with_role_and_unit(desk: Any) -> None:
    r = login(desk, "zj")
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["role"] == "unit_handler" and body["unit"] == "T-ZJ"
    me = desk.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}).json()
    assert me["username"] == "zj" and me["role_label"] == "承办单位人员"


@pytest.mark.parametrize(
    ("username", "password"), [("zj", "wrong-password"), ("nobody", PASSWORD), ("zj", "")]
)
def test_a_bad_login_says_the_same_thing_whatever_was_wrong(desk: Any, username: str, password: str) -> None:
    r = login(desk, username, password)
    assert r.status_code in (401, 422)
    if r.status_code == 401:
        assert r.json()["error"] == {"code": "bad_credentials", "message": "用户名或密码错误", "details": {}}


def test_an_expired_token_is_refused(desk: Any) -> None:
    headers = desk.headers("op")
    desk.hotline.tokens.ttl = -1  # every token is older than that
    r = desk.client.get("/api/v1/tickets", headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_expired"


def test_a_token_signed_with_another_key_is_refused(desk: Any) -> None:
    token = Tokens("someone-elses-key").issue(desk.users["ad"])
    r = desk.client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_token"


def test_a_deactivated_user_loses_access_at_once(desk: Any) -> None:
    from hotline.store.models import User

    headers = desk.headers("op")
    assert desk.client.get("/api/v1/tickets", headers=headers).status_code == 200
    with desk.store.write() as tx:
        user = tx.get(User, desk.users["op"].id)
        user.active = False
    r = desk.client.get("/api/v1/tickets", headers=headers)
    assert r.status_code == 401


def test_unit_handlers_list_only_their_units_tickets(desk: Any) -> None:
    mine = desk.create(unit="T-ZJ", urgency="normal", text="小区电梯年检合格证过期了还在运行")
    desk.create(unit="T-CG", urgency="normal", text="广场舞音响声音太大影响休息")
    helped = desk.create(unit="T-CG", co_units=["T-ZJ"], urgency="normal", text="老旧小区加装电梯的补贴政策")
    ids = [t["id"] for t in desk.get("zj", "/api/v1/tickets").json()["items"]]
    assert sorted(ids) == sorted([mine["id"], helped["id"]])
    everyone = desk.get("mg", "/api/v1/tickets").json()
    assert everyone["total"] == 3
    assert all(t["caller"] is None or t["caller"]["masked"] for t in everyone["items"])


def test_unit_handlers_see_only_their_own_units_rates_and_tasks(desk: Any) -> None:
    r = desk.get("zj", "/api/v1/rates", params={"unit": "T-CG"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "other_unit"
    desk.create(unit="T-CG", urgency="normal", text="路边停车收费不规范")
    assert desk.get("zj", "/api/v1/tasks").json()["items"] == []


def test_the_openapi_document_describes_the_api(desk: Any) -> None:
    doc = desk.client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/tickets",
        "/api/v1/tickets/{ref}",
        "/api/v1/tickets/{ref}/dispatch",
        "/api/v1/tickets/{ref}/visit",
        "/api/v1/tasks",
        "/api/v1/rates",
        "/api/v1/outbox",
        "/open311/v2/requests.json",
    ):
        assert path in paths, path
