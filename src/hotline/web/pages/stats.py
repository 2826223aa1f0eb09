"""Figures for the manager dashboard besides the three rates: volume and trend, category mix,
status and channel mix, repeat callers.

Counted in Python over the period's tickets (one query); fine for a centre's months of tickets
in the thousands. A centre with millions would want these as grouped queries in the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hotline.privacy import mask_name, mask_phone
from hotline.store.models import Caller
from hotline.store.repo import TicketFilter
from hotline.tickets.lifecycle import STATE_ZH
from hotline.tickets.views import CHANNEL_ZH

MAX_TICKETS = 200_000


@dataclass
class Figures:
    start: date
    end: date
    total: int = 0
    by_day: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    repeat_callers: list[dict[str, Any]] = field(default_factory=list)
    emergencies: int = 0
    closed: int = 0


def figures(
    store: Any,
    *,
    start: date,
    end: date,
    unit: str | None = None,
    category: str | None = None,
    full_contact: bool = False,
) -> Figures:
    since, until = datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())
    f = Figures(start, end)
    with store.read() as tx:
        rows, total = tx.tickets(
            TicketFilter(since=since, until=until, unit=unit, category=category), limit=MAX_TICKETS
        )
        f.total = total
        days: Counter[str] = Counter()
        cats: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        channels: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        per_caller: dict[int, list[Any]] = defaultdict(list)
        for t in rows:
            days[t.created_at.date().isoformat()] += 1
            cats[(t.category or "未分类").split("/")[0]] += 1
            statuses[t.status] += 1
            channels[t.channel] += 1
            kinds[t.appeal_kind] += 1
            f.emergencies += t.urgency == "emergency"
            f.closed += t.status == "closed"
            if t.caller_id:
                per_caller[t.caller_id].append(t)
        repeaters = sorted(
            ((cid, ts) for cid, ts in per_caller.items() if len(ts) >= 2), key=lambda x: (-len(x[1]), x[0])
        )[:15]
        for cid, ts in repeaters:
            caller = tx.get(Caller, cid)
            ts.sort(key=lambda t: t.created_at)
            f.repeat_callers.append(
                {
                    "name": (caller.name if full_contact else mask_name(caller.name)) if caller else "",
                    "phone": (caller.phone if full_contact else mask_phone(caller.phone)) if caller else "",
                    "count": len(ts),
                    "open": sum(1 for t in ts if t.status not in ("closed", "merged")),
                    "last": ts[-1].created_at,
                    "categories": sorted({(t.category or "未分类").split("/")[0] for t in ts}),
                    "tickets": [(t.id, t.number) for t in ts[-3:]],
                }
            )
    d = start
    while d <= end:
        f.by_day.append((d.isoformat(), days.get(d.isoformat(), 0)))
        d += timedelta(days=1)
    f.by_category = cats.most_common()
    f.by_status = [(STATE_ZH.get(s, s), n) for s, n in statuses.most_common()]
    f.by_channel = [(CHANNEL_ZH.get(c, c), n) for c, n in channels.most_common()]
    from hotline.analysis import APPEAL_KIND_ZH

    f.by_kind = [(APPEAL_KIND_ZH.get(k, k), n) for k, n in kinds.most_common()]
    return f
