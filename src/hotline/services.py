"""Use-cases that both the web app and the CLI call. Thin: they wire the stages together."""

from __future__ import annotations

from datetime import datetime

from hotline.analysis import Analysis
from hotline.pipeline import analyze


def analyze_call(text: str | None, *, received_at: datetime, repeat_calls: int = 0) -> Analysis:
    """Listen and warmth for one caller text (stages 1 and 2)."""
    return analyze(text, received_at=received_at, repeat_calls=repeat_calls)
