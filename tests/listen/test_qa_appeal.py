"""QA: appeal kinds and needs on calls written by hand, where the old reading would mislead.

A caller phoning to thank the centre for a repaired street light was logged as a new repair
request ("请求管养部门尽快修复损坏的道路设施"); "物业服务挺好的，我就是问下物业费标准" became a
complaint against the property company; a child beaten at school became "咨询子女入学的相关政策";
"谢谢你们啊，问题到现在都没解决" became praise.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.services import analyze_call

AT = datetime(2026, 9, 29, 16, 30)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("谢谢你们，上次反映的路灯已经修好了", "praise"),
        ("非常感谢你们，小区门口的垃圾终于清走了", "praise"),
        ("上次反映的噪音问题已经解决了，特地打电话来说声谢谢", "praise"),
        ("没有什么问题，物业服务挺好的，我就是问下物业费标准", "inquiry"),
        ("我就想问问社保卡丢了怎么补办", "inquiry"),
        ("我女儿说她在学校被同学打了，现在不敢去上学", "help"),
        ("谢谢你们啊，问题到现在都没解决", "complaint"),
        ("路灯修好了又坏了，一直没人来", "complaint"),
    ],
)
def test_the_appeal_kind_follows_what_the_caller_came_for(text: str, kind: str) -> None:
    assert analyze_call(text, received_at=AT).appeal_kind == kind


def test_thanks_for_a_repair_is_not_logged_as_a_new_repair() -> None:
    a = analyze_call("谢谢你们，上次反映的路灯已经修好了", received_at=AT)
    assert "修复" not in a.need and "尽快" not in a.need
    assert a.need != "表扬我们"


def test_the_question_asked_is_the_need_not_a_clause_that_merely_contains_a_question_word() -> None:
    a = analyze_call("没有什么问题，物业服务挺好的，我就是问下物业费标准", received_at=AT)
    assert a.need == "咨询物业费标准"
    assert "物业费标准" in a.restatement


def test_a_beaten_child_is_not_an_enrolment_question() -> None:
    a = analyze_call("我女儿说她在学校被同学打了，现在不敢去上学", received_at=AT)
    assert "入学" not in a.need
