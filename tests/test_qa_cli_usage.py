"""QA: usage mistakes on the command line are answered in Chinese with exit code 2.

`hotline analyze 文本 --repeat -1` printed "Invalid value for '--repeat': Input should be greater
than or equal to 0" in an English box; `--jsn` printed "No such option". The README promises a
Chinese message and exit code 2 for every mistake. Run as a real process: the `hotline` entry point
is what operators type.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HOTLINE = [sys.executable, "-m", "hotline.cli.main"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HOTLINE, *args], capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["analyze", "路灯坏了", "--repeat", "-1"], "--repeat 的值不对：不能小于 0"),
        (["analyze", "路灯坏了", "--repeat", "三"], "--repeat 的值不对：应为整数"),
        (["analyze", "路灯坏了", "--jsn"], "没有这个选项：--jsn"),
        (["worker", "--interval", "0"], "--interval 的值不对：不能小于 1"),
        (["user", "add", "zhangsan"], "缺少 --role"),
        (["deadline", "--from", "2026-09-30", "--days", "1", "多余"], "多余的参数"),
        (["nosuchcommand"], "没有这个命令：nosuchcommand"),
    ],
)
def test_usage_mistakes_are_explained_in_chinese(args: list[str], said: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert said in proc.stderr, proc.stderr
    assert "--help" in proc.stderr
    assert "Invalid value" not in proc.stderr and "No such" not in proc.stderr


def test_help_and_normal_runs_are_unchanged() -> None:
    assert run("--help").returncode == 0
    ok = run("deadline", "--from", "2026-09-30", "--days", "1", "--json")
    assert ok.returncode == 0 and '"due": "2026-10-08T23:59:59"' in ok.stdout
    bad = run("deadline", "--from", "明天", "--days", "1")
    assert bad.returncode == 2 and "起算时间格式不对" in bad.stderr
