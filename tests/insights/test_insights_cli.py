"""The insights commands: hotspots from a CSV, warnings backtest, inspect, handbook and reply scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()
TRANSCRIPTS = Path(__file__).parent / "transcripts"

MESSAGES = """message_id,title,detail,time,likes
1,A3区翠湖花园小区楼下烧烤店油烟扰民,每天晚上油烟很大,2026-03-02 20:00:00,2
2,翠湖花园小区临街烧烤店每晚油烟呛人,窗户不敢开,2026-03-03 21:00:00,0
3,投诉A3区翠湖花园烧烤摊油烟噪音扰民到凌晨,一直到凌晨两点,2026-03-04 22:00:00,5
4,咨询A市公积金贷款额度怎么计算,想买房,2026-03-05 10:00:00,0
"""

REPLIES = """message_id,title,detail,time,reply,reply_time
1,A3区翠湖花园烧烤店油烟扰民,每天晚上油烟很大,2026-03-02 20:00:00,经A3区城市管理局执法中队3月5日现场核查，已责令整改。,2026-03-09 10:00:00
2,翠湖花园小区烧烤店油烟呛人,窗户不敢开,2026-03-03 21:00:00,已转交相关单位。,2026-03-20 10:00:00
"""


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hotspots_from_a_csv_as_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["insights", "hotspots", "--csv", str(_file(tmp_path, "m.csv", MESSAGES)), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["total_messages"] == 4
    assert out["hotspots"][0]["message_ids"] == ["1", "2", "3"]
    assert "翠湖花园" in out["hotspots"][0]["label"]


def test_hotspots_readable_output_lists_rank_heat_and_label(tmp_path: Path) -> None:
    result = runner.invoke(app, ["insights", "hotspots", "--csv", str(_file(tmp_path, "m.csv", MESSAGES))])
    assert result.exit_code == 0
    assert "热度" in result.output and "翠湖花园" in result.output


def test_a_bad_csv_exits_2_with_the_line_in_chinese(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.csv", "message_id,title,detail,time,likes\n1,标题,详情,不是时间,0\n")
    result = runner.invoke(app, ["insights", "hotspots", "--csv", str(bad)])
    assert result.exit_code == 2
    assert "第 2 行" in result.output


def test_hotspots_without_a_csv_and_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotline.config import get_settings

    monkeypatch.setenv("HOTLINE_DATABASE_URL", f"sqlite:///{(tmp_path / 'none.db').as_posix()}")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["insights", "hotspots"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2 and "工单库" in result.output


def test_warnings_backtest_reports_detection_and_false_alarms() -> None:
    result = runner.invoke(app, ["insights", "warnings", "--backtest", "--weeks", "9", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["backtest"]["surges"] > 0 and "false_alarms_per_week" in out["backtest"]


def test_inspect_prints_stage_scores_and_findings() -> None:
    result = runner.invoke(app, ["inspect", str(TRANSCRIPTS / "bad_02_buck_passing.json")])
    assert result.exit_code == 0, result.output
    assert "总分" in result.output and "不归我们管" in result.output and "第 3 句" in result.output


def test_inspect_json_has_stages_findings_and_total() -> None:
    result = runner.invoke(app, ["inspect", str(TRANSCRIPTS / "good_01_cooking_fumes.json"), "--json"])
    out = json.loads(result.output)
    assert set(out["stages"]) == {"listen", "warmth", "act", "loop"} and out["total"] >= 80


def test_inspect_several_calls_adds_a_per_operator_summary(tmp_path: Path) -> None:
    turns = json.loads((TRANSCRIPTS / "bad_01_vague_promise.json").read_text(encoding="utf-8"))
    tagged = _file(
        tmp_path, "c.json", json.dumps({"operator": "坐席 07", "turns": turns}, ensure_ascii=False)
    )
    result = runner.invoke(app, ["inspect", str(tagged), str(TRANSCRIPTS / "good_05_bus_route.json")])
    assert result.exit_code == 0
    assert "按坐席汇总" in result.output and "坐席 07" in result.output and "最需加强" in result.output


def test_replies_score_prints_each_reply_with_reasons(tmp_path: Path) -> None:
    result = runner.invoke(app, ["replies", "score", "--csv", str(_file(tmp_path, "r.csv", REPLIES))])
    assert result.exit_code == 0, result.output
    assert "共 2 条答复" in result.output and "完整" in result.output


def test_handbook_from_the_replies_csv(tmp_path: Path) -> None:
    out = tmp_path / "手册.md"
    result = runner.invoke(
        app, ["handbook", "--csv", str(_file(tmp_path, "r.csv", REPLIES)), "--format", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# 热线诉求处置手册")
