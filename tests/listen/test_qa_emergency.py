"""QA: emergencies phrased the way frightened callers say them, found by writing calls by hand.

Each of these went through as `urgency: "normal"` and was routed to a department with a
10-working-day limit: a child who fell into a pond, water rising over a village with old people
at home, a mother with a heart condition alone and not answering, a kidnapping, a stalker, a
bleeding pregnant woman, an overdose, someone pinned after a collapse, and calls in English.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.listen.emergency import find_hazards
from hotline.services import analyze_call

AT = datetime(2026, 7, 14, 15, 20)


@pytest.mark.parametrize(
    ("text", "line", "hazard"),
    [
        ("孩子掉进小区的景观池里了，没看到人上来", "110", "drowning"),
        ("有个小孩在河边玩，刚才一下子不见了，水很急", "110", "drowning"),
        ("河里漂着一个人，不知道还有没有气", "110", "drowning"),
        ("我们村的河水涨得很快，已经漫到村口了，老人还在家里", "119", "trapped"),
        ("我妈妈一个人在家，电话一直没人接，她有心脏病，我在外地", "110", "welfare_check"),
        ("刚才地震了，房子裂了好大一条缝，有人被压住了", "119", "building_collapse"),
        ("我女儿被人骗走了，对方说要钱才放人", "110", "crime_in_progress"),
        ("有个男的一直跟着我，我现在很害怕，在地铁站出口", "110", "crime_in_progress"),
        ("我怀孕七个月了，肚子疼得厉害，下面流血了", "120", "medical_emergency"),
        ("老人吃了一整瓶降压药，现在迷迷糊糊的", "120", "medical_emergency"),
        ("There is a fire in my building, help!", "119", "fire"),
        ("My father collapsed and is not breathing", "120", "medical_emergency"),
        ("I smell gas in the kitchen, what should I do", "96777", "gas_leak"),
        ("Someone is breaking in to my apartment right now", "110", "crime_in_progress"),
    ],
)
def test_indirect_and_english_emergencies_are_handed_over(text: str, line: str, hazard: str) -> None:
    a = analyze_call(text, received_at=AT)
    assert a.urgency == "emergency", text
    assert a.handover is not None
    assert (a.handover.line, a.handover.hazard) == (line, hazard)


@pytest.mark.parametrize(
    "text",
    [
        "孩子的球掉进河里了，想找人捞一下",
        "小区景观池的水好几个月没换了，发臭",
        "河水涨了，想问问什么时候开闸",
        "我妈一个人在家，想申请居家养老服务",
        "快递员一直跟着我要我签收",
        "孕妇产检需要什么材料",
        "吃了一板药了还是发烧，想投诉社区医院",
        "中午吃了一盒饭，发现里面有头发",
        "河边的路灯不亮，晚上找不到路",
        "I want to complain about the ambulance noise at night",
    ],
)
def test_everyday_matters_with_the_same_words_are_not_emergencies(text: str) -> None:
    assert not [h for h in find_hazards(text) if h.level == "emergency"], text


def test_a_tower_crane_leaning_over_workers_is_flagged_urgent() -> None:
    a = analyze_call("工地塔吊歪了，下面还有工人在干活", received_at=AT)
    assert a.urgency in ("urgent", "emergency")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("我老公喝了农药，现在口吐白沫，怎么办啊", "120"),
        ("我妈吃了一整瓶安眠药，现在叫不醒", "120"),
        ("我真的不想活了，活着没意思", "110"),
    ],
)
def test_poison_already_taken_with_symptoms_goes_to_the_ambulance_first(text: str, line: str) -> None:
    a = analyze_call(text, received_at=AT)
    assert a.handover is not None and a.handover.line == line


@pytest.mark.parametrize(
    "text",
    [
        "我老公喝了农药，现在口吐白沫，怎么办啊",
        "有人在桥上往下看，说不想活了",
        "我女儿说她不想活了，把自己锁在房间里",
    ],
)
def test_a_caller_reporting_someone_else_is_not_told_they_themselves_are_suffering(text: str) -> None:
    a = analyze_call(text, received_at=AT)
    assert "您现在心里特别难受" not in a.restatement


def test_a_caller_at_risk_still_hears_the_gentle_words() -> None:
    a = analyze_call("我真的不想活了，活着没意思", received_at=AT)
    assert "您现在心里特别难受" in a.restatement
