"""Duplicate appeals and repeat callers, on pairs of real-sounding appeals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotline.tickets.duplicates import Candidate, PriorCall, merge_suggestions, repeat_calls, similarity

NOW = datetime(2026, 11, 27, 10, 0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("文三路和学院路交叉口的红绿灯坏了，车都堵住了", "学院路文三路路口红绿灯坏了，堵车严重"),
        ("小区垃圾站每天早上五点清运，噪音太大", "垃圾站早上五点就开始清运，噪音大得睡不着"),
        ("楼下烧烤店油烟直排，熏得没法开窗", "烧烤店的油烟直排到楼上，窗户都不能开"),
    ],
)
def test_the_same_problem_in_other_words_is_similar(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.25


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("文三路和学院路交叉口的红绿灯坏了", "想咨询一下新生儿医保怎么办理"),
        ("小区垃圾站噪音太大", "公积金提取需要哪些材料"),
        ("我的电话是13812345678，路灯不亮", "我的电话是13812345678，想问社保"),
    ],
)
def test_different_problems_are_not(a: str, b: str) -> None:
    assert similarity(a, b) < 0.25


def cand(i: int, text: str, **kw: object) -> Candidate:
    base = {"category": None, "district": None, "street": None, "same_caller": False}
    base.update(kw)
    return Candidate(i, f"12345-20261127-{i:04d}", "dispatched", text, created_at=NOW, **base)  # type: ignore[arg-type]


def test_same_place_and_category_needs_only_a_little_textual_overlap() -> None:
    found = merge_suggestions(
        "北山街道宝石山下一弄垃圾站清运太吵",
        category="城乡建设/市容环卫",
        district="西湖区",
        street="北山街道",
        candidates=[
            cand(
                1,
                "宝石山下一弄的垃圾站臭味很重",
                category="城乡建设/市容环卫",
                district="西湖区",
                street="北山街道",
            ),
            cand(
                2,
                "宝石山下一弄的垃圾站臭味很重",
                category="城乡建设/市容环卫",
                district="上城区",
                street="湖滨街道",
            ),
        ],
    )
    assert [s.id for s in found] == [1] and found[0].reasons == ["同一地点、同一类别"]


def test_the_same_callers_open_ticket_and_a_similar_one_are_both_offered_with_reasons() -> None:
    found = merge_suggestions(
        "上次说的事还没人管",
        category=None,
        district=None,
        street=None,
        candidates=[cand(1, "楼上装修太吵", same_caller=True), cand(2, "上次说的事还没人管，路灯还是不亮")],
    )
    reasons = {s.id: s.reasons for s in found}
    assert reasons[1] == ["同一来电人的未办结工单"]
    assert reasons[2][0].startswith("诉求内容相似")


def test_repeat_calls_count_open_matters_and_similar_ones_within_sixty_days() -> None:
    prior = [
        PriorCall("楼上装修太吵，半夜还在砸墙", NOW - timedelta(days=3), ticket_open=False),
        PriorCall("上次反映的事情怎么样了", NOW - timedelta(days=1), ticket_open=True),
        PriorCall("想咨询公积金提取", NOW - timedelta(days=10), ticket_open=False),
        PriorCall("楼上装修太吵", NOW - timedelta(days=90), ticket_open=False),
    ]
    assert repeat_calls("楼上装修太吵了，半夜砸墙睡不着", NOW, prior) == 2
