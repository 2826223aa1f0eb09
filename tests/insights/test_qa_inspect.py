"""QA: call inspection does not praise a buck-passing sentence for naming the unit.

In a call where the operator said "这个不归我们管，你去找城管吧", the coaching listed under
"做得好": "第 2 句讲明了承办单位", and the act stage scored it as if the operator had taken the
matter on.
"""

from __future__ import annotations

from hotline.loop.inspection.score import inspect_call
from hotline.loop.inspection.transcript import parse_turns

BAD = [
    {
        "speaker": "caller",
        "text": "我要投诉，楼下烧烤店每天晚上吵到凌晨两点，油烟往我家灌，打了三次电话都没人管！",
    },
    {"speaker": "operator", "text": "这个不归我们管，你去找城管吧。"},
    {"speaker": "caller", "text": "我找过城管了，他们让我打12345！"},
    {"speaker": "operator", "text": "那我给你登记一下，过几天会有人处理。"},
]


def test_sending_the_caller_to_a_unit_is_not_credited_as_naming_the_lead_unit() -> None:
    result = inspect_call(parse_turns(BAD)).to_dict()
    assert not any("讲明了承办单位" in s for s in result["strengths"])
    assert result["stages"]["act"] < 70
