"""Use-cases that both the web app and the CLI call. Thin: they wire the stages together."""

from __future__ import annotations

from datetime import datetime

from hotline.analysis import Analysis
from hotline.config import Settings
from hotline.pipeline import analyze


def analyze_call(
    text: str | None,
    *,
    received_at: datetime,
    repeat_calls: int = 0,
    settings: Settings | None = None,
) -> Analysis:
    """Listen, warmth and the routing part of act for one caller text."""
    return analyze(text, received_at=received_at, repeat_calls=repeat_calls, settings=settings)
