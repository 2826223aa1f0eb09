"""QA: the read-back never puts the caller's anger at the hotline in the operator's mouth, and
never confirms a need nobody stated.

"你们就是在踢皮球" was read back as "我复述一下您反映的情况：我们就是在踢皮球"; a caller who only
said "你好" or "12345" heard "您希望有关部门协助解决所反映的困难，对吗？".
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.services import analyze_call

AT = datetime(2026, 9, 29, 16, 30)


def restatement(text: str) -> str:
    return analyze_call(text, received_at=AT).restatement


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("打了四次电话了，还是没人管，你们就是在踢皮球，我要去曝光", "没人管"),
        ("你们到底管不管？我家楼下的垃圾站臭了三个月了", "您家楼下的垃圾站臭了三个月了"),
        ("我要投诉你们12345的接线员，态度很差", "态度很差"),
    ],
)
def test_words_aimed_at_the_hotline_are_not_read_back_as_the_operator_speaking(text: str, said: str) -> None:
    r = restatement(text)
    assert "我们就是" not in r and "我们12345" not in r and "不指望我们" not in r
    assert said in r


@pytest.mark.parametrize("text", ["你好", "好", "12345", "喂？喂？能听到吗", "。。。！！？"])
def test_a_call_that_names_no_matter_is_answered_with_a_question_not_an_invented_need(text: str) -> None:
    r = restatement(text)
    assert "所反映的困难" not in r and "所反映的问题" not in r
    assert "什么事" in r or "哪件事" in r
    assert r.endswith(("？", "。"))


def test_a_call_with_a_matter_is_still_read_back_in_full() -> None:
    r = restatement("我家门口的路灯坏了一个月了，晚上黑漆漆的")
    assert "您家门口的路灯坏了一个月了" in r
