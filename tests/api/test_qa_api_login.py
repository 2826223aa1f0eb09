"""QA: the token endpoint stops password guessing the way the console's login form does.

Thirty wrong passwords in a row to POST /api/v1/auth/token all got 401 and the thirty-first,
right one got a token: the API had no limit while the login page stopped after five.
"""

from __future__ import annotations

from typing import Any

from hotline.tickets.testing import PASSWORD


def login(desk: Any, username: str, password: str) -> Any:
    return desk.client.post("/api/v1/auth/token", data={"username": username, "password": password})


def test_after_five_failures_even_the_right_password_must_wait(desk: Any) -> None:
    codes = [login(desk, "zj", f"guess-{i}").status_code for i in range(5)]
    assert codes[:4] == [401] * 4 and codes[4] == 429
    r = login(desk, "zj", PASSWORD)
    assert r.status_code == 429
    err = r.json()["error"]
    assert err["code"] == "too_many_attempts" and "分钟后再试" in err["message"]
    assert err["details"]["retry_after"] > 0


def test_other_accounts_are_not_locked_by_someone_elses_failures(desk: Any) -> None:
    for i in range(6):
        login(desk, "zj", f"guess-{i}")
    assert login(desk, "cg", PASSWORD).status_code == 200


def test_a_success_before_the_limit_forgets_the_failures(desk: Any) -> None:
    for i in range(4):
        assert login(desk, "cg", f"typo-{i}").status_code == 401
    assert login(desk, "cg", PASSWORD).status_code == 200
    for i in range(4):
        assert login(desk, "cg", f"typo-again-{i}").status_code == 401
    assert login(desk, "cg", PASSWORD).status_code == 200
