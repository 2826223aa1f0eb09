"""Reply quality: a substantive reply with a legal basis beats a bare "forwarded" note, with reasons."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.loop.insights.reply_quality import score_reply, working_days_between

TITLE = "A2区丽景新城小区旁搅拌站夜间噪音扰民"
DETAIL = "A2区丽景新城小区旁边的搅拌站每天晚上施工到凌晨两点，噪音和粉尘严重影响居民休息。"
GOOD = (
    "网友您好！您的留言已收悉。经A2区生态环境局会同丽景街道执法中队于11月5日现场核查，"
    "丽景新城小区旁搅拌站确实存在夜间作业、噪音超标的情况。根据《中华人民共和国噪声污染防治法》第四十三条的规定，"
    "我局已责令该搅拌站立即停止夜间作业，并限期在11月20日前完成降噪和防尘整改，逾期将依法处罚。"
    "由于该站临时用地手续将于年底到期，届时将予以拆除。感谢您对我们工作的支持！"
)
BARE = "网友：您好！您反映的问题，我们已转交相关单位。2019年12月24日"


def test_a_substantive_reply_scores_high_on_every_aspect() -> None:
    s = score_reply(
        TITLE, DETAIL, GOOD, received_at=datetime(2026, 11, 2, 9), replied_at=datetime(2026, 11, 9, 17)
    )
    assert s.relevance.score is not None and s.relevance.score >= 60
    assert s.completeness.score == 100
    assert s.explanation.score is not None and s.explanation.score >= 80
    assert s.timeliness.score == 100
    assert s.overall >= 80
    assert any("噪声污染防治法" in r for r in s.explanation.reasons)
    assert any("第四十三条" in r for r in s.explanation.reasons)


def test_a_bare_forwarding_note_scores_low_and_says_what_is_missing() -> None:
    s = score_reply(TITLE, DETAIL, BARE)
    assert s.overall < 30
    assert s.completeness.score is not None and s.completeness.score <= 25
    assert any("转交" in r for r in s.completeness.reasons)
    assert any("没有给出政策或法规依据" in r for r in s.explanation.reasons)
    assert any("丽景新城" in r or "搅拌站" in r for r in s.relevance.reasons)
    assert s.timeliness.score is None  # no times given: not judged, not counted


@pytest.mark.parametrize(
    ("reply", "missing"),
    [
        ("经街道执法中队现场核查，情况属实，已责令商户整改。", "时间"),
        ("我局已于3月5日责令商户停止经营。", "调查情况"),
        ("经街道执法中队现场核查，3月5日发现该商户确有占道经营。", "结果或措施"),
    ],
)
def test_completeness_names_the_missing_element(reply: str, missing: str) -> None:
    s = score_reply("占道经营", "楼下商户占道经营", reply)
    assert s.completeness.score == 75
    assert any(missing in r for r in s.completeness.reasons)


@pytest.mark.parametrize(
    "reply",
    [
        "依据《A市城市市容和环境卫生管理条例》，沿街商户不得占道经营。",
        "按照市住建局〔2019〕12号文件规定，该小区不在本轮改造范围内。",
        "根据相关政策规定，首套住房认定以家庭为单位。",
    ],
)
def test_a_policy_or_legal_basis_raises_the_explanation_score(reply: str) -> None:
    with_basis = score_reply("咨询政策", "请问相关政策", reply).explanation.score or 0
    without = score_reply("咨询政策", "请问相关政策", "该事项不在改造范围内。").explanation.score or 0
    assert with_basis >= without + 25


@pytest.mark.parametrize(
    ("replied", "score"),
    [(datetime(2026, 3, 20, 10), 100), (datetime(2026, 4, 30, 10), None)],
)
def test_timeliness_counts_working_days_against_the_limit(replied: datetime, score: int | None) -> None:
    s = score_reply(
        "路灯坏了", "路灯坏了", "已修复。", received_at=datetime(2026, 3, 2, 9), replied_at=replied
    )
    if score is None:
        assert s.timeliness.score is not None and s.timeliness.score < 100
        assert any("超出" in r for r in s.timeliness.reasons)
    else:
        assert s.timeliness.score == score


def test_working_days_skip_the_national_holiday() -> None:
    # 2026-09-30 (Wed) → 2026-10-09 (Fri): 1–7 October are holidays, 10-10 is a make-up day later.
    assert working_days_between(datetime(2026, 9, 30).date(), datetime(2026, 10, 9).date()) == 2
