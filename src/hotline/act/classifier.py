"""Category classifier: which first-level category (城乡建设, 交通运输 …) an appeal belongs to.

A linear model over four TF-IDF blocks of the text, built by `route_train.py` and shipped as
`models/route.json` (vocabularies, block weights, intercepts, temperature, provenance) plus
`models/route.npy` (idf and one weight column per category, float16):

- ``head_chars`` / ``head_words``: character 1–3-grams and jieba words of the first sentence,
  which in a web message is its title and in a call is usually the complaint itself;
- ``body_chars`` / ``body_words``: character 1–2-grams and jieba words of the whole text.

Inference is plain Python + numpy (no sklearn): a dict lookup per gram, then one small dot
product. `Prediction.terms` lists the words that pushed the chosen category most, so a shift
leader can see why a text was routed where it was.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hotline.errors import HotlineError

MODEL_FORMAT = "hotline-route/1"
MODEL_NAME = "route"
BLOCKS: tuple[str, ...] = ("head_chars", "head_words", "body_chars", "body_words")

# Latin letters and digits are anonymised place codes (A市, A1区) or numbers in the training
# data; mapping them to one symbol keeps the model from learning the codes.
_LATIN_DIGITS = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]+[0-9０-９]*|[0-9０-９]+")
# n-grams never cross punctuation or spaces: runs of CJK characters (and the symbol above).
_RUN = re.compile(r"[\u3400-\u9fff0]+")
_HEAD_END = re.compile(r"[\n\r。！？!?；;]")
HEAD_MAX = 48  # characters: a title or a first sentence, never a whole paragraph
BODY_MAX = 4000  # characters read from one text; the rest adds time, not accuracy
TERMS_MAX = 6
TERMS_POOL = 48  # candidates considered for the explanation


def normalise(text: str) -> str:
    return _LATIN_DIGITS.sub("0", text)


def head_length(text: str) -> int:
    """Length of the first sentence (or line), at most HEAD_MAX characters."""
    m = _HEAD_END.search(text, 0, HEAD_MAX)
    if m and m.start() >= 4:
        return m.start()
    return min(len(text), HEAD_MAX)


def char_grams(text: str, longest: int) -> list[str]:
    """Character 1..`longest`-grams inside runs of Chinese characters of normalised text."""
    out: list[str] = []
    for run in _RUN.findall(normalise(text)):
        out.extend(run)
        n = len(run)
        for k in range(2, longest + 1):
            out.extend(run[i : i + k] for i in range(n - k + 1))
    return out


def word_grams(tokens: list[str]) -> list[str]:
    """jieba tokens that are words (Chinese, or the number/code symbol), normalised."""
    out = []
    for token in tokens:
        w = normalise(token)
        if _RUN.fullmatch(w):
            out.append(w)
    return out


def _head_tokens(tokens: list[str], length: int) -> list[str]:
    out: list[str] = []
    seen = 0
    for token in tokens:
        if seen >= length:
            break
        out.append(token)
        seen += len(token)
    return out


def block_grams(
    text: str, tokens: list[str], head_chars: int = 3, body_chars: int = 2
) -> dict[str, list[str]]:
    """The grams of each feature block; `tokens` is the jieba segmentation of `text`."""
    hl = head_length(text)
    return {
        "head_chars": char_grams(text[:hl], head_chars),
        "head_words": word_grams(_head_tokens(tokens, hl)),
        "body_chars": char_grams(text, body_chars),
        "body_words": word_grams(tokens),
    }


@dataclass(frozen=True)
class Prediction:
    """The category of one text, how sure the model is, and the words that decided it."""

    category: str
    confidence: float
    scores: dict[str, float]  # probability of every category, summing to 1
    terms: list[str]  # the 3–6 words/n-grams that pushed `category` most


def _model_error(detail: str) -> HotlineError:
    return HotlineError(
        "route_model_invalid",
        f"派单分类模型文件不可用（{detail}），请运行 hotline model train --only route 重新生成",
        status=500,
    )


@dataclass(frozen=True)
class _Block:
    name: str
    index: dict[str, int]  # gram → row of the weight table
    weight: float


class CategoryClassifier:
    """The shipped linear category model; `load()` reads it, `predict()` classifies one text."""

    def __init__(self, meta: dict[str, Any], table: np.ndarray) -> None:
        self.classes: tuple[str, ...] = tuple(meta["classes"])
        self.meta = meta
        blocks = []
        names: list[str] = []  # row of the weight table → the gram, for explanations
        offset = 0
        for name in BLOCKS:
            spec = meta["blocks"][name]
            vocab: list[str] = spec["vocab"]
            blocks.append(_Block(name, {g: offset + i for i, g in enumerate(vocab)}, float(spec["weight"])))
            names.extend(vocab)
            offset += len(vocab)
        if table.shape != (offset, 1 + len(self.classes)):
            raise _model_error(f"权重形状 {table.shape} 与词表（{offset} 项）不符")
        self._blocks = tuple(blocks)
        self._block_weights = np.array([b.weight for b in blocks], dtype=np.float64)
        self._grams = meta["grams"]
        self._idf = table[:, 0].astype(np.float64)
        self._weights = table[:, 1:].astype(np.float64)
        self._intercept = np.asarray(meta["intercept"], dtype=np.float64)
        self._temperature = float(meta["temperature"])
        self._names = names

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | None = None) -> CategoryClassifier:
        """Read `route.json` + `route.npy` from `path` (a folder or the .json), or the shipped model."""
        try:
            if path is None:
                folder = resources.files("hotline.models")
                meta = json.loads(folder.joinpath(f"{MODEL_NAME}.json").read_text(encoding="utf-8"))
                with folder.joinpath(f"{MODEL_NAME}.npy").open("rb") as fh:
                    table = np.load(fh, allow_pickle=False)
            else:
                json_path = path / f"{MODEL_NAME}.json" if path.is_dir() else path
                meta = json.loads(json_path.read_text(encoding="utf-8"))
                table = np.load(json_path.with_suffix(".npy"), allow_pickle=False)
        except FileNotFoundError as exc:
            raise _model_error(f"找不到 {Path(exc.filename or '').name or '模型文件'}") from exc
        except (OSError, ValueError) as exc:
            raise _model_error(type(exc).__name__) from exc
        if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
            raise _model_error(f"格式应为 {MODEL_FORMAT}")
        try:
            return cls(meta, table)
        except (KeyError, TypeError) as exc:
            raise _model_error(f"缺少字段 {exc}") from exc

    # ------------------------------------------------------------------ inference

    def _features(self, text: str, tokens: list[str] | None) -> tuple[np.ndarray, np.ndarray, set[str]]:
        """Rows of the weight table present in the text, their TF-IDF values, and the text's words."""
        text = text[:BODY_MAX]
        if tokens is None:
            from hotline.listen.segment import cut

            tokens = cut(text)
        grams = block_grams(text, tokens, self._grams["head_chars"], self._grams["body_chars"])
        ids: list[int] = []
        tfs: list[int] = []
        which: list[int] = []  # block number of each entry
        for b, block in enumerate(self._blocks):
            index = block.index
            for gram, count in Counter(grams[block.name]).items():
                i = index.get(gram)
                if i is not None:
                    ids.append(i)
                    tfs.append(count)
                    which.append(b)
        words = set(grams["body_words"])
        if not ids:
            return np.zeros(0, dtype=np.intp), np.zeros(0), words
        # One vectorised pass over all blocks: TF-IDF, then l2 norm and weight per block.
        rows = np.array(ids, dtype=np.intp)
        blocks = np.array(which, dtype=np.intp)
        x = (1.0 + np.log(np.array(tfs, dtype=np.float64))) * self._idf[rows]
        norms = np.sqrt(np.bincount(blocks, weights=x * x, minlength=len(self._blocks)))
        scale = np.divide(self._block_weights, norms, out=np.zeros_like(norms), where=norms > 0)
        return rows, x * scale[blocks], words

    def decision(self, text: str, tokens: list[str] | None = None) -> np.ndarray:
        """Raw linear scores, one per class (in `classes` order)."""
        ids, x, _ = self._features(text, tokens)
        return np.asarray(x @ self._weights[ids] + self._intercept)

    def predict(self, text: str, tokens: list[str] | None = None) -> Prediction:
        """Classify one text; pass `tokens` (jieba `cut(text)`) when the pipeline already has them."""
        ids, x, words = self._features(text, tokens)
        rows = self._weights[ids]
        decision = x @ rows + self._intercept
        z = decision * self._temperature
        p = np.exp(z - z.max())
        p /= p.sum()
        best = int(p.argmax())
        scores = {c: round(float(v), 4) for c, v in zip(self.classes, p, strict=True)}
        # What a gram says for this category beyond what it says for the average one:
        # generic words (我们, 一直) push every category alike and drop out.
        contrast = x * (rows[:, best] - rows.mean(axis=1))
        return Prediction(
            category=self.classes[best],
            confidence=round(float(p[best]), 4),
            scores=scores,
            terms=self._terms(ids, contrast, words) if len(ids) else [],
        )

    def _terms(self, ids: np.ndarray, contribution: np.ndarray, words: set[str]) -> list[str]:
        """The strongest positive contributors, merged by surface form, longest form wins overlaps.

        Words jieba found in the text come first; other character grams (often fragments such
        as "区门") only fill up when fewer than three words argued for the category.
        """
        # Only the strongest few dozen grams can make the list; rank those in Python.
        top = np.flatnonzero(contribution > 0)
        if len(top) > TERMS_POOL:
            top = top[np.argpartition(-contribution[top], TERMS_POOL)[:TERMS_POOL]]
        total: dict[str, float] = {}
        for i, c in zip(ids[top].tolist(), contribution[top].tolist(), strict=True):
            name = self._names[i]
            total[name] = total.get(name, 0.0) + c
        ranked = [kv for kv in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])) if kv[1] > 0]
        chosen: list[str] = []
        for words_only in (True, False):
            for name, _ in ranked:
                if len(chosen) >= TERMS_MAX:
                    break
                if len(name) < 2 or "0" in name or (words_only and name not in words):
                    continue
                if any(name in other or other in name for other in chosen):
                    continue
                chosen.append(name)
            if len(chosen) >= 3:
                break
        return chosen


@lru_cache(maxsize=1)
def default_classifier() -> CategoryClassifier:
    """The shipped model, loaded once per process."""
    return CategoryClassifier.load()
