"""QA: Open311 submissions from a careless integrator.

POST requests.json accepted service_code "nope" (the ticket was filed under a category no rate,
hotspot or time limit knows) and phone "123"; its service_notice promised "预计 … 前答复" and,
without a deadline, "预计 尽快 前答复" — two vague words the method forbids in commitments.
"""

from __future__ import annotations

from typing import Any

from hotline.warmth.lint import lint


def _post(desk: Any, **form: str) -> Any:
    key = desk.hotline.tokens.issue(desk.users["op"])
    return desk.client.post(
        "/open311/v2/requests.json",
        data={"description": "小区东门的路灯已经坏了一个月，晚上漆黑一片", "api_key": key, **form},
    )


def test_an_unknown_service_code_is_refused_and_files_nothing(desk: Any) -> None:
    before = desk.counts()
    r = _post(desk, service_code="nope")
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "unknown_service_code"
    assert desk.counts() == before


def test_a_listed_service_code_is_accepted(desk: Any) -> None:
    code = desk.client.get("/open311/v2/services.json").json()[0]["service_code"]
    assert _post(desk, service_code=code).status_code == 201


def test_a_three_digit_phone_is_refused(desk: Any) -> None:
    before = desk.counts()
    assert _post(desk, phone="123").status_code == 422
    assert desk.counts() == before


def test_the_service_notice_commits_without_vague_words(desk: Any) -> None:
    r = _post(desk)
    assert r.status_code == 201
    notice = r.json()[0]["service_notice"]
    assert not lint(notice).vague, notice
    assert "预计" not in notice and "尽快" not in notice
    assert "前答复" in notice
