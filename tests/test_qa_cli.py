"""QA: command-line mistakes an integrator makes get a Chinese error for that input, not silence
and not a traceback.

`hotline analyze --jsonl` analysed a line whose received_at was a number as if the call came in
now, and accepted repeat_calls: -3.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ({"id": "a", "text": "路灯坏了", "received_at": 1764300000}, "bad_datetime"),
        ({"id": "b", "text": "路灯坏了", "received_at": {"date": "2026-05-06"}}, "bad_datetime"),
        ({"id": "c", "text": "路灯坏了", "repeat_calls": -3}, "bad_repeat_calls"),
    ],
)
def test_a_wrongly_typed_field_is_reported_for_its_line(line: dict[str, object], code: str) -> None:
    ok = {"id": "ok", "text": "路灯坏了三天了", "received_at": "2026-05-06T09:30"}
    feed = json.dumps(line, ensure_ascii=False) + "\n" + json.dumps(ok, ensure_ascii=False) + "\n"
    result = runner.invoke(app, ["analyze", "--jsonl"], input=feed)
    assert result.exit_code == 0
    first, second = (json.loads(x) for x in result.output.strip().splitlines())
    assert first["id"] == line["id"] and first["line"] == 1 and first["error"]["code"] == code
    assert second["id"] == "ok" and second["received_at"].startswith("2026-05-06")


def test_a_missing_received_at_still_means_now() -> None:
    result = runner.invoke(
        app, ["analyze", "--jsonl"], input='{"id": 1, "text": "路灯坏了", "received_at": null}\n'
    )
    assert "error" not in json.loads(result.output)


@pytest.mark.parametrize(
    "at", ["2026-05-08T20:00:00Z", "2026-05-08T20:00:00+00:00", "2026-05-09T04:00:00+08:00"]
)
def test_a_zoned_call_time_is_read_in_beijing_time(at: str) -> None:
    result = runner.invoke(app, ["analyze", "昨天晚上楼下烧烤店吵到半夜", "--at", at, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["received_at"] == "2026-05-09T04:00:00"
    assert out["details"]["event_time"] == "2026-05-08T18:00"


def test_a_zoned_received_at_in_jsonl_is_read_in_beijing_time() -> None:
    line = {"id": 1, "text": "昨天晚上楼下烧烤店吵到半夜", "received_at": "2026-05-08T20:00:00Z"}
    result = runner.invoke(app, ["analyze", "--jsonl"], input=json.dumps(line, ensure_ascii=False) + "\n")
    out = json.loads(result.output)
    assert "error" not in out and out["received_at"] == "2026-05-09T04:00:00"
