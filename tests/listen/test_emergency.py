"""Emergencies must be handed over; near-misses must not (tests/listen/emergency_cases.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from emergency_cases import EMERGENCIES, NEAR_MISSES

from hotline.analysis import Analysis
from hotline.config import Settings
from hotline.errors import HotlineError
from hotline.listen.emergency import build_rulebook, find_hazards, read_urgency
from hotline.pipeline import Context

CALL_TIME = datetime(2026, 3, 11, 15, 20)


def urgency_of(text: str) -> Analysis:
    a = Analysis(text=text, received_at=CALL_TIME)
    read_urgency(a, Context(settings=Settings(), text=text))
    return a


@pytest.mark.parametrize(("text", "line", "hazard"), EMERGENCIES)
def test_emergency_is_handed_over_to_the_right_line(text: str, line: str, hazard: str) -> None:
    a = urgency_of(text)
    assert a.urgency == "emergency"
    assert a.handover is not None
    assert (a.handover.line, a.handover.hazard) == (line, hazard)
    assert a.handover.name in a.handover.reason or line in a.handover.reason
    for ev in a.handover.evidence:
        assert text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(("text", "expected"), NEAR_MISSES)
def test_near_miss_is_not_handed_over(text: str, expected: str) -> None:
    a = urgency_of(text)
    assert a.urgency == expected
    assert a.handover is None


def test_recall_and_false_alarms_on_the_whole_set() -> None:
    caught = sum(urgency_of(t).urgency == "emergency" for t, _, _ in EMERGENCIES)
    alarms = sum(urgency_of(t).urgency == "emergency" for t, _ in NEAR_MISSES)
    assert len(EMERGENCIES) >= 60 and len(NEAR_MISSES) >= 40
    assert caught == len(EMERGENCIES)
    assert alarms == 0


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("楼下着火了，有个老人晕倒在楼道里", "119"),  # the fire brigade rescues and fights the fire
        ("有人拿刀把人砍伤了，流了很多血", "110"),  # a crime first: police come with the ambulance
        ("燃气管道被挖断了，旁边还冒烟了", "119"),  # gas with fire is a fire
    ],
)
def test_the_most_pressing_hazard_decides_the_line(text: str, line: str) -> None:
    a = urgency_of(text)
    assert a.handover is not None and a.handover.line == line


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("刚才厨房冒烟了，现在火已经灭了", "urgent"),  # settled
        ("如果再这样下去，万一着火了谁负责", "urgent"),  # hypothetical
        ("昨晚有人撬了我家门，东西被偷了", "urgent"),  # recent past: report, not a transfer
        ("去年着过火，现在又冒烟了", "emergency"),  # the nearest marker is the present
        ("没想到没多久就冒烟了", "emergency"),  # 没 here is not a negation
        ("差点着火，还好我发现得早", "normal"),
    ],
)
def test_time_and_mood_around_the_trigger(text: str, urgency: str) -> None:
    assert urgency_of(text).urgency == urgency


def test_urgent_hazards_are_listed_with_the_emergency() -> None:
    a = urgency_of("电梯坏了好几天，今天又有人被困在电梯里了，消防通道也被堵了")
    assert a.urgency == "emergency" and a.handover is not None and a.handover.hazard == "trapped"
    assert "fire_exit_blocked" in a.hazards and "trapped" not in a.hazards


def test_outage_is_urgent_only_when_it_hurts_someone() -> None:
    assert urgency_of("明天是不是要停电？").urgency == "normal"
    assert urgency_of("停电一整天了，家里有卧床的病人").hazards == ["utility_outage"]


def test_hits_carry_their_context_verdict() -> None:
    hits = find_hazards("万一漏气怎么办，燃气管都生锈了")
    assert {(h.rule.code, h.level, h.why) for h in hits} >= {("gas_leak", "urgent", "hypothetical")}


def test_suicide_reason_is_gentle_and_keeps_the_caller_on_the_line() -> None:
    a = urgency_of("我不想活了")
    assert a.handover is not None
    assert "不要挂电话" in a.handover.reason


def test_broken_rules_are_refused_in_chinese() -> None:
    lines = {"lines": {"fire": {"line": "119", "name": "消防救援119"}}}
    markers = {k: "x" for k in ("negation", "negation_except", "past", "recent", "present", "hypothetical")}
    markers |= {"habitual": "x", "resolved": "x", "inquiry": "x", "calm": "x", "urgent_cue": "x"}
    good = {"code": "fire", "level": "emergency", "line": "fire", "patterns": ["着火"]}
    build_rulebook(lines, markers, {"rules": [good]})
    with pytest.raises(HotlineError, match="转接线路"):
        build_rulebook(lines, markers, {"rules": [good | {"line": "nowhere"}]})
    with pytest.raises(HotlineError, match="正则写错了"):
        build_rulebook(lines, markers, {"rules": [good | {"patterns": ["着火("]}]})
    with pytest.raises(HotlineError, match=r"markers\.yaml 缺少"):
        build_rulebook(lines, {}, {"rules": [good]})
