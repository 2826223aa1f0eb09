"""QA: `hotline insights warnings --csv` with a file saved by Excel on Chinese Windows (GBK) or a
directory gave a UnicodeDecodeError / IsADirectoryError traceback instead of a Chinese error."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()


def test_a_gbk_events_file_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes("id,problem,place,time\n1,积水,翠苑街道,2026-07-01 08:00\n".encode("gbk"))
    result = runner.invoke(app, ["insights", "warnings", "--csv", str(path)])
    assert result.exit_code == 2
    assert "UTF-8" in result.output and "Traceback" not in result.output


def test_a_directory_is_refused_in_chinese(tmp_path: Path) -> None:
    result = runner.invoke(app, ["insights", "warnings", "--csv", str(tmp_path)])
    assert result.exit_code == 2
    assert "目录" in result.output
