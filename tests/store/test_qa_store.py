"""QA: a database that cannot be reached or is not a database gives a Chinese error, not a traceback.

`hotline worker --once --db …` against a stopped PostgreSQL server, or `--db` pointing at a file
that is not a SQLite database, printed a SQLAlchemy traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.cli.main import app
from hotline.errors import HotlineError
from hotline.store.db import Store

runner = CliRunner()


def _not_a_database(tmp_path: Path) -> str:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库，是一份交接班记录\n" * 50, encoding="utf-8")
    return f"sqlite:///{path}"


def test_a_file_that_is_not_a_database_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(HotlineError) as err:
        Store.open(_not_a_database(tmp_path), migrate=True)
    assert err.value.code == "database_unavailable"
    assert "不是" in err.value.message and "SQLite" in err.value.message


def test_an_unreachable_server_is_refused_in_chinese_without_the_password() -> None:
    with pytest.raises(HotlineError) as err:
        Store.open("postgresql+psycopg://hotline:s3cret@127.0.0.1:1/hotline", migrate=True)
    assert err.value.code == "database_unavailable"
    assert err.value.status == 503
    assert "s3cret" not in err.value.message
    assert "127.0.0.1:1/hotline" in err.value.message


@pytest.mark.parametrize(
    "args",
    [
        ["worker", "--once"],
        ["db", "upgrade"],
        ["tickets", "export", "{tmp}/out.csv"],
    ],
)
def test_the_cli_exits_with_status_2_and_a_message(tmp_path: Path, args: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, [*args, "--db", _not_a_database(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "无法打开数据库" in result.output
