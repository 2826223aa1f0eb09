"""Early warning: a problem rising in one place is flagged with evidence; ordinary days stay quiet."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotline.loop.insights.backtest import backtest, generate
from hotline.loop.insights.warning import Event, SurgeDetector, tail_score

START = datetime(2026, 3, 2)  # a Monday


def _steady_weeks(weeks: int) -> list[Event]:
    """Two water complaints a working day in A3区 at 10:00 and 15:00, none at weekends."""
    out = []
    for day in range(weeks * 7):
        d = START + timedelta(days=day)
        if d.weekday() >= 5:
            continue
        for h in (10, 15):
            out.append(Event(id=f"w{day}-{h}", problem="城乡建设", place="A3区", time=d.replace(hour=h)))
    return out


def test_a_burst_of_calls_in_one_place_raises_a_warning_with_its_evidence() -> None:
    det = SurgeDetector()
    det.warm(_steady_weeks(4))
    burst_day = START + timedelta(weeks=4, days=1, hours=9)
    warnings = []
    for n in range(8):
        e = Event(id=f"b{n}", problem="城乡建设", place="A3区", time=burst_day + timedelta(minutes=15 * n))
        if (w := det.observe(e)) is not None:
            warnings.append(w)
    assert len(warnings) == 1  # one warning, then the pair rests
    w = warnings[0]
    assert w.observed >= 4 and w.observed > 3 * w.expected
    assert set(w.evidence) <= {f"b{n}" for n in range(8)} and len(w.evidence) == w.observed
    assert w.recipients == ["值班长", "A3区住房和城乡建设局"]
    assert "A3区" in w.message and "明显上升" in w.message


def test_ordinary_days_at_the_usual_pace_raise_nothing() -> None:
    det = SurgeDetector()
    det.warm(_steady_weeks(4))
    later = [
        Event(id=f"x{e.id}", problem=e.problem, place=e.place, time=e.time + timedelta(weeks=4))
        for e in _steady_weeks(2)
    ]
    assert [w for e in later if (w := det.observe(e))] == []


def test_the_same_burst_in_another_place_is_judged_against_that_place() -> None:
    det = SurgeDetector()
    history = _steady_weeks(4)
    # A5区 is a busy district for this problem: ten calls a working day.
    for day in range(28):
        d = START + timedelta(days=day)
        if d.weekday() < 5:
            history += [
                Event(id=f"a5-{day}-{k}", problem="城乡建设", place="A5区", time=d.replace(hour=9 + k))
                for k in range(10)
            ]
    det.warm(sorted(history, key=lambda e: e.time))
    t = START + timedelta(weeks=4, days=1, hours=9)
    burst = [
        Event(id=f"c{n}", problem="城乡建设", place="A5区", time=t + timedelta(minutes=20 * n))
        for n in range(5)
    ]
    assert [w for e in burst if (w := det.observe(e))] == []


def test_a_new_pair_without_a_week_of_history_raises_nothing() -> None:
    det = SurgeDetector()
    t = START
    events = [
        Event(id=f"n{n}", problem="环境保护", place="A9区", time=t + timedelta(minutes=5 * n))
        for n in range(10)
    ]
    assert [w for e in events if (w := det.observe(e))] == []


@pytest.mark.parametrize(("observed", "expected"), [(4, 0.2), (10, 1.0), (30, 5.0)])
def test_scores_grow_with_the_gap_between_observed_and_expected(observed: int, expected: float) -> None:
    assert tail_score(observed, expected, 8.0) > tail_score(observed - 1, expected, 8.0) > 0
    assert tail_score(observed, expected * 2, 8.0) < tail_score(observed, expected, 8.0)


def test_backtest_on_generated_history_finds_most_surges_with_few_false_alarms() -> None:
    result = backtest(generate(weeks=12, warmup_weeks=5, seed=7))
    summary = result.summary()
    assert result.surges == 21
    assert result.detected / result.surges >= 0.75
    assert summary["false_alarms_per_week"] <= 1.5
    assert result.by_size["large"]["detected"] == result.by_size["large"]["surges"]
    assert 0 <= result.by_size["large"]["median_delay_hours"] <= 6
