"""QA: `hotline model train --out FILE` trained for twenty seconds and then died with
FileExistsError; the output place is now checked first."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()


def test_training_into_a_file_is_refused_before_training(tmp_path: Path) -> None:
    target = tmp_path / "models.txt"
    target.write_text("不是目录", encoding="utf-8")
    result = runner.invoke(
        app, ["model", "train", "--only", "emotion", "--data", str(tmp_path), "--out", str(target)]
    )
    assert result.exit_code == 2
    assert "不是目录" in result.output
    assert "Traceback" not in result.output


def test_a_refused_run_leaves_no_directory_behind(tmp_path: Path) -> None:
    out = tmp_path / "new" / "models"
    result = runner.invoke(
        app, ["model", "train", "--only", "emotion", "--data", str(tmp_path), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()
