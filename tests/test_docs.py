"""The README cannot drift from the code: every setting and every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline.config import Settings, check_environment
from hotline.errors import HotlineError

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme(name: str) -> None:
    assert f"HOTLINE_{name.upper()}" in README


def test_readme_opens_with_the_two_commands() -> None:
    head = "\n".join(README.splitlines()[:8])
    assert "make demo" in head and "make test" in head


def test_a_misspelt_setting_stops_start_up_with_a_hint() -> None:
    with pytest.raises(HotlineError) as err:
        check_environment({"HOTLINE_HOME_CTY": "宁波市"})
    assert "HOTLINE_HOME_CITY" in err.value.message


def test_every_command_is_in_the_readme() -> None:
    import typer.main

    from hotline.cli.main import app

    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    for name in group.commands:
        assert f"`hotline {name}" in README, name
