"""Repeat calls the caller mentions count like the ones the store saw."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.listen.repeat import said_repeat_calls
from hotline.services import analyze_call


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("我已经是第四次打你们12345了", 3),
        ("这是我第3次来电反映这个问题", 2),
        ("打了三次电话都没人管", 3),
        ("这个事我反映过五回了", 5),
        ("我反映过好几次了，一直没结果", 2),
        ("多次投诉无果，只能再打", 2),
        ("请问公积金怎么提取", 0),
        ("第一次打电话，想问下医保", 0),
        ("三次元旦都在加班", 0),
    ],
)
def test_earlier_calls_said_in_the_text(text: str, earlier: int) -> None:
    assert said_repeat_calls(text) == earlier


def test_a_caller_who_says_it_is_the_fourth_call_is_escalated_and_acknowledged() -> None:
    a = analyze_call(
        "这是我第四次打了，小区门口的路灯坏了一个月没人修", received_at=datetime(2026, 11, 27, 10)
    )
    assert a.repeat_calls == 3
    assert a.extra["escalation"]["level"] != "seat"
    assert "4" in a.script.acceptance or "四" in a.script.acceptance or "再次" in a.script.acceptance


def test_the_store_count_wins_when_it_is_larger() -> None:
    a = analyze_call("路灯又坏了，打过两次电话", received_at=datetime(2026, 11, 27, 10), repeat_calls=5)
    assert a.repeat_calls == 5
