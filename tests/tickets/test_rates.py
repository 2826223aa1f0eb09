"""The three rates' formulas, on hand-made facts (docs/rates.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotline.errors import HotlineError
from hotline.loop.rates import Dispatch, VisitOutcome, Weights, grouped, parse_weights, response, three_rates

NOW = datetime(2026, 11, 30, 12, 0)
DUE = datetime(2026, 11, 30, 23, 59, 59)


def d(
    unit: str, responded: datetime | None, accept_by: datetime = DUE, category: str = "城乡建设/物业管理"
) -> Dispatch:
    return Dispatch(unit, category, accept_by - timedelta(days=1), accept_by, responded)


def test_unanswered_dispatches_past_their_limit_count_as_failures_not_as_missing() -> None:
    facts = [
        d("A", DUE - timedelta(hours=5)),  # on time
        d("A", DUE + timedelta(hours=1)),  # late
        d("A", None, accept_by=NOW - timedelta(hours=1)),  # still unanswered and overdue
        d("A", None),  # still inside its window: not decided yet
    ]
    r = response(facts, NOW)
    assert r == {"rate": 0.3333, "on_time": 1, "late": 1, "overdue_open": 1, "pending": 1, "counted": 3}


def test_no_decided_dispatch_means_no_rate_rather_than_zero() -> None:
    assert response([d("A", None)], NOW)["rate"] is None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", 0.75),  # basic counts fully by default
        ("response=0.3,resolution=0.35,satisfaction=0.35,basic=0.5", 0.5),
        ("response=0.3,resolution=0.35,satisfaction=0.35,satisfied=1,basic=0", 0.25),
    ],
)
def test_satisfaction_credits_basic_satisfaction_as_configured(spec: str, expected: float) -> None:
    visits = [
        VisitOutcome("A", "x", "satisfied", True),
        VisitOutcome("A", "x", "basic", True),
        VisitOutcome("A", "x", "basic", False),
        VisitOutcome("A", "x", "unsatisfied", False),
    ]
    w = parse_weights(spec) if spec else Weights()
    rates = three_rates([], visits, NOW, w)
    assert rates["satisfaction"]["rate"] == expected
    assert rates["resolution"] == {"rate": 0.5, "resolved": 2, "visits": 4}


def test_the_score_weighs_only_the_rates_that_have_data() -> None:
    w = parse_weights("response=0.2,resolution=0.4,satisfaction=0.4")
    rates = three_rates([d("A", DUE - timedelta(hours=1))], [], NOW, w)
    assert rates["score"] == 1.0
    visits = [VisitOutcome("A", "x", "unsatisfied", False)]
    assert three_rates([d("A", DUE - timedelta(hours=1))], visits, NOW, w)["score"] == 0.2


def test_rates_split_by_unit_and_top_level_category() -> None:
    facts = [d("A", DUE), d("B", None, accept_by=NOW - timedelta(minutes=1), category="交通运输/公交")]
    visits = [VisitOutcome("B", "交通运输/公交", "satisfied", True)]
    by_unit, by_cat = grouped(facts, visits, NOW, Weights())
    assert by_unit["A"]["response"]["rate"] == 1.0 and by_unit["B"]["response"]["rate"] == 0.0
    assert set(by_cat) == {"城乡建设", "交通运输"}
    assert by_cat["交通运输"]["satisfaction"]["rate"] == 1.0


@pytest.mark.parametrize(
    "spec",
    [
        "response=0.5,resolution=0.5,satisfaction=0.5",
        "speed=1",
        "response=abc",
        "response=0.3;resolution=0.7",
        "basic=2",
    ],
)
def test_bad_weights_stop_with_a_chinese_hint(spec: str) -> None:
    with pytest.raises(HotlineError) as err:
        parse_weights(spec)
    assert err.value.code == "bad_rate_weights" and "HOTLINE_RATE_WEIGHTS" in err.value.message
