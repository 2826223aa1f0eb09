"""`hotline route` and `hotline analyze`: the stage-3 contract on the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hotline.cli.main import app
from hotline.pipeline import pipeline

runner = CliRunner()
AT = "2026-05-06T10:30"


def test_the_route_step_runs_after_the_appeal_and_before_the_deadline() -> None:
    names = [step.name for step in pipeline()]
    assert names.index("appeal") < names.index("route") < names.index("deadline")


def test_route_prints_what_a_shift_leader_reads() -> None:
    result = runner.invoke(app, ["route", "西湖区文新街道某小区门口占道经营，天天晚上摆摊", "--at", AT])
    assert result.exit_code == 0, result.output
    assert "主办单位：文新街道办事处" in result.output
    assert "协办单位：市城市管理局" in result.output
    assert "处置路径：派单转办" in result.output
    assert "说明：" in result.output and "urban.street_vending" in result.output


def test_route_json_has_the_contract_fields() -> None:
    result = runner.invoke(app, ["route", "你好，请问公积金怎么提取？", "--json", "--at", AT])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"category", "route", "escalation", "knowledge", "options"}
    assert out["route"]["path"] == "direct_answer"
    assert out["route"]["answer"]["id"] == "gjj-withdraw"
    assert out["knowledge"][0]["id"] == "gjj-withdraw"
    assert out["options"]


def test_route_counts_returns_and_repeat_calls() -> None:
    result = runner.invoke(
        app, ["route", "小区门口有人占道经营", "--json", "--at", AT, "--returns", "2", "--repeat", "3"]
    )
    esc = json.loads(result.output)["escalation"]
    assert esc["level"] == "expert"
    assert {"returns", "repeat_calls"} <= set(esc["triggers"])


def test_route_jsonl_keeps_ids_and_reports_bad_lines_by_number() -> None:
    lines = [
        json.dumps({"id": "a1", "text": "西湖区文新街道某小区门口占道经营", "received_at": AT}),
        "这不是 JSON",
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a4", "text": "燃气开户怎么办理", "returns": "两次"}),
        "",
        json.dumps({"id": 5, "text": "我要去法院起诉开发商", "received_at": AT}),
    ]
    result = runner.invoke(app, ["route", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a1", None, "a3", "a4", 5]
    assert out[0]["route"]["lead"]["name"] == "文新街道办事处"
    assert out[1]["line"] == 2 and out[1]["error"]["code"] == "bad_json"
    assert out[2]["line"] == 3 and "text" in out[2]["error"]["message"]
    assert out[3]["line"] == 4 and "returns" in out[3]["error"]["message"]
    assert out[4]["route"]["path"] == "legal_channel"


def test_analyze_json_gains_the_stage_three_fields() -> None:
    result = runner.invoke(app, ["analyze", "--json", "--at", AT, "拱墅区朝晖街道楼下烧烤店油烟太大了"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"category", "route", "escalation", "knowledge", "options"} <= set(out)
    assert out["route"]["lead"]["name"] == "朝晖街道办事处"
    assert "朝晖街道办事处" in out["script"]["responsibility"]


def test_route_with_empty_text_is_a_clear_error() -> None:
    result = runner.invoke(app, ["route", "   ", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "empty_text"
