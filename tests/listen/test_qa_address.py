"""QA: movement into an estate is not the estate's name.

"孩子掉进小区的景观池里了" gave the address community "孩子掉进小区", so the read-back placed the
drowning at "孩子掉进小区" and the operator was no longer told to ask where it happened.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.services import analyze_call

AT = datetime(2026, 9, 29, 16, 30)


@pytest.mark.parametrize(
    "text",
    [
        "孩子掉进小区的景观池里了",
        "我刚搬进小区三个月，物业就涨价",
        "我们走进小区就闻到臭味",
        "车开进小区被收了十块钱",
        "大家小区的路灯都不亮",
    ],
)
def test_a_verb_before_the_estate_word_is_not_a_community_name(text: str) -> None:
    address = analyze_call(text, received_at=AT).details.address
    assert address.community is None
    assert address.text is None


def test_the_place_is_still_asked_for_in_an_emergency_without_one() -> None:
    a = analyze_call("孩子掉进小区的景观池里了，没看到人上来", received_at=AT)
    assert a.missing[0] == "事发具体位置"


@pytest.mark.parametrize(
    ("text", "community"),
    [
        ("我住在西湖区翠苑街道翠苑一区5幢", "翠苑一区社区"),
        ("萧山区宁围街道利一村", "利一村"),
    ],
)
def test_real_estate_names_are_kept(text: str, community: str) -> None:
    assert analyze_call(text, received_at=AT).details.address.community == community
