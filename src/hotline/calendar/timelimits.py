"""The time-limit catalogue (时限目录) and the pipeline component that sets an appeal's deadline.

Limits are data (`data/timelimits/default.yaml`, or the file named by the `time_limits`
setting): rules keyed by appeal kind, urgency, category, district and keywords, each giving
the limit of every ticket step (签收, 答复, 退单, 延期, 反馈, 回访) with its source. The most
specific matching rule wins — see `Match.specificity` and docs/time-limits.md.
Ticket code reuses `limit_for` and `steps_due`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from hotline.analysis import Deadline
from hotline.calendar.workdays import WorkCalendar, default_calendar, local
from hotline.errors import HotlineError, InputError

if TYPE_CHECKING:
    from hotline.analysis import Analysis
    from hotline.config import Settings
    from hotline.pipeline import Context

Unit = Literal["minutes", "hours", "working_days"]
UNIT_ZH: dict[str, str] = {"minutes": "分钟", "hours": "小时", "working_days": "个工作日"}

URGENCY_ZH: dict[str, str] = {"emergency": "紧急", "urgent": "较急", "normal": "一般"}
LEVEL1_CATEGORIES: tuple[str, ...] = (
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "商贸旅游",
    "卫生计生",
    "环境保护",
    "交通运输",
)
# Category paths arrive as "城乡建设/物业管理" or "城乡建设 › 物业管理 › 电梯".
CATEGORY_SPLIT = re.compile(r"\s*[/›>|·]\s*")


def category_path(category: str | None) -> tuple[str, ...]:
    if not category:
        return ()
    return tuple(part for part in CATEGORY_SPLIT.split(category.strip()) if part)


@dataclass(frozen=True)
class Span:
    """One step's limit: an amount of minutes, clock hours or working days."""

    amount: int
    unit: Unit
    source: str  # the sentence that justifies the number
    source_id: str = ""

    def due(self, start: datetime, calendar: WorkCalendar) -> tuple[datetime, bool]:
        if self.unit == "working_days":
            return calendar.add_working_days(start, self.amount)
        if self.unit == "hours":
            return calendar.add_hours(start, self.amount), False
        return calendar.add_minutes(start, self.amount), False

    def zh(self) -> str:
        return f"{self.amount}{UNIT_ZH[self.unit]}"


@dataclass(frozen=True)
class Feedback:
    """When the operator reports back to the caller: hour of the kth working day, or N clock hours."""

    source: str
    working_day: int | None = None
    hour: int | None = None  # None: the `feedback_hour` setting
    hours: int | None = None
    source_id: str = ""

    def zh(self, feedback_hour: int = 12) -> str:
        if self.hours is not None:
            return f"{self.hours}小时内"
        hour = self.hour if self.hour is not None else feedback_hour
        return f"第{self.working_day}个工作日{hour}点前"


@dataclass(frozen=True)
class TimeLimit:
    """The limits of every step of one kind of ticket, with the rule that chose them."""

    rule: str
    label: str
    accept: Span  # 签收
    reply: Span  # 办结答复
    return_window: Span  # 退单 allowed within
    extension_max: Span  # 延期 at most
    feedback: Feedback  # 向来电人反馈
    visit: Span  # 回访, counted from the reply

    @property
    def source(self) -> str:
        """Source of the headline number (the reply limit)."""
        return self.reply.source

    @property
    def working_days(self) -> int | None:
        return self.reply.amount if self.reply.unit == "working_days" else None

    @property
    def hours(self) -> int | None:
        return self.reply.amount if self.reply.unit == "hours" else None


class StepsDue(TypedDict):
    accept_by: datetime
    reply_by: datetime
    feedback_by: datetime
    return_by: datetime
    visit_by: datetime  # latest return visit if the unit replies at the last moment
    provisional: bool  # any of accept/reply/feedback/return used an estimated calendar year
    visit_provisional: bool


@dataclass(frozen=True)
class Match:
    """The conditions of one rule; None means "any"."""

    appeal_kinds: frozenset[str] | None = None
    urgencies: frozenset[str] | None = None
    categories: tuple[tuple[str, ...], ...] | None = None
    districts: frozenset[str] | None = None
    keywords: tuple[str, ...] | None = None

    @property
    def specificity(self) -> int:
        """Higher wins. Urgency outranks everything (an emergency is never a 15-day ticket),
        then keywords (水电气热), then the jurisdiction's own rule, category, appeal kind."""
        return (
            16 * (self.urgencies is not None)
            + 8 * (self.keywords is not None)
            + 4 * (self.districts is not None)
            + 2 * (self.categories is not None)
            + (self.appeal_kinds is not None)
        )

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _keyword_pattern(self.keywords) if self.keywords else None

    def matches(
        self,
        appeal_kind: str,
        urgency: str,
        category: tuple[str, ...],
        district: str | None,
        text: str | None,
    ) -> bool:
        if self.appeal_kinds is not None and appeal_kind not in self.appeal_kinds:
            return False
        if self.urgencies is not None and urgency not in self.urgencies:
            return False
        if self.districts is not None and district not in self.districts:
            return False
        if self.categories is not None and not any(category[: len(c)] == c for c in self.categories):
            return False
        if self.keywords is not None:
            pattern = self.pattern
            return bool(text and pattern is not None and pattern.search(text))
        return True


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _PATTERNS.get(keywords)
    if pattern is None:
        # Longest first so the alternation prefers the fuller phrase; compiled once per rule.
        alts = sorted(set(keywords), key=len, reverse=True)
        pattern = _PATTERNS[keywords] = re.compile("|".join(map(re.escape, alts)))
    return pattern


