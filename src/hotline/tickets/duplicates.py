"""Duplicates and repeat callers: is a new appeal the same matter as an open ticket?

Similarity is the Jaccard index of character bigrams (Chinese has no spaces; bigrams of
Han characters capture words well enough for "same problem, different wording" without a
model). Punctuation, digits and function words are dropped so phone numbers, dates and
"我想问一下" do not make two unrelated appeals look alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
# Function words and the callers' framing ("我想问…") say nothing about the matter; they split runs.
_STOP = re.compile("[我你他她它们的了是在有和就都也还很要吗呢吧啊呀哦嗯把被这那么个一想请问说]+")

# Thresholds (see docs/lifecycle.md, "Duplicates"): tuned on hand-written pairs in the tests.
SIMILAR = 0.4  # alone enough to suggest a merge
SIMILAR_SAME_PLACE = 0.12  # enough when place and category also match
REPEAT_SIMILAR = 0.25  # a caller's earlier call counts as the same matter
WINDOW = timedelta(days=30)
REPEAT_WINDOW = timedelta(days=60)


def bigrams(text: str) -> frozenset[str]:
    grams: set[str] = set()
    for run in _KEEP.findall(text or ""):
        for part in _STOP.split(run):
            if len(part) == 1:
                grams.add(part)
            grams.update(part[i : i + 2] for i in range(len(part) - 1))
    return frozenset(grams)


def similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' character bigrams, in [0, 1]."""
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


@dataclass(frozen=True)
class Candidate:
    """An open ticket that might be the same matter."""

    id: int
    number: str
    status: str
    text: str
    category: str | None
    district: str | None
    street: str | None
    same_caller: bool
    created_at: datetime

    @classmethod
    def of(cls, ticket: Any, text: str, *, caller_id: int | None) -> Candidate:
        """A stored ticket (row) as a candidate for merging with a ticket from `caller_id`."""
        return cls(
            id=ticket.id,
            number=ticket.number,
            status=ticket.status,
            text=text,
            category=ticket.category,
            district=ticket.place_district,
            street=ticket.place_street,
            same_caller=caller_id is not None and ticket.caller_id == caller_id,
            created_at=ticket.created_at,
        )


@dataclass
class Suggestion:
    id: int
    number: str
    status: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "status": self.status,
            "score": round(self.score, 3),
            "reasons": self.reasons,
        }


def _same_place(c: Candidate, district: str | None, street: str | None) -> bool:
    if street and c.street:
        return street == c.street and (not district or not c.district or district == c.district)
    return bool(district and c.district and district == c.district)


def merge_suggestions(
    text: str,
    *,
    category: str | None,
    district: str | None,
    street: str | None,
    candidates: list[Candidate],
    limit: int = 5,
) -> list[Suggestion]:
    """Open tickets worth merging with a new appeal, best first, each with its reasons in Chinese."""
    out: list[Suggestion] = []
    for c in candidates:
        sim = similarity(text, c.text)
        reasons: list[str] = []
        same_place = _same_place(c, district, street)
        same_cat = bool(category and c.category == category)
        if c.same_caller:
            reasons.append("同一来电人的未办结工单")
        if same_place and same_cat and sim >= SIMILAR_SAME_PLACE:
            reasons.append("同一地点、同一类别")
        if sim >= SIMILAR:
            reasons.append(f"诉求内容相似（{sim:.0%}）")
        if not reasons:
            continue
        score = sim + (0.5 if c.same_caller else 0.0) + (0.3 if same_place and same_cat else 0.0)
        out.append(Suggestion(c.id, c.number, c.status, score, reasons))
    out.sort(key=lambda s: (-s.score, -s.id))
    return out[:limit]


@dataclass(frozen=True)
class PriorCall:
    text: str
    received_at: datetime
    ticket_open: bool


def repeat_calls(text: str, now: datetime, prior: list[PriorCall]) -> int:
    """How many earlier calls from the same caller were about this matter.

    An earlier call counts when its ticket is still open (callers ring again to chase it,
    often in other words) or when its text is similar, within the last 60 days.
    """
    count = 0
    for p in prior:
        if now - p.received_at > REPEAT_WINDOW or p.received_at > now:
            continue
        if p.ticket_open or similarity(text, p.text) >= REPEAT_SIMILAR:
            count += 1
    return count
