"""How alike two messages are, as hotspot mining needs it: same problem, same place, same time.

Text is compared by character n-gram TF-IDF cosine, which needs no segmentation and survives
the many ways people spell one complaint. Places gate and scale that: a title-only cosine
(short, dense, catches "58车贷" in two long letters) counts fully only when both messages name
the same place, half when a place is unknown, and not at all when they name different places
or districts, so "夜间施工扰民" at two estates stays two problems. Time apart lowers it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from hotline.loop.insights.lexicon import insight_lexicon
from hotline.loop.insights.places import Places
from hotline.loop.insights.records import Message

ADMIN_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{0,2}[市区县]")


@dataclass(frozen=True)
class SimilarityOptions:
    title_weight: int = 2  # the title is repeated: it states the problem more densely than the detail
    detail_chars: int = 300  # the start of the detail carries the place and the problem
    title_only_weight: float = 1.0  # the title-only cosine counts this much against the full one
    unknown_place_gate: float = 0.5  # share of the title-only cosine kept when a place is unknown
    same_place: float = 1.6  # factor when two messages name the same estate/road/school
    other_place: float = 0.5  # factor when they name different places or districts
    time_grace_days: int = 120  # messages closer than this are not penalised for time
    time_floor: float = 0.5  # the smallest time factor, for messages years apart
    strip_stock: bool = True
    keep_institutions: bool = True


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u200b", "")


@dataclass
class Similarity:
    matrix: NDArray[np.float32]  # pairwise similarity in [0, 1], 1 on the diagonal
    problems: sparse.csr_matrix  # L2-normalised title n-grams without places, for cluster centroids
    same: NDArray[np.bool_]
    differ: NDArray[np.bool_]


def _vectorise(docs: list[str], max_df: float) -> sparse.csr_matrix:
    """L2-normalised TF-IDF of character 2–3-grams, with rare and boilerplate n-grams dropped.

    Hashing the n-grams (2^20 buckets) instead of building a vocabulary is five times faster on
    the tipdm corpus; collisions among ~170k n-grams are too few to change a cosine visibly.
    """
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    # In a small batch, n-grams that only one message has must still count in its norm, or two
    # messages sharing one phrase look like twins; in a large corpus dropping them removes typos
    # and noise and read better (tuned on the tipdm corpus).
    large = len(docs) >= 500
    min_df = 2 if large else 1
    # Above this share of messages an n-gram is boilerplate in a corpus of thousands; in a small
    # batch a place five of twenty messages share is the signal, so only IDF weighs it down.
    max_df = max_df if large else 1.0
    counts: sparse.csr_matrix = HashingVectorizer(
        analyzer="char",
        ngram_range=(2, 3),
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    ).transform([_PUNCT.sub("", d) for d in docs])
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = (df >= min_df) & (df <= max_df * len(docs))
    counts.data[~keep[counts.indices]] = 0.0
    counts.eliminate_zeros()
    out: sparse.csr_matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return out


_PUNCT = re.compile(r"[\W_]+")


def place_agreement(places: Sequence[Places]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(same, differ) per pair: they name one estate/road/school; they name different places."""
    n = len(places)
    key_index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    strong: list[bool] = []
    for i, p in enumerate(places):
        for k in p.all_keys():
            rows.append(i)
            cols.append(key_index.setdefault(k, len(key_index)))
        strong.append(bool(p.keys()))
    same = np.zeros((n, n), dtype=bool)
    differ = np.zeros((n, n), dtype=bool)
    if key_index:
        inc = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, len(key_index))
        )
        same = (inc @ inc.T).toarray() > 0
        # Only places named in titles can disagree; places in the body may only agree.
        has = np.flatnonzero(np.array(strong))
        differ[np.ix_(has, has)] = True
        differ &= ~same
    for values in ([p.district for p in places], [p.street for p in places]):
        codes = {d: i for i, d in enumerate(sorted({d for d in values if d}))}
        if len(codes) > 1:
            code = np.array([codes[d] if d else -1 for d in values])
            known = np.flatnonzero(code >= 0)
            sub = code[known]
            block = differ[np.ix_(known, known)]
            block |= sub[:, None] != sub[None, :]
            differ[np.ix_(known, known)] = block
    np.fill_diagonal(differ, False)
    return same, differ


def time_factor(times: Sequence[float], opts: SimilarityOptions) -> NDArray[np.float32] | None:
    """1 within the grace period, falling linearly to the floor a year later (times in days)."""
    t = np.array(times, dtype=np.float32)
    if not np.isfinite(t).any():
        return None
    t = np.where(np.isfinite(t), t, np.nanmedian(t)).astype(np.float32)
    gap = np.abs(t[:, None] - t[None, :])
    gap -= opts.time_grace_days
    np.maximum(gap, 0.0, out=gap)
    gap /= -365.0
    gap += 1.0
    np.clip(gap, opts.time_floor, 1.0, out=gap)
    return gap


def similarity(
    messages: Sequence[Message], places: Sequence[Places], opts: SimilarityOptions | None = None
) -> Similarity:
    """Pairwise similarity of messages: text, gated and scaled by place agreement and time."""
    opts = opts or SimilarityOptions()
    # The full text keeps its places (they are half of "the same problem"); the title-only
    # vectors drop places and stock phrases ("咨询…相关问题") so they say which problem it is.
    full = _vectorise([_full_text(m, opts) for m in messages], max_df=0.2)
    problems = _vectorise(
        [_strip(m.title, p, opts.keep_institutions) for m, p in zip(messages, places, strict=True)],
        max_df=0.1,
    )
    sim = (full @ full.T).toarray().astype(np.float32, copy=False)
    title_sim = (problems @ problems.T).toarray().astype(np.float32, copy=False)
    same, differ = place_agreement(places)
    gate = np.full(sim.shape, opts.unknown_place_gate * opts.title_only_weight, dtype=np.float32)
    gate[same] = opts.title_only_weight
    gate[differ] = 0.0
    title_sim *= gate
    np.maximum(sim, title_sim, out=sim)
    del title_sim, gate
    sim[same] *= opts.same_place
    sim[differ] *= opts.other_place
    days = [m.time.timestamp() / 86400.0 if m.time else math.nan for m in messages]
    tfac = time_factor(days, opts)
    if tfac is not None:
        sim *= tfac
    np.clip(sim, 0.0, 1.0, out=sim)
    np.fill_diagonal(sim, 1.0)
    return Similarity(matrix=sim, problems=problems, same=same, differ=differ)


@lru_cache(maxsize=1)
def _stock_phrases() -> re.Pattern[str]:
    words = sorted(insight_lexicon().title_fillers, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words if len(w) >= 2))


def _full_text(m: Message, opts: SimilarityOptions) -> str:
    text = ADMIN_CODE.sub(
        "", normalise(("。" + m.title) * opts.title_weight + "。" + m.detail[: opts.detail_chars])
    )
    return _stock_phrases().sub("", text) if opts.strip_stock else text


def _strip(text: str, places: Places, keep_institutions: bool) -> str:
    text = ADMIN_CODE.sub("", normalise(text))
    for q in sorted([*places.named, *places.nearby], key=lambda q: -len(q.name)):
        if keep_institutions and q.kind == "institution":
            continue
        text = text.replace(q.name, "")
    return _stock_phrases().sub("", text)
