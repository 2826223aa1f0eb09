"""`hotline lint`: the readable report, --json, and --jsonl with per-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()

BAD_REPLY = "应该明天能回复您，这个不归我们管，你去找物业吧，就这样吧。"
GOOD_REPLY = (
    "理解您的心情。您反映的是电梯停运的问题，对吗？这件事由西湖区市场监管局负责，"
    "我现在就为您转办，并跟踪办理进度，11月30日（周一）12:00前给您回电。"
)


def test_the_report_marks_each_problem_in_the_text_and_says_how_to_fix_it() -> None:
    result = runner.invoke(app, ["lint", BAD_REPLY])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "【应该】" in out and "〖你去找物业〗" in out and "「就这样吧」" in out
    assert "改为：明天（〔具体日期〕）〔具体时间〕前回复您" in out
    assert "由物业负责" in out
    assert "需要修改" in out


def test_a_good_reply_is_reported_as_usable_with_its_four_moves() -> None:
    out = runner.invoke(app, ["lint", GOOD_REPLY]).output
    assert "模糊用语：无" in out and "推诿：无" in out and "不耐烦：无" in out
    assert "复述确认 ✓" in out and "行动承诺 ✓" in out
    assert "可以使用" in out


def test_json_output_has_the_contract_fields() -> None:
    result = runner.invoke(app, ["lint", "--json", BAD_REPLY])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["text"] == BAD_REPLY
    assert data["vague"][0] == {
        **data["vague"][0],
        "word": "应该",
        "start": 0,
        "end": 2,
    }
    assert [b["text"] for b in data["buck_passing"]] == ["不归我们管", "你去找物业"]
    assert data["impatience"][0]["text"] == "就这样吧"
    assert data["moves"] == {
        "restatement": False,
        "acceptance": False,
        "responsibility": False,
        "commitment": False,
    }
    assert data["ok"] is False


def test_text_can_come_from_stdin() -> None:
    result = runner.invoke(app, ["lint", "--json", "-"], input="我们会尽快处理".encode())
    assert json.loads(result.output)["vague"][0]["word"] == "尽快"


def test_empty_text_is_a_clear_error_not_a_traceback() -> None:
    result = runner.invoke(app, ["lint", "--json", "  "])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "empty_text"
    plain = runner.invoke(app, ["lint", "  "])
    assert plain.exit_code == 2 and "错误" in plain.output and "Traceback" not in plain.output


def test_jsonl_keeps_ids_and_turns_each_bad_line_into_an_error_for_that_line() -> None:
    lines = [
        json.dumps({"id": "a1", "text": "大概三天左右给您答复"}, ensure_ascii=False),
        "[1, 2]",
        "{not json",
        json.dumps({"id": 7}),
        json.dumps({"id": "blank", "text": "   "}),
        "",
        json.dumps({"id": "a2", "text": GOOD_REPLY}, ensure_ascii=False),
    ]
    result = runner.invoke(app, ["lint", "--jsonl"], input=("\n".join(lines) + "\n").encode())
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a1", None, None, 7, "blank", "a2"]
    assert [w["word"] for w in out[0]["vague"]] == ["大概", "左右"]
    assert out[1]["line"] == 2 and out[1]["error"]["code"] == "not_object"
    assert out[2]["line"] == 3 and out[2]["error"]["code"] == "bad_json"
    assert out[3]["line"] == 4 and out[3]["error"]["code"] == "missing_text"
    assert out[4]["line"] == 5 and out[4]["error"]["code"] == "empty_text"
    assert out[5]["ok"] is True and all(out[5]["moves"].values())


def test_jsonl_survives_a_line_that_is_not_utf8() -> None:
    raw = b'{"id": 1, "text": "\xff\xfe"}\n' + json.dumps({"id": 2, "text": "好的"}).encode() + b"\n"
    out = [
        json.loads(line) for line in runner.invoke(app, ["lint", "--jsonl"], input=raw).output.splitlines()
    ]
    assert out[0]["error"]["code"] == "invalid_encoding" and out[0]["line"] == 1
    assert out[1]["id"] == 2 and out[1]["ok"] is True
