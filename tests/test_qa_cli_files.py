"""QA: pointing a command at a directory, or writing where nothing can be written, is a Chinese
error with exit code 2 — `eval emotion --data DIR`, `inspect DIR`, `tickets export DIR` and
`handbook -o` into a place that cannot exist all printed IsADirectoryError/FileNotFoundError
tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "emotion", "--data", "{dir}"],
        ["inspect", "{dir}"],
        ["tickets", "export", "{dir}", "--db", "sqlite:///{tmp}/h.db"],
        ["tickets", "export", "{file}/out.csv", "--db", "sqlite:///{tmp}/h.db"],
    ],
)
def test_a_directory_or_an_impossible_path_is_a_chinese_error(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "calls.csv"
    folder.mkdir()
    plain = tmp_path / "note.txt"
    plain.write_text("x", encoding="utf-8")
    args = [a.format(dir=folder, tmp=tmp_path, file=plain) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "无法读写" in result.output
