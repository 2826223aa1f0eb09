"""Deadlines at each step of a ticket (docs/lifecycle.md, "Deadlines").

- dispatch and re-dispatch after a return: accept_by, reply_by and return_by start afresh at
  the dispatch time, from the time-limit rule for the ticket's kind, urgency and category;
- rework (重办) after an unsatisfied or unresolved visit: a new reply_by, the same rule's reply
  limit counted from the reopening;
- extension: reply_by moves by the granted working days, counted from the current reply_by;
- return visit: due `visit` working days after the reply;
- centre-side tasks (re-dispatch a returned ticket, review a routing, approve an extension,
  chase a supervised ticket) have fixed short windows below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline.config import Settings
from hotline.store.models import Ticket
from hotline.tickets import intake

REDISPATCH_WITHIN = timedelta(hours=2)
ROUTE_REVIEW_WITHIN = timedelta(hours=1)
REVIEW_WORKING_DAYS = 1  # extension approval, supervision follow-up
DUE_SOON = timedelta(hours=2)


def for_ticket(t: Ticket, start: datetime, settings: Settings, text: str | None) -> intake.Due:
    return intake.steps_due(
        appeal_kind=t.appeal_kind,
        urgency=t.urgency,
        category=t.category,
        district=t.place_district,
        text=text,
        start=start,
        settings=settings,
    )


def working_days_after(start: datetime, days: int, settings: Settings) -> tuple[datetime, bool]:
    return intake.add_working_days(start, days, settings)


def rework_reply_by(t: Ticket, now: datetime, settings: Settings, text: str | None) -> tuple[datetime, bool]:
    due = for_ticket(t, now, settings, text)
    reply_by = due.reply_by or working_days_after(now, 10, settings)[0]
    return reply_by, due.provisional


def visit_by(replied_at: datetime, visit: tuple[int, str], settings: Settings) -> datetime:
    """When the return visit is due: the rule's visit limit counted from the reply."""
    amount, unit = visit
    if unit == "hours":
        return replied_at + timedelta(hours=amount)
    if unit == "minutes":
        return replied_at + timedelta(minutes=amount)
    return working_days_after(replied_at, max(1, amount), settings)[0]


def extended(reply_by: datetime, days: int, settings: Settings) -> datetime:
    return working_days_after(reply_by, days, settings)[0]
