"""Merge suggestions for the desks: open tickets that look like the same matter as a given one.

The ticket service offers suggestions when a ticket is registered; the shift leader also
needs them later, for tickets already open, so this asks the same question of the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.tickets import duplicates


def suggestions_for(h: Any, ticket: dict[str, Any], *, limit: int = 3) -> list[dict[str, Any]]:
    now: datetime = h.clock()
    caller = ticket.get("caller") or {}
    place = ticket.get("place") or {}
    caller_id = caller.get("id") if isinstance(caller, dict) else None
    with h.store.read() as tx:
        rows = tx.duplicate_candidates(
            since=now - duplicates.WINDOW,
            caller_id=caller_id,
            category=ticket.get("category"),
            district=place.get("district"),
            street=place.get("street"),
            limit=100,
        )
        candidates = [
            duplicates.Candidate(
                id=t.id,
                number=t.number,
                status=t.status,
                text=body,
                category=t.category,
                district=t.place_district,
                street=t.place_street,
                same_caller=caller_id is not None and t.caller_id == caller_id,
                created_at=t.created_at,
            )
            for t, body in rows
            if t.id != ticket["id"] and t.merged_into is None
        ]
    found = duplicates.merge_suggestions(
        ticket.get("text") or "",
        category=ticket.get("category"),
        district=place.get("district"),
        street=place.get("street"),
        candidates=candidates,
        limit=limit,
    )
    return [s.to_dict() for s in found]


def desk_suggestions(h: Any, *, scan: int = 30, limit: int = 8) -> list[dict[str, Any]]:
    """Pairs worth merging among the most recent open tickets, for the shift leader's desk."""
    now: datetime = h.clock()
    pairs: list[dict[str, Any]] = []
    seen: set[frozenset[int]] = set()
    with h.store.read() as tx:
        recent = tx.similar_text_candidates(since=now - duplicates.WINDOW, limit=scan)
    for ticket, text in recent:
        if ticket.status not in ("registered", "dispatched", "accepted", "returned", "reopened"):
            continue
        others = [
            duplicates.Candidate.of(t, body, caller_id=ticket.caller_id)
            for t, body in recent
            if t.id < ticket.id
        ]
        for s in duplicates.merge_suggestions(
            text,
            category=ticket.category,
            district=ticket.place_district,
            street=ticket.place_street,
            candidates=others,
            limit=1,
        ):
            key = frozenset((ticket.id, s.id))
            if key in seen:
                continue
            seen.add(key)
            pairs.append(
                {
                    "ticket": {"id": ticket.id, "number": ticket.number, "summary": ticket.summary},
                    "into": s.to_dict(),
                }
            )
        if len(pairs) >= limit:
            break
    return pairs
