"""QA: a caller in danger or in despair is not read as calm or mildly disappointed.

"我真的不想活了，这日子过不下去了" read as disappointment with intensity 0.08; "厂房那边冒黑烟，好像是
着火了，火越来越大" and "孩子掉进小区的景观池里了，没看到人上来" read as disappointment at 0.00 and
0.02, with no evidence: the operator's panel said "情绪：失望" for a fire and a drowning.
"""

from __future__ import annotations

import pytest

from hotline.listen.emotion import read


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("我真的不想活了，这日子过不下去了，欠了那么多钱", "disappointment"),
        ("厂房那边冒黑烟，好像是着火了，火越来越大", "anxiety"),
        ("孩子掉进小区的景观池里了，没看到人上来", "anxiety"),
        ("隔壁一直在吵架，刚才听到女人尖叫说救命，然后没声音了", "anxiety"),
        ("家里老人突然倒地不省人事，叫也叫不醒", "anxiety"),
    ],
)
def test_danger_and_despair_are_read_with_their_strength_and_evidence(text: str, primary: str) -> None:
    e = read(text)
    assert e.primary == primary
    assert e.intensity >= 0.4
    assert e.evidence
