"""Three-level response: each trigger lifts the call to the right level and says why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hotline.act.escalation import Escalation, escalate
from hotline.act.routing import GivenCategory, route
from hotline.analysis import Analysis, AppealKind, Emotion
from hotline.config import Settings

WHEN = datetime(2026, 5, 6, 10, 30)


def call(text: str, kind: AppealKind = "complaint", *, anger: float = 0.0, repeat_calls: int = 0) -> Analysis:
    a = Analysis(text=text, received_at=WHEN, appeal_kind=kind, repeat_calls=repeat_calls)
    if anger:
        a.emotion = Emotion(primary="anger", intensity=anger, scores={"anger": anger, "calm": 1 - anger})
    return a


def level_of(
    a: Analysis, *, category: str = "城乡建设", confidence: float = 0.9, returns: int = 0, **kw: Any
) -> Escalation:
    settings = Settings(**kw)
    r = route(a, prediction=GivenCategory(category, confidence), settings=settings)
    return escalate(a, r, returns=returns, settings=settings)


def test_an_ordinary_call_stays_with_the_seat() -> None:
    esc = level_of(call("西湖区文新街道小区门口有人占道经营，麻烦管一下"))
    assert esc.level == "seat"
    assert esc.reasons == [] and esc.triggers == []


def test_strong_anger_goes_to_the_shift_leader() -> None:
    esc = level_of(call("你们到底管不管！气死我了！", anger=0.9))
    assert esc.level == "shift_leader"
    assert esc.triggers == ["anger"]
    assert "0.90" in esc.reasons[0]


def test_the_anger_threshold_is_a_setting() -> None:
    a = call("你们到底管不管", anger=0.6)
    assert level_of(a).level == "seat"
    assert level_of(a, anger_escalation=0.5).level == "shift_leader"


@pytest.mark.parametrize(
    "text",
    [
        "再不处理我要曝光你们",
        "我已经找记者了，让电视台来看看",
        "不解决我就去北京上访",
        "我明天就去省里反映",
        "我们准备拉横幅到市政府门口",
        "我拍了视频，马上发到网上",
    ],
)
def test_threats_of_media_or_petition_go_to_the_shift_leader(text: str) -> None:
    esc = level_of(call(text))
    assert esc.level == "shift_leader"
    assert "threat" in esc.triggers
    assert "曝光或上访" in esc.reasons[esc.triggers.index("threat")]


def test_repeated_calls_go_to_the_shift_leader() -> None:
    esc = level_of(call("楼下烧烤油烟的事还是没人处理", repeat_calls=2))
    assert esc.level == "shift_leader"
    assert "repeat_calls" in esc.triggers
    assert "2 次" in esc.reasons[0]


@pytest.mark.parametrize(
    "text",
    ["这是我第三次打电话反映了", "我已经打了好几次了，一直没人处理", "这个问题我投诉了5次"],
)
def test_a_caller_saying_they_called_before_counts_as_repeated(text: str) -> None:
    esc = level_of(call(text))
    assert esc.level == "shift_leader"
    assert "repeat_calls" in esc.triggers


def test_one_earlier_call_is_below_the_default_threshold() -> None:
    assert "repeat_calls" not in level_of(call("楼下油烟还是很大", repeat_calls=1)).triggers


@pytest.mark.parametrize(
    "text",
    [
        "我家里有个八十多岁的老人，停水两天了",
        "我是孕妇，楼上装修吵得睡不着",
        "我是残疾人，坐轮椅的，小区无障碍坡道被堵了",
        "孩子一个人在家，家里停电了",
        "家里有病人要用制氧机，突然停电了",
    ],
)
def test_vulnerable_callers_go_to_the_shift_leader(text: str) -> None:
    esc = level_of(call(text, "help"))
    assert esc.level == "shift_leader"
    assert "vulnerable" in esc.triggers


@pytest.mark.parametrize(
    "text",
    [
        "我们几十户都没有水了",
        "全体业主都反对物业涨价",
        "工地上一群工人被拖欠工资",
        "我们三十多个工人的工资都没发",
        "整栋楼停电一天了",
    ],
)
def test_group_appeals_go_to_the_shift_leader(text: str) -> None:
    esc = level_of(call(text))
    assert esc.level == "shift_leader"
    assert "group" in esc.triggers


def test_low_routing_confidence_goes_to_an_expert() -> None:
    esc = level_of(call("我有个事情想反映一下，很久了一直没人管"), confidence=0.3)
    assert esc.level == "expert"
    assert "low_confidence" in esc.triggers
    assert "0.55" in esc.reasons[esc.triggers.index("low_confidence")]


@pytest.mark.parametrize(
    "text",
    [
        "城管说归街道管，街道说归城管管，几个部门互相推",
        "打了一圈电话，谁都不管",
        "你们这些部门推来推去，就是踢皮球",
    ],
)
def test_units_pushing_a_matter_between_them_go_to_an_expert(text: str) -> None:
    esc = level_of(call(text))
    assert esc.level == "expert"
    assert "cross_unit" in esc.triggers


def test_repeated_returns_go_to_an_expert() -> None:
    a = call("西湖区文新街道某小区门口占道经营")
    assert level_of(a, returns=1).level == "seat"
    esc = level_of(a, returns=2)
    assert esc.level == "expert"
    assert esc.triggers == ["returns"]
    assert "退回 2 次" in esc.reasons[0]


def test_a_policy_question_without_a_knowledge_base_answer_goes_to_an_expert() -> None:
    esc = level_of(call("请问我们这种情况符不符合人才房的申请条件", "inquiry"))
    assert esc.level == "expert"
    assert "policy_no_answer" in esc.triggers


def test_a_policy_question_the_knowledge_base_answers_stays_with_the_seat() -> None:
    esc = level_of(call("请问公积金提取需要什么条件", "inquiry"))
    assert esc.level == "seat"


def test_expert_outranks_shift_leader_and_every_reason_is_kept() -> None:
    esc = level_of(call("我们几十户找了好几个部门，谁都不管，再不管我就找记者", anger=0.9), returns=3)
    assert esc.level == "expert"
    assert {"anger", "threat", "group", "cross_unit", "returns"} <= set(esc.triggers)
    assert len(esc.reasons) == len(esc.triggers)


def test_escalation_json_shape() -> None:
    d = level_of(call("我要曝光你们")).to_dict()
    assert d["level"] == "shift_leader" and d["level_zh"] == "值班长"
    assert isinstance(d["reasons"], list) and d["reasons"]


def test_one_unit_doing_nothing_is_not_a_cross_unit_dispute() -> None:
    esc = level_of(call("小区物业收了物业费什么都不管"))
    assert "cross_unit" not in esc.triggers


@pytest.mark.parametrize("text", ["我反映过好几次了，还是没人来", "这事我打过两次电话了", "已经多次投诉了"])
def test_more_ways_of_saying_it_again(text: str) -> None:
    assert "repeat_calls" in level_of(call(text)).triggers
