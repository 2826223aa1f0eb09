"""The direction of imports: domain stages know nothing of web, database or command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hotline"
FRAMEWORKS = {"fastapi", "starlette", "sqlalchemy", "alembic", "typer", "uvicorn", "jinja2", "psycopg"}
DOMAIN = ["listen", "warmth", "act", "calendar", "analysis.py", "pipeline.py", "text.py"]


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def python_files(entry: str) -> list[Path]:
    target = SRC / entry
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


@pytest.mark.parametrize("entry", DOMAIN)
def test_domain_code_imports_no_framework(entry: str) -> None:
    offenders = {str(p.relative_to(SRC)): sorted(imported_roots(p) & FRAMEWORKS) for p in python_files(entry)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_store_talks_sql() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "store" not in p.relative_to(SRC).parts
        and imported_roots(p) & {"sqlalchemy", "alembic", "psycopg"}
    ]
    assert offenders == []
