"""QA: the responsibility step does not promise a unit that routing itself is unsure of.

For a call that says almost nothing ("喂，我想反映个事"), routing falls back to a default unit with
low confidence and asks an expert to decide; the script still told the caller "这件事由市住房和
城乡建设局主办，我现在就为您转交", a promise the operator would have to take back.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.services import analyze_call
from hotline.warmth.lint import lint

AT = datetime(2026, 9, 29, 16, 30)


@pytest.mark.parametrize(
    "text",
    [
        "喂，我想反映个事",
        "12345",
        "你好，我这边有个情况",
        "就是那个事情，上次说过的",
    ],
)
def test_an_unsure_route_is_not_promised_to_the_caller(text: str) -> None:
    a = analyze_call(text, received_at=AT)
    route = a.extra["route"]
    assert route["expert_review"] is True and route["terms"] == []
    assert route["lead"]["name"] not in a.script.responsibility
    assert "派" in a.script.responsibility or "登记" in a.script.responsibility
    assert not lint(a.script.responsibility).vague


def test_a_confident_route_still_names_its_unit() -> None:
    a = analyze_call("西湖区翠苑一区门口的路灯坏了三天了，晚上黑乎乎的", received_at=AT)
    route = a.extra["route"]
    assert (route["path"], route["expert_review"]) == ("dispatch", False)
    assert route["lead"]["name"] in a.script.responsibility


def test_an_estimate_in_a_commitment_is_flagged() -> None:
    hits = lint("预计3个工作日内给您答复").vague
    assert [h.word for h in hits] == ["预计"]


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("一个星期左右给您答复", "一个星期内给您答复"),
        ("两个礼拜左右能修好", "两个礼拜内能修好"),
        ("大概一个星期左右处理", "一个星期内处理"),
    ],
)
def test_about_a_week_is_vague_and_becomes_an_upper_bound(text: str, rewrite: str) -> None:
    hits = lint(text).vague
    assert "左右" in [h.word for h in hits]
    assert all(h.suggestion == rewrite for h in hits)
    assert not lint(rewrite).vague
