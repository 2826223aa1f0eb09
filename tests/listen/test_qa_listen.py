"""QA: the listening components stay fast and bounded on hostile 20,000-character texts.

The API accepts texts up to 20,000 characters. A careless integrator (or a stuck key) can send one
word or one digit repeated to the limit; each of these used to take from several seconds to 45 s in
a single component because a regex or an overlap check scanned the rest of the text from every
position. Every component must stay well under a second and keep its evidence list short.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from hotline.analysis import Analysis
from hotline.config import get_settings
from hotline.listen.details import read_details
from hotline.listen.emergency import find_hazards
from hotline.listen.emotion import read
from hotline.listen.objects import find_amounts, find_objects
from hotline.pipeline import Context

LIMIT = 20000
# Generous for a loaded test machine; the slow versions took 3 s to 45 s on these texts.
BUDGET_S = 1.5


def _flood(unit: str) -> str:
    return (unit * (LIMIT // len(unit) + 1))[:LIMIT]


def _details(text: str) -> Analysis:
    a = Analysis(text=text, received_at=datetime(2026, 5, 6, 9, 30))
    read_details(a, Context(settings=get_settings(), text=text))
    return a


def _timed(fn: Callable[[str], Any], text: str) -> tuple[Any, float]:
    fn("预热")
    start = time.perf_counter()
    out = fn(text)
    return out, time.perf_counter() - start


@pytest.mark.parametrize("unit", ["着火", "冒烟", "救命", "不是着火", "去年着火了", "被困"])
def test_a_flood_of_danger_words_is_judged_quickly_and_still_an_emergency_when_it_is_one(unit: str) -> None:
    hits, seconds = _timed(find_hazards, _flood(unit))
    assert seconds < BUDGET_S
    assert len(hits) <= 50
    if unit in ("着火", "冒烟", "救命", "被困"):
        assert any(h.level == "emergency" for h in hits)
    if unit in ("不是着火", "去年着火了"):
        assert not any(h.level == "emergency" for h in hits)


@pytest.mark.parametrize(
    "unit", ["1234567890", "一二三四五六七八九十", "路", "公司", "一万块", "13812345678"]
)
def test_long_runs_of_digits_or_names_do_not_stall_the_details(unit: str) -> None:
    text = _flood(unit)
    objects, t_objects = _timed(find_objects, text)
    _, t_amounts = _timed(find_amounts, text)
    a, t_details = _timed(_details, text)
    assert max(t_objects, t_amounts, t_details) < BUDGET_S
    assert len(objects) <= 50
    assert len(a.details.objects) <= 60


@pytest.mark.parametrize(
    "unit", ["打了三次", "等了三个月了还没", "1234567890", "没人管", "😡", "太过分了！！"]
)
def test_emotion_on_a_flood_is_fast_and_its_evidence_short(unit: str) -> None:
    emotion, seconds = _timed(read, _flood(unit))
    assert seconds < BUDGET_S
    assert len(emotion.evidence) <= 400


def test_realistic_money_building_and_wait_phrases_are_still_read() -> None:
    assert [a.value for a in find_amounts("老板欠我三千五百元工资，还有押金2000块没退")] == [3500, 2000]
    emotion = read("等了三个月了还没修，打了五次电话都没人管")
    assert emotion.primary == "anger"
    addr = _details("我住在西湖区古荡街道嘉绿苑12幢3单元502室").details.address
    assert addr.detail is not None and "12幢" in addr.detail
