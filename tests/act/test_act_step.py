"""The route step of the analysis pipeline: what later steps and the JSON output receive."""

from __future__ import annotations

import statistics
import time
from datetime import datetime

import pytest

from hotline.act.step import act
from hotline.analysis import Address, Analysis, AppealKind, Details
from hotline.config import get_settings
from hotline.pipeline import Context

WHEN = datetime(2026, 5, 6, 10, 30)


def run(
    text: str, kind: AppealKind = "complaint", *, unit_name: str | None = None
) -> tuple[Analysis, Context]:
    a = Analysis(text=text, received_at=WHEN, appeal_kind=kind)
    a.details = Details(address=Address())
    ctx = Context(settings=get_settings(), text=text, unit_name=unit_name)
    act(a, ctx)
    return a, ctx


def test_the_step_names_the_lead_unit_and_the_category_for_later_steps() -> None:
    _, ctx = run("西湖区文新街道某小区门口占道经营，天天晚上有人摆摊")
    assert ctx.unit_name == "文新街道办事处"
    assert ctx.category == "城乡建设/城市建设和市政管理/城管执法"
    assert ctx.state["route"].lead.name == "文新街道办事处"


def test_the_analysis_json_gains_the_stage_three_fields() -> None:
    a, _ = run("西湖区文新街道某小区门口占道经营")
    out = a.to_dict()
    assert out["category"] == "城乡建设"
    assert {"lead", "co", "confidence", "path", "explanation"} <= set(out["route"])
    assert set(out["escalation"]) >= {"level", "reasons"}
    assert isinstance(out["knowledge"], list) and isinstance(out["options"], list)


def test_a_direct_answer_names_no_unit_and_carries_the_article() -> None:
    a, ctx = run("你好，请问公积金怎么提取", "inquiry")
    assert a.extra["route"]["path"] == "direct_answer"
    assert ctx.unit_name is None  # nothing is transferred, so the script must not name a unit
    ids = [k["id"] for k in a.extra["knowledge"]]
    assert ids[0] == "gjj-withdraw"
    assert a.extra["knowledge"][0]["passage"]
    assert a.extra["options"] and a.extra["options"][0]["way"] == "online"


def test_an_operator_chosen_unit_is_kept() -> None:
    _, ctx = run("小区门口有人占道经营", unit_name="市城市管理局")
    assert ctx.unit_name == "市城市管理局"


def test_returns_passed_through_the_context_reach_escalation() -> None:
    a = Analysis(text="小区门口有人占道经营", received_at=WHEN, appeal_kind="complaint")
    ctx = Context(settings=get_settings(), text=a.text, state={"returns": 3})
    act(a, ctx)
    assert a.extra["escalation"]["level"] == "expert"
    assert "returns" in a.extra["escalation"]["triggers"]


@pytest.mark.parametrize("chars", [300])
def test_the_route_step_is_fast(chars: int) -> None:
    base = "我住在西湖区文新街道某小区，楼下烧烤店每天晚上油烟很大，噪音也吵得孩子睡不着，物业说不归他们管。"
    text = (base * (chars // len(base) + 1))[:chars]
    run(text)  # warm caches (catalogue, knowledge base, model)
    times = []
    for _ in range(40):
        a = Analysis(text=text, received_at=WHEN, appeal_kind="complaint")
        ctx = Context(settings=get_settings(), text=text)
        _ = ctx.tokens  # segmentation belongs to the pipeline, computed once for every step
        start = time.perf_counter()
        act(a, ctx)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.002


def test_an_emergency_offers_no_options_only_the_handover() -> None:
    from hotline.analysis import Handover

    a = Analysis(
        text="楼道里燃气味道很重，好像漏气了", received_at=WHEN, appeal_kind="help", urgency="emergency"
    )
    a.handover = Handover(
        line="96777", name="燃气抢修热线（杭州燃气96777）", reason="燃气泄漏", hazard="gas_leak"
    )
    ctx = Context(settings=get_settings(), text=a.text)
    act(a, ctx)
    assert a.extra["route"]["path"] == "emergency_handover"
    assert a.extra["options"] == []
    assert "立即转接燃气抢修热线（杭州燃气96777）" in a.extra["route"]["explanation"]
    assert ctx.unit_name == "杭州市燃气集团"
