"""`hotline analyze`: the stage 1–2 JSON contract, JSON lines, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app
from hotline.pipeline import pipeline

runner = CliRunner()
AT = "2026-09-30T16:40:00"
HOTLINE = [sys.executable, "-m", "hotline.cli.main"]


def analyze_json(text: str, *extra: str) -> dict:
    result = runner.invoke(app, ["analyze", "--json", "--at", AT, *extra, text])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_pipeline_runs_the_stages_in_method_order() -> None:
    assert [s.name for s in pipeline()] == [
        "urgency",
        "emotion",
        "repeat",
        "details",
        "appeal",
        "route",
        "deadline",
        "script",
    ]


def test_json_has_every_contract_field() -> None:
    out = analyze_json("我姓王，西湖区文新街道嘉绿苑小区电梯坏了三天，物业不管，电话13867112345")
    assert set(out["emotion"]) >= {"primary", "intensity", "scores", "evidence"}
    assert out["urgency"] in {"emergency", "urgent", "normal"}
    assert "handover" in out
    assert out["appeal_kind"] in {"inquiry", "help", "complaint", "report", "suggestion", "praise"}
    assert set(out["details"]) >= {"name", "phone", "address", "event_time", "objects"}
    assert set(out["details"]["address"]) >= {"province", "city", "district", "street", "community", "detail"}
    assert isinstance(out["missing"], list) and out["need"] and out["restatement"]
    assert set(out["script"]) == {"acceptance", "responsibility", "commitment"}
    assert set(out["deadline"]) >= {"working_days", "due", "feedback_by", "provisional"}
    assert set(out) >= {"category", "route", "escalation", "knowledge", "options"}


def test_a_worried_wage_call_reads_as_it_would_to_an_operator() -> None:
    out = analyze_json(
        "老板拖欠我们三个月工资八万多块，马上过年了，孩子学费还没着落，我真的急死了，该怎么办啊"
    )
    assert out["emotion"]["primary"] == "anxiety"
    assert out["category"] == "劳动和社会保障"
    assert out["details"]["amounts"], "the amount owed is a key detail"
    due = out["deadline"]["due"]
    assert due and due[:10] > AT[:10]


def test_an_angry_repeat_caller_is_escalated_and_the_script_names_the_unit() -> None:
    out = analyze_json(
        "第四次打了！小区门口烧烤摊油烟熏得窗都不敢开，城管就是踢皮球，没人管！", "--repeat", "3"
    )
    assert out["emotion"]["primary"] == "anger"
    assert out["escalation"]["level"] in {"shift_leader", "expert"}
    lead = out["route"]["lead"]["name"]
    assert lead in out["script"]["responsibility"]


def test_a_gas_leak_is_handed_over_at_once() -> None:
    out = analyze_json("楼道里煤气味特别重，好像隔壁漏气了，敲门没人应")
    assert out["urgency"] == "emergency"
    assert out["route"]["path"] == "emergency_handover"
    assert out["handover"]["line"]


def test_jsonl_keeps_ids_and_reports_bad_lines_without_stopping() -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": "请问居住证怎么办理", "received_at": "2026-05-06T10:00:00"},
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "d", "text": ""}),
        json.dumps({"id": 5, "text": "楼下工地半夜施工太吵了"}, ensure_ascii=False),
    ]
    result = runner.invoke(app, ["analyze", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, None, "d", 5]
    assert rows[0]["appeal_kind"] == "inquiry"
    assert rows[1]["line"] == 2 and rows[1]["error"]["code"] == "bad_json"
    assert rows[2]["line"] == 3 and rows[2]["error"]["code"] == "not_object"
    assert rows[3]["error"]["code"] == "empty_text"
    assert "emotion" in rows[4]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["   "], "empty_text"),
        (["噪" * 20001], "text_too_long"),
        (["--at", "昨天", "有人乱停车"], "bad_datetime"),
    ],
)
def test_bad_input_gets_a_clear_error_not_a_traceback(args: list[str], code: str) -> None:
    result = runner.invoke(app, ["analyze", "--json", *args])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == code
    assert "Traceback" not in result.output


def test_broken_utf8_on_stdin_is_reported(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*HOTLINE, "analyze", "--json"],
        input="楼下太吵".encode() + b"\xff\xfe",
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 2
    err = json.loads(proc.stdout)["error"]
    assert err["code"] == "invalid_encoding"
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "text",
    [
        "樓下燒烤攤油煙太大，鄰居們都受不了",
        "The street light on my road is broken",
        "气死我了😡😡 物业又停水了",
        "我住在A3区 abc 小区，water 停了",
    ],
)
def test_unusual_text_still_gives_a_full_result(text: str) -> None:
    out = analyze_json(text)
    assert out["script"]["commitment"]
    assert out["restatement"]


def test_readable_report_follows_the_four_stages() -> None:
    result = runner.invoke(app, ["analyze", "--at", AT, "小区垃圾好几天没人清运，臭得不行，物业也不管"])
    assert result.exit_code == 0
    for heading in ("【一阶 倾听】", "【二阶 温度】", "【三阶 行动】"):
        assert heading in result.output
