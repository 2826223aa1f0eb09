"""The analysis pipeline: small named components over one shared `Analysis` record.

Like a spaCy pipeline, each component declares what it reads and writes; `COMPONENTS`
is the order they run in, and a test pins that list. Components take a `Context` with the
settings, the segmented tokens (computed once) and, when stage 3 has run, the route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from hotline.analysis import Analysis
from hotline.config import Settings, get_settings
from hotline.text import prepare


@dataclass
class Context:
    settings: Settings
    text: str
    unit_name: str | None = None  # lead unit named by routing or by the operator
    category: str | None = None
    state: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def tokens(self) -> list[str]:
        from hotline.listen.segment import cut

        return cut(self.text)


Component = Callable[[Analysis, Context], None]


@dataclass(frozen=True)
class Step:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Component


def _steps() -> list[Step]:
    from hotline.act.step import act
    from hotline.calendar.timelimits import set_deadline
    from hotline.listen.appeal import read_appeal
    from hotline.listen.details import read_details
    from hotline.listen.emergency import read_urgency
    from hotline.listen.emotion import read_emotion
    from hotline.listen.repeat import read_repeat
    from hotline.warmth.script import compose_script

    return [
        Step("urgency", ("text",), ("urgency", "handover", "hazards"), read_urgency),
        Step("emotion", ("text", "repeat_calls"), ("emotion",), read_emotion),
        # After emotion on purpose: the emotion reader already weighs the counts in the words.
        Step("repeat", ("text", "repeat_calls"), ("repeat_calls",), read_repeat),
        Step("details", ("text", "received_at"), ("details",), read_details),
        Step(
            "appeal",
            ("text", "details", "urgency"),
            ("appeal_kind", "missing", "need", "restatement"),
            read_appeal,
        ),
        Step(
            "route",
            (
                "text",
                "details",
                "appeal_kind",
                "urgency",
                "handover",
                "emotion",
                "repeat_calls",
                "received_at",
            ),
            ("extra.category", "extra.route", "extra.escalation", "extra.knowledge", "extra.options"),
            act,
        ),
        Step(
            "deadline",
            ("text", "appeal_kind", "urgency", "details", "received_at"),
            ("deadline",),
            set_deadline,
        ),
        Step(
            "script",
            ("emotion", "appeal_kind", "need", "deadline", "urgency", "handover"),
            ("script",),
            compose_script,
        ),
    ]


_PIPELINE: list[Step] | None = None


def pipeline() -> list[Step]:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = _steps()
    return _PIPELINE


def analyze(
    text: str | None,
    *,
    received_at: datetime,
    repeat_calls: int = 0,
    unit_name: str | None = None,
    settings: Settings | None = None,
) -> Analysis:
    """Run stages 1 and 2 on one caller text.

    `received_at` is the call time (naive local time, Asia/Shanghai); relative times such
    as "昨天晚上" and every deadline are computed from it, never from the wall clock.
    """
    settings = settings or get_settings()
    prepared = prepare(text, max_chars=settings.max_text_chars)
    a = Analysis(text=prepared.text, received_at=received_at, repeat_calls=max(0, int(repeat_calls)))
    a.notes.extend(prepared.notes)
    ctx = Context(settings=settings, text=prepared.text, unit_name=unit_name)
    for step in pipeline():
        step.run(a, ctx)
    return a