@dataclass(frozen=True)
class Rule:
    match: Match
    limit: TimeLimit
    order: int  # position in the file, breaks ties between equally specific rules


class TimeLimitCatalogue:
    """A validated set of time-limit rules; `limit_for` picks the most specific match."""

    def __init__(
        self, profile: str, title: str, rules: list[Rule], sources: dict[str, str], path: str
    ) -> None:
        self.profile = profile
        self.title = title
        self.sources = sources
        self.path = path
        self.rules = sorted(rules, key=lambda r: (-r.match.specificity, r.order))

    @classmethod
    def load(cls, path: Path | None = None) -> TimeLimitCatalogue:
        """The built-in default profile, or the YAML file at `path` (validated, Chinese errors)."""
        from hotline.calendar.timelimits_load import load_catalogue

        return load_catalogue(path)

    def limit_for(
        self,
        appeal_kind: str,
        urgency: str = "normal",
        category: str | None = None,
        district: str | None = None,
        text: str | None = None,
    ) -> TimeLimit:
        """The limits for one appeal; `text` is searched for keyword rules (停水、停电…)."""
        path = category_path(category)
        for rule in self.rules:
            if rule.match.matches(appeal_kind, urgency, path, district, text):
                return rule.limit
        raise InputError(
            "no_time_limit",
            f"时限目录 {self.path} 中没有适用于诉求类型 {appeal_kind!r}、紧急程度 {urgency!r} 的规则",
            appeal_kind=appeal_kind,
            urgency=urgency,
        )

    @staticmethod
    def steps_due(
        limit: TimeLimit, start: datetime, calendar: WorkCalendar, *, feedback_hour: int = 12
    ) -> StepsDue:
        """When each step falls due for a ticket that starts at `start` (naive local time).

        The feedback promised to the caller is never later than the reply deadline.
        """
        start = local(start)
        accept_by, p1 = limit.accept.due(start, calendar)
        reply_by, p2 = limit.reply.due(start, calendar)
        return_by, p3 = limit.return_window.due(start, calendar)
        fb = limit.feedback
        p4 = False
        if fb.hours is not None:
            feedback_by = calendar.add_hours(start, fb.hours)
        else:
            assert fb.working_day is not None
            k = fb.working_day
            if limit.reply.unit == "working_days":
                k = max(1, min(k, limit.reply.amount))
            hour = fb.hour if fb.hour is not None else feedback_hour
            feedback_by, p4 = calendar.next_workday_at(start, k, hour)
        feedback_by = min(feedback_by, reply_by)
        visit_by, p5 = limit.visit.due(reply_by, calendar)
        return StepsDue(
            accept_by=accept_by,
            reply_by=reply_by,
            feedback_by=feedback_by,
            return_by=return_by,
            visit_by=visit_by,
            provisional=p1 or p2 or p3 or p4,
            visit_provisional=p5,
        )


# --- process-wide default and the pipeline component ---------------------------------------

_CATALOGUES: dict[str, TimeLimitCatalogue] = {}


def default_catalogue(settings: Settings | None = None) -> TimeLimitCatalogue:
    """The catalogue named by the `time_limits` setting (built-in default when unset), loaded once."""
    if settings is None:
        from hotline.config import get_settings

        settings = get_settings()
    path = settings.time_limits
    key = os.path.abspath(path) if path else ""
    cat = _CATALOGUES.get(key)
    if cat is None:
        cat = _CATALOGUES[key] = TimeLimitCatalogue.load(path)
    return cat


def reset_default_catalogue() -> None:
    _CATALOGUES.clear()


def set_deadline(a: Analysis, ctx: Context) -> None:
    """Pipeline component: fill `a.deadline` from the catalogue and the working-day calendar."""
    settings = ctx.settings
    limit = default_catalogue(settings).limit_for(
        a.appeal_kind, a.urgency, ctx.category, a.details.address.district, a.text
    )
    deadline = Deadline(
        working_days=limit.working_days,
        hours=limit.hours,
        rule=limit.rule,
        source=limit.source,
    )
    try:
        due = TimeLimitCatalogue.steps_due(
            limit, a.received_at, default_calendar(settings), feedback_hour=settings.feedback_hour
        )
    except HotlineError as err:
        # A call dated outside every known calendar year: keep the limit, say why there is no date.
        if err.code != "calendar_year_unknown":
            raise
        a.notes.append(err.message)
        a.deadline = deadline
        return
    deadline.due = due["reply_by"].isoformat(timespec="seconds")
    deadline.feedback_by = due["feedback_by"].isoformat(timespec="seconds")
    deadline.provisional = due["provisional"]
    a.deadline = deadline
