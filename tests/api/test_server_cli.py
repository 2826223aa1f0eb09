"""The server-side commands: db upgrade, user add, tickets import/export, worker --once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from hotline.cli.main import app
from hotline.store.db import Store
from hotline.store.models import Ticket, User
from hotline.tickets.testing import seed_units

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store.open(url, migrate=True)
    seed_units(store)
    store.dispose()
    return url


def count(url: str, model: type) -> int:
    store = Store.open(url)
    with store.read() as tx:
        n = tx.count(model)
    store.dispose()
    return n


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'new.db'}"])
    assert result.exit_code == 0, result.output
    assert "最新结构" in result.output and "0001" in result.output


def test_user_add_reads_the_password_from_stdin(db: str) -> None:
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "zhangsan",
            "--role",
            "unit_handler",
            "--unit",
            "T-ZJ",
            "--password-stdin",
            "--db",
            db,
        ],
        input="s3cret-pass\n",
    )
    assert result.exit_code == 0, result.output
    assert "zhangsan" in result.output and "承办单位人员" in result.output
    assert count(db, User) == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["op", "--role", "operator"], "", "--password-stdin"),
        (["op", "--role", "boss", "--password-stdin"], "s3cret-pass\n", "未知角色"),
        (["op", "--role", "unit_handler", "--password-stdin"], "s3cret-pass\n", "--unit"),
        (["op", "--role", "unit_handler", "--unit", "NOPE", "--password-stdin"], "s3cret-pass\n", "NOPE"),
        (["op", "--role", "operator", "--password-stdin"], "short\n", "至少 8 位"),
    ],
)
def test_user_add_refuses_bad_input_with_a_reason(db: str, args: list[str], stdin: str, message: str) -> None:
    result = runner.invoke(app, ["user", "add", *args, "--db", db], input=stdin)
    assert result.exit_code == 2
    assert message in result.output
    assert count(db, User) == 0


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows([["受理时间", "诉求内容", "来电人", "联系电话", "主办单位", "外部编号"], *rows])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


GOOD = [
    [
        "2026-11-20 09:15",
        "西湖区文三路夜间施工噪音扰民，凌晨两点还在打桩",
        "李女士",
        "13900001111",
        "T-CG",
        "W-1",
    ],
    ["2026-11-21 14:30", "小区门口共享单车乱停乱放，堵住了消防通道", "赵先生", "13900002222", "T-JD", "W-2"],
]


def test_import_refuses_a_file_with_any_bad_row_and_names_the_lines(db: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    write_csv(path, [*GOOD, ["昨天", "", "钱先生", "12", "T-XX", "W-3"]])
    result = runner.invoke(app, ["tickets", "import", str(path), "--db", db])
    assert result.exit_code == 2
    assert "第 4 行" in result.output and "未导入任何工单" in result.output
    assert "受理时间" in result.output and "诉求内容为空" in result.output
    assert count(db, Ticket) == 0


def test_import_then_export_round_trip_and_reimport_skips(db: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    write_csv(path, GOOD)
    result = runner.invoke(app, ["tickets", "import", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "已导入 2 张工单" in result.output
    again = runner.invoke(app, ["tickets", "import", str(path), "--db", db])
    assert "已导入 0 张工单" in again.output and "跳过已导入过的 2 行" in again.output
    assert count(db, Ticket) == 2

    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["tickets", "export", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("工单号", "受理时间", "渠道")
    header = list(rows[0])
    phones = {r[header.index("联系电话")] for r in rows[1:]}
    assert phones == {"139****1111", "139****2222"}  # masked unless --personal
    units = {r[header.index("主办单位")] for r in rows[1:]}
    assert units == {"T-CG", "T-JD"}

    full = tmp_path / "full.csv"
    result = runner.invoke(app, ["tickets", "export", str(full), "--personal", "--db", db])
    assert result.exit_code == 0
    text = full.read_bytes().decode("utf-8-sig")
    assert "13900001111" in text and "李女士" in text


def test_worker_once_prints_what_it_did(db: str) -> None:
    result = runner.invoke(app, ["worker", "--once", "--db", db])
    assert result.exit_code == 0, result.output
    assert '"overdue_tickets": 0' in result.output
