"""Pain points and hotspots: group the messages of a period into problems, rank them by heat.

A problem is "the same issue at the same place, or for the same group of people". Messages are
compared by character n-gram TF-IDF cosine (robust to Chinese wording and needs no segmentation),
and the similarity is scaled by place agreement: naming the same estate, village, road or school
raises it, naming different districts lowers it, and messages far apart in time count less.
Average-linkage clustering on that similarity groups the messages; each group gets a heat index
(`heat.py`), a short Chinese title (place + problem words) and a few typical cases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hotline.errors import InputError
from hotline.loop.insights.heat import Heat, concentration, growth, heat_index, trend_word
from hotline.loop.insights.labels import Labeller
from hotline.loop.insights.lexicon import insight_lexicon
from hotline.loop.insights.places import Places, extract
from hotline.loop.insights.records import Message
from hotline.loop.insights.similarity import ADMIN_CODE, Similarity, SimilarityOptions, normalise, similarity


@dataclass(frozen=True)
class HotspotOptions:
    """Knobs of the miner; the defaults were tuned by reading clusters of the tipdm corpus."""

    threshold: float = 0.17  # average similarity a cluster must keep (1 − linkage distance)
    merge: float = 0.45  # title-centroid cosine above which two compatible clusters are one problem
    min_messages: int = 2
    min_callers: int = 2  # one person posting many times is a repeat caller, not a hotspot
    typical: int = 3
    duplicate: float = 0.85  # similarity above which two messages are the same text reposted
    similarity: SimilarityOptions = field(default_factory=SimilarityOptions)


@dataclass
class TypicalCase:
    id: str
    title: str
    time: str | None
    likes: int
    excerpt: str


@dataclass
class Hotspot:
    rank: int
    label: str  # "A市A5区魅力之城小区 临街门面油烟扰民"
    place: str
    problem: str
    heat: float
    heat_parts: dict[str, float]
    messages: int
    callers: int
    likes: int
    severity: float
    growth: float
    trend: str  # 上升 / 平稳 / 下降
    first: str | None
    last: str | None
    message_ids: list[str]
    cases: list[TypicalCase] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HotspotReport:
    period: tuple[str | None, str | None]
    total_messages: int
    clusters: int  # groups of two or more messages, before the caller filter
    hotspots: list[Hotspot]
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period[0], "to": self.period[1]},
            "total_messages": self.total_messages,
            "clusters": self.clusters,
            "hotspots": [h.to_dict() for h in self.hotspots],
        }


@lru_cache(maxsize=1)
def _severity_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = insight_lexicon().severity
    high = re.compile("|".join(re.escape(w) for w in sorted(lex["high"], key=len, reverse=True)))
    medium = re.compile("|".join(re.escape(w) for w in sorted(lex["medium"], key=len, reverse=True)))
    return high, medium


def severity(text: str) -> float:
    """1 for safety, health, money lost or many people; 0.5 for nuisance and vulnerable people."""
    high, medium = _severity_patterns()
    if high.search(text):
        return 1.0
    if medium.search(text):
        return 0.5
    return 0.0


def problem_words(title: str, places: Places) -> list[str]:
    """Words of a title that say what the problem is: no admin codes, place names or filler words."""
    from hotline.listen.segment import cut

    fillers = _fillers()
    names = [q.name for q in places.named]
    out = []
    glue = ""
    for tok in cut(ADMIN_CODE.sub(" ", normalise(title))):
        if _NUMBER.match(tok):
            glue = tok  # "58" + "车贷" → "58车贷": numbers name things (lines, platforms, buildings)
            continue
        word, glue = glue + tok, ""
        if len(tok) < 2 or tok in fillers or _JUNK.match(tok) or any(tok in n for n in names):
            continue
        out.append(word)
    return out


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    return frozenset(insight_lexicon().title_fillers)


_JUNK = re.compile(r"^[\W\d_]+$")
_NUMBER = re.compile(r"^[0-9A-Za-z]+$")


def _cluster(sim: NDArray[np.float32], threshold: float) -> NDArray[np.int_]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = sim.shape[0]
    if n == 1:
        return np.array([1])
    dist = 1.0 - sim.astype(np.float64)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2.0
    tree = linkage(squareform(dist, checks=False), method="average")
    labels: NDArray[np.int_] = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return labels


def _merge(
    labels: NDArray[np.int_], found: Similarity, chosen: Sequence[Message], limit: float
) -> list[list[int]]:
    """Join clusters whose title centroids say the same thing and whose places do not disagree.

    Average linkage keeps clusters tight, so one problem written up in long, different letters
    ("58车贷" by a dozen victims) can end in several pieces; their titles still share the name.
    """
    from scipy import sparse

    members: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        members.setdefault(int(lab), []).append(i)
    groups = list(members.values())
    g = len(groups)
    if g < 2:
        return groups
    n = len(chosen)
    rows = [i for idx in groups for i in idx]
    cols = [k for k, idx in enumerate(groups) for _ in idx]
    member = sparse.csr_matrix((np.ones(n, dtype=np.float32), (rows, cols)), shape=(n, g))
    centroid = member.T @ found.problems
    norms = np.sqrt(np.asarray(centroid.multiply(centroid).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    centroid = sparse.diags(1.0 / norms) @ centroid
    cos = (centroid @ centroid.T).toarray()
    np.fill_diagonal(cos, 0.0)
    pairs = np.argwhere(np.triu(cos >= limit))
    if len(pairs) == 0:
        return groups
    differ = member.T @ (member.T @ found.differ.astype(np.float32)).T
    sizes = np.array([len(idx) for idx in groups], dtype=np.float32)
    stamps = [m.time.timestamp() / 86400 if m.time else None for m in chosen]
    days = np.array([np.median([d for i in idx if (d := stamps[i]) is not None] or [0.0]) for idx in groups])
    parent = list(range(g))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in sorted(pairs.tolist(), key=lambda p: -cos[p[0], p[1]]):
        if sizes[a] + sizes[b] < 3:
            continue  # two lone messages alike in wording only are left to the linkage step
        if differ[a, b] / (sizes[a] * sizes[b]) >= 0.5 or abs(days[a] - days[b]) > 365:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    merged: dict[int, list[int]] = {}
    for k, idx in enumerate(groups):
        merged.setdefault(root(k), []).extend(idx)
    return [sorted(idx) for idx in merged.values()]


def _dedupe_groups(idx: list[int], sim: NDArray[np.float32], limit: float) -> list[list[int]]:
    """Near-identical messages in a cluster (one text reposted) form one group."""
    groups: list[list[int]] = []
    for i in idx:
        for g in groups:
            if sim[i, g[0]] >= limit:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(sep=" ", timespec="seconds") if t else None


def _excerpt(m: Message, chars: int = 80) -> str:
    text = m.detail or m.title
    return text if len(text) <= chars else text[:chars] + "…"


def mine(
    messages: Sequence[Message],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    top: int | None = None,
    options: HotspotOptions | None = None,
) -> HotspotReport:
    """Group messages of [start, end] into problems and rank them by heat (hottest first)."""
    import time as _time

    began = _time.perf_counter()
    opts = options or HotspotOptions()
    chosen = [
        m
        for m in messages
        if (start is None or (m.time is not None and m.time >= start))
        and (end is None or (m.time is not None and m.time <= end))
    ]
    if not chosen:
        raise InputError("no_messages", "所选时间段内没有留言，无法分析热点")
    times = [m.time for m in chosen if m.time]
    period_end = end or (max(times) if times else None)
    period_start = start or (min(times) if times else None)
    if len(chosen) == 1:
        labels = np.array([1])
        sim = np.ones((1, 1), dtype=np.float32)
        places = [_places_of(chosen[0])]
        groups = [[0]]
    else:
        places = [_places_of(m) for m in chosen]
        found = similarity(chosen, places, opts.similarity)
        sim = found.matrix
        labels = _cluster(sim, opts.threshold)
        groups = _merge(labels, found, chosen, opts.merge)
    groups = [idx for idx in groups if len(idx) >= opts.min_messages]
    # Only clustered messages need their title words (for labels); segmenting the rest is waste.
    clustered = {i for idx in groups for i in idx}
    tokens = [
        problem_words(m.title, p) if i in clustered else []
        for i, (m, p) in enumerate(zip(chosen, places, strict=True))
    ]

    window = timedelta(days=7)
    if period_start and period_end:
        window = timedelta(days=min(30, max(7, (period_end - period_start).days // 4)))
    labeller = Labeller([m.title for m in chosen], tokens, places)
    out: list[Hotspot] = []
    for idx in groups:
        dup_groups = _dedupe_groups(idx, sim, opts.duplicate)
        callers_known = [chosen[i].caller for i in idx if chosen[i].caller]
        # Distinct callers when every message has a caller id; otherwise distinct texts.
        callers = len(set(callers_known)) if len(callers_known) == len(idx) else len(dup_groups)
        if callers < opts.min_callers:
            continue
        ts = [t for i in idx if (t := chosen[i].time) is not None]
        likes = sum(chosen[i].likes for i in idx)
        sev = float(np.mean([severity(chosen[i].text[:400]) for i in idx]))
        g = growth(ts, end=period_end, window=window) if period_end else 0.0
        heat: Heat = heat_index(
            callers=callers,
            messages=len(idx),
            likes=likes,
            severity=sev,
            growth=g,
            concentration=concentration(ts),
        )
        place, problem = labeller.label(idx)
        cases = _typical(idx, dup_groups, sim, chosen, opts.typical)
        out.append(
            Hotspot(
                rank=0,
                label=f"{place} {problem}".strip(),
                place=place,
                problem=problem,
                heat=heat.score,
                heat_parts=heat.parts,
                messages=len(idx),
                callers=callers,
                likes=likes,
                severity=round(sev, 2),
                growth=round(g, 2),
                trend=trend_word(g),
                first=_iso(min(ts)) if ts else None,
                last=_iso(max(ts)) if ts else None,
                message_ids=[chosen[i].id for i in sorted(idx, key=lambda i: chosen[i].time or datetime.min)],
                cases=cases,
            )
        )
    out.sort(key=lambda h: (-h.heat, -h.callers, h.label))
    for rank, h in enumerate(out, start=1):
        h.rank = rank
    return HotspotReport(
        period=(_iso(period_start), _iso(period_end)),
        total_messages=len(chosen),
        clusters=len(groups),
        hotspots=out[:top] if top else out,
        seconds=round(_time.perf_counter() - began, 3),
    )


def _places_of(m: Message) -> Places:
    """Places of the title; the start of the detail adds a district and nearby places."""
    p = extract(normalise(m.title))
    if m.detail:
        d = extract(normalise(m.detail[:150]))
        p.nearby = d.named[:3]
        p.district = p.district or d.district
        p.city = p.city or d.city
    return p


def _typical(
    idx: list[int], dup_groups: list[list[int]], sim: NDArray[np.float32], chosen: Sequence[Message], k: int
) -> list[TypicalCase]:
    """The most central message of each of the biggest distinct texts, likes breaking ties."""
    sub = sim[np.ix_(idx, idx)]
    centrality = {i: float(sub[n].mean()) for n, i in enumerate(idx)}

    def score(i: int) -> float:
        return centrality[i] + 0.05 * math.log1p(chosen[i].likes)

    reps = [max(g, key=score) for g in dup_groups]
    reps.sort(key=lambda i: (-score(i), chosen[i].id))
    return [
        TypicalCase(
            id=chosen[i].id,
            title=chosen[i].title,
            time=_iso(chosen[i].time),
            likes=chosen[i].likes,
            excerpt=_excerpt(chosen[i]),
        )
        for i in reps[:k]
    ]
