"""QA: requests a careless integrator sends, answered in the documented error shape and changing
nothing: a body in GBK instead of UTF-8 (was 400 "http_error"/"请求无法处理", which says nothing
about what to fix), and a call dated 9999-12-31 (was a 500 from an OverflowError)."""

from __future__ import annotations

import re
from typing import Any

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert set(err) == {"code", "message", "details"}
    assert err["code"] == code, err
    assert HAN.search(err["message"]), err["message"]
    return dict(err)


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "楼下烧烤油烟太大"}'.encode("gbk"),
        b'{"text": "\xff\xfe\xfd"}',
    ],
)
def test_a_body_that_is_not_utf8_is_refused_with_a_hint(desk: Any, body: bytes) -> None:
    before = desk.counts()
    r = desk.client.post(
        "/api/v1/tickets", content=body, headers={**desk.headers("op"), "Content-Type": "application/json"}
    )
    err = assert_error(r, 400, "bad_json")
    assert "UTF-8" in err["message"]
    assert desk.counts() == before


def test_a_call_dated_at_the_end_of_time_is_an_input_error_not_a_crash(desk: Any) -> None:
    before = desk.counts()
    r = desk.post(
        "op", "/api/v1/tickets", json={"text": "路灯坏了三天了", "received_at": "9999-12-31T23:00:00"}
    )
    # Refused before any deadline is counted: a call cannot come from the future.
    assert_error(r, 400, "received_in_future")
    assert desk.counts() == before


@pytest.mark.parametrize("phone", ["123", "110"])
def test_a_three_digit_number_is_not_accepted_as_the_callers_phone(desk: Any, phone: str) -> None:
    before = desk.counts()
    r = desk.post("op", "/api/v1/tickets", json={"text": "路灯坏了三天了", "caller": {"phone": phone}})
    assert_error(r, 422, "invalid_request")
    assert desk.counts() == before
