"""Call inspection: well-handled calls score clearly above poorly handled ones, with the evidence."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from hotline.errors import InputError
from hotline.loop.inspection import Inspection, inspect_call, parse_turns, read_transcript

HERE = Path(__file__).parent / "transcripts"
GOOD = sorted(HERE.glob("good_*.json"))
BAD = sorted(HERE.glob("bad_*.json"))


@cache
def _inspect(name: str) -> Inspection:
    return inspect_call(read_transcript(HERE / name))


def test_there_are_at_least_six_good_and_six_bad_transcripts() -> None:
    assert len(GOOD) >= 6 and len(BAD) >= 6


def test_every_good_call_scores_above_every_bad_call() -> None:
    good = [_inspect(p.name).total for p in GOOD]
    bad = [_inspect(p.name).total for p in BAD]
    assert min(good) > max(bad) + 30


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_calls_pass_every_stage(path: Path) -> None:
    result = _inspect(path.name)
    assert all(score >= 70 for score in result.stages.values()), result.stages
    assert not [f for f in result.findings if f.severity == "high"]


def _findings(name: str, stage: str) -> list[tuple[int | None, str, str]]:
    return [(f.turn, f.words, f.tip) for f in _inspect(name).findings if f.stage == stage]


def test_vague_promises_are_pointed_out_with_the_turn_and_the_words() -> None:
    found = _findings("bad_01_vague_promise.json", "warmth")
    words = {w for _, w, _ in found}
    assert {"应该", "大概", "可能"} <= words
    assert all(turn == 3 for turn, w, _ in found if w in ("应该", "大概"))
    assert any("具体" in tip for _, _, tip in found)


def test_buck_passing_is_a_high_severity_warmth_finding() -> None:
    result = _inspect("bad_02_buck_passing.json")
    high = [f for f in result.findings if f.severity == "high" and f.stage == "warmth"]
    assert any("不归我们管" in f.words for f in high)
    assert high[0].turn == 2


def test_interrupting_the_caller_is_found_in_listen() -> None:
    found = _findings("bad_03_interrupting.json", "listen")
    assert any("好了好了" in w for _, w, _ in found)
    assert any("我还没说完" in w for _, w, _ in found)
    assert _inspect("bad_03_interrupting.json").stages["listen"] <= 30


def test_a_call_without_restatement_or_follow_up_loses_listen_and_loop_points() -> None:
    result = _inspect("bad_05_no_restatement.json")
    tips = [f.tip for f in result.findings]
    assert any("复述" in t for t in tips)
    assert result.stages["loop"] == 0
    assert any("回电" in t for t in tips) and any("工单号" in t for t in tips)


def test_a_missed_emergency_caps_the_call_and_names_the_line() -> None:
    result = _inspect("bad_04_missed_emergency.json")
    assert result.total <= 40 and result.stages["act"] <= 10
    first = result.findings[0]
    assert first.stage == "act" and first.severity == "high" and "96777" in first.tip


def test_an_emergency_handed_over_at_once_is_a_strength() -> None:
    result = _inspect("good_02_gas_leak.json")
    assert result.stages["act"] == 100
    assert any("96777" in s for s in result.strengths)


def test_findings_serialise_to_the_documented_json_shape() -> None:
    out = json.loads(json.dumps(_inspect("bad_01_vague_promise.json").to_dict(), ensure_ascii=False))
    assert set(out["stages"]) == {"listen", "warmth", "act", "loop"}
    assert set(out["findings"][0]) == {"stage", "turn", "words", "severity", "tip"}
    assert isinstance(out["total"], int)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "非空列表"),
        ([{"speaker": "agent", "text": "您好"}], "caller 或 operator"),
        ([{"speaker": "caller", "text": ""}], "缺少文字"),
        ([{"speaker": "caller", "text": "路灯坏了"}], "没有坐席"),
        ([{"speaker": "operator", "text": "您好", "at": "昨天"}], "时间 at"),
    ],
)
def test_malformed_transcripts_get_a_chinese_error(data: object, words: str) -> None:
    with pytest.raises(InputError) as err:
        parse_turns(data)
    assert words in err.value.message


def test_talking_over_the_caller_is_found_from_the_turn_times() -> None:
    turns = json.loads((HERE / "good_05_bus_route.json").read_text(encoding="utf-8"))
    timed = [dict(t, at=f"2026-03-02T09:00:{2 * i:02d}") for i, t in enumerate(turns)]
    result = inspect_call(parse_turns(timed))
    found = [f for f in result.findings if f.stage == "listen" and f.severity == "high"]
    assert found and found[0].turn == 2  # the 56-character complaint was answered after two seconds
    assert result.stages["listen"] <= 70
    relaxed = [dict(t, at=f"2026-03-02T09:{i:02d}:00") for i, t in enumerate(turns)]
    assert not [f for f in inspect_call(parse_turns(relaxed)).findings if f.severity == "high"]
