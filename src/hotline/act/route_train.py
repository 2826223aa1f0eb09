"""Train the category classifier shipped in `hotline/models/route.{json,npy}`.

Data (`<data_dir>/tipdm2020c_routing/`): the labelled `train.csv` only, plus
- `unlabelled_official_test.csv`, which has no labels but widens the vocabulary and the idf
  (a gram must occur in two messages of train + unlabelled to be kept);
- `taxonomy.csv` level-2/3 names and `data/route/keywords.yaml`, each a short training snippet of
  its category: keyword priors that make short spoken calls classifiable.
The dev split is never read here; `hotline eval route --data dev.csv` reports on it.

Model: TF-IDF (1 + log tf, smooth idf, l2 per block) over the four blocks of
`classifier.block_grams`, and a class-balanced ridge classifier (one-vs-rest least squares).
Hyper-parameters below were chosen by 5-fold cross-validation on train (docs/routing-model.md);
training is one fit plus a 5-fold run that reports the cross-validated score and fits the
softmax temperature of the probabilities.

Deterministic: sorted vocabularies, fixed fold seed, a direct solver, rounded float16 weights
and byte-stable JSON + .npy, so retraining reproduces the shipped files exactly.
sklearn is imported only here; the live path (`classifier.py`) needs numpy alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from hotline.act.classifier import BLOCKS, MODEL_FORMAT, MODEL_NAME, block_grams
from hotline.errors import InputError

DATASET = "tipdm2020c_routing"
CLASSES: tuple[str, ...] = (
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "商贸旅游",
    "卫生计生",
    "环境保护",
    "交通运输",
)
KEYWORDS_FILE = "route/keywords.yaml"

# Chosen by 5-fold cross-validation on train (see docs/routing-model.md).
GRAMS = {"head_chars": 3, "body_chars": 2}
BLOCK_WEIGHTS = {"head_chars": 1.0, "head_words": 0.5, "body_chars": 1.0, "body_words": 1.0}
MIN_DF = 2
RIDGE_ALPHA = 1.0
SNIPPET_WEIGHT = 1.0
FOLDS = 5
SEED = 0
TEMPERATURES = tuple(round(0.5 + 0.25 * i, 2) for i in range(60))  # 0.5 … 15.25


# ---------------------------------------------------------------------------------------------
# Reading the data


def message_text(title: str, detail: str) -> str:
    """One text from a web message: the title on its own line, then the detail."""
    title, detail = title.strip(), detail.strip()
    return f"{title}\n{detail}" if title and detail else title or detail


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise InputError("data_missing", f"找不到训练数据文件 {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path} 不是有效的 UTF-8 文件") from exc


def _messages(path: Path, labelled: bool) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for lineno, row in enumerate(_read_csv(path), start=2):
        text = message_text(row.get("title") or "", row.get("detail_clean") or row.get("detail") or "")
        if not text:
            continue
        if labelled:
            label = (row.get("label") or "").strip()
            if label not in CLASSES:
                raise InputError("bad_label", f"{path} 第 {lineno} 行的标签 {label!r} 不在七个一级分类之中")
            labels.append(label)
        texts.append(text)
    return texts, labels


def read_labelled_messages(path: Path) -> list[tuple[str, str]]:
    """(text, label) rows of an evaluation CSV: columns text,label, or title + detail/detail_clean + label.

    Labels must be the seven first-level categories; any problem is an InputError in Chinese
    that names the file and the line.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = set(reader.fieldnames or [])
            detail = "detail_clean" if "detail_clean" in fields else "detail"
            if "label" not in fields or not ("text" in fields or {"title", detail} <= fields):
                raise InputError(
                    "bad_csv",
                    f"{path} 缺少必需的列：应有 text,label，或 title,detail（或 detail_clean）,label",
                )
            rows: list[tuple[str, str]] = []
            for lineno, row in enumerate(reader, start=2):
                if "text" in fields:
                    text = (row.get("text") or "").strip()
                else:
                    text = message_text(row.get("title") or "", row.get(detail) or "")
                label = (row.get("label") or "").strip()
                if not text:
                    raise InputError("bad_csv", f"{path} 第 {lineno} 行的文本为空", line=lineno)
                if label not in CLASSES:
                    raise InputError(
                        "bad_label",
                        f"{path} 第 {lineno} 行的标签 {label!r} 不是一级分类（{'、'.join(CLASSES)}）之一",
                        line=lineno,
                    )
                rows.append((text, label))
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件 {path}") from exc
    except IsADirectoryError as exc:
        raise InputError("file_not_found", f"{path} 是目录，请给出 CSV 文件") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            "invalid_encoding", f"{path} 不是有效的 UTF-8 文件，请以 UTF-8 另存后再评估"
        ) from exc
    except csv.Error as exc:
        raise InputError("bad_csv", f"{path} 不是合法的 CSV 文件：{exc}") from exc
    if not rows:
        raise InputError("bad_csv", f"{path} 没有数据行")
    return rows


def keyword_snippets(taxonomy: Path) -> tuple[list[str], list[str]]:
    """Taxonomy level-2/3 names and our keyword list, as (snippet, category) pairs."""
    seen: set[tuple[str, str]] = set()
    for row in _read_csv(taxonomy):
        level1 = (row.get("level1") or "").strip()
        if level1 in CLASSES:
            for name in ((row.get("level2") or "").strip(), (row.get("level3") or "").strip()):
                if name and name != "其他":
                    seen.add((name, level1))
    raw = yaml.safe_load(resources.files("hotline.data").joinpath(KEYWORDS_FILE).read_text(encoding="utf-8"))
    categories = raw.get("categories") if isinstance(raw, dict) else None
    if not isinstance(categories, dict):
        raise InputError("bad_keywords", f"{KEYWORDS_FILE} 应有 categories: 分类 → 关键词列表")
    for category, words in categories.items():
        if category not in CLASSES:
            raise InputError("bad_keywords", f"{KEYWORDS_FILE} 中的分类 {category!r} 不在七个一级分类之中")
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise InputError("bad_keywords", f"{KEYWORDS_FILE} 中 {category} 的关键词应为非空字符串列表")
        seen.update((w.strip(), category) for w in words)
    pairs = sorted(seen)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _sha256(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Features


class Vectoriser:
    """Vocabulary and idf per block, fitted on unlabelled + labelled texts; TF-IDF like `classifier`."""

    def __init__(self, docs: list[dict[str, list[str]]]) -> None:
        n = len(docs)
        self.vocab: dict[str, list[str]] = {}
        self.idf: dict[str, np.ndarray] = {}
        for block in BLOCKS:
            df: Counter[str] = Counter()
            for d in docs:
                df.update(set(d[block]))
            vocab = sorted(g for g, c in df.items() if c >= MIN_DF)
            self.vocab[block] = vocab
            counts = np.array([df[g] for g in vocab], dtype=np.float64)
            self.idf[block] = np.log((1 + n) / (1 + counts)) + 1.0
        self.offsets: dict[str, int] = {}
        offset = 0
        for block in BLOCKS:
            self.offsets[block] = offset
            offset += len(self.vocab[block])
        self.size = offset
        self._index = {b: {g: i for i, g in enumerate(self.vocab[b])} for b in BLOCKS}

    def transform(self, docs: list[dict[str, list[str]]]) -> Any:
        from scipy.sparse import csr_matrix

        indptr, indices, values = [0], [], []
        for d in docs:
            for block in BLOCKS:
                index = self._index[block]
                counts = Counter(g for g in d[block] if g in index)
                if not counts:
                    continue
                ids = np.array([index[g] for g in counts], dtype=np.int64)
                x = (1.0 + np.log(np.array(list(counts.values()), dtype=np.float64))) * self.idf[block][ids]
                x *= BLOCK_WEIGHTS[block] / np.sqrt(x @ x)
                indices.extend((ids + self.offsets[block]).tolist())
                values.extend(x.tolist())
            indptr.append(len(indices))
        return csr_matrix((values, indices, indptr), shape=(len(docs), self.size), dtype=np.float64)


def _grams(texts: list[str]) -> list[dict[str, list[str]]]:
    from hotline.listen.segment import cut

    return [block_grams(t, cut(t), GRAMS["head_chars"], GRAMS["body_chars"]) for t in texts]


# ---------------------------------------------------------------------------------------------
# Model


def _fit(x: Any, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Class-balanced one-vs-rest ridge: (features × classes) weights and intercepts."""
    from sklearn.linear_model import RidgeClassifier

    model = RidgeClassifier(alpha=RIDGE_ALPHA, class_weight="balanced", solver="sparse_cg", tol=1e-6)
    model.fit(x, y, sample_weight=weights)
    order = [list(model.classes_).index(i) for i in range(len(CLASSES))]
    return model.coef_[order].T.copy(), model.intercept_[order].copy()


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in range(len(CLASSES)):
        tp = float(np.sum((pred == c) & (gold == c)))
        p = tp / max(1, int(np.sum(pred == c)))
        r = tp / max(1, int(np.sum(gold == c)))
        f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def _temperature(decisions: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature with the lowest log-loss on out-of-fold decisions."""
    best, best_loss = TEMPERATURES[0], float("inf")
    for t in TEMPERATURES:
        z = decisions * t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(gold)), gold].mean())
        if loss < best_loss - 1e-9:
            best, best_loss = t, loss
    return best


def _folds(y: np.ndarray) -> list[np.ndarray]:
    """Stratified fold ids, fixed by SEED."""
    rng = np.random.default_rng(SEED)
    fold = np.empty(len(y), dtype=np.int64)
    for c in range(len(CLASSES)):
        members = np.flatnonzero(y == c)
        rng.shuffle(members)
        fold[members] = np.arange(len(members)) % FOLDS
    return [np.flatnonzero(fold == k) for k in range(FOLDS)]


def _round16(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.float16)


def train(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Fit the category classifier on train (+ unlabelled, + keyword priors) and write it to `out_dir`."""
    started = time.perf_counter()
    folder = Path(data_dir) / DATASET
    if not folder.is_dir():
        raise InputError("data_missing", f"找不到派单分类数据目录 {folder}")
    train_csv, unlabelled_csv, taxonomy_csv = (
        folder / "train.csv",
        folder / "unlabelled_official_test.csv",
        folder / "taxonomy.csv",
    )
    texts, labels = _messages(train_csv, labelled=True)
    unlabelled, _ = _messages(unlabelled_csv, labelled=False) if unlabelled_csv.exists() else ([], [])
    snippets, snippet_labels = keyword_snippets(taxonomy_csv)

    docs = _grams(texts)
    vec = Vectoriser(docs + _grams(unlabelled))
    x_msg = vec.transform(docs)
    x_snip = vec.transform(_grams(snippets))
    y = np.array([CLASSES.index(label) for label in labels])
    y_snip = np.array([CLASSES.index(label) for label in snippet_labels])

    from scipy.sparse import vstack

    def fit(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = vstack([x_msg[rows], x_snip]).tocsr()
        w = np.concatenate([np.ones(len(rows)), np.full(len(y_snip), SNIPPET_WEIGHT)])
        return _fit(x, np.concatenate([y[rows], y_snip]), w)

    oof = np.zeros((len(y), len(CLASSES)))
    for held in _folds(y):
        rows = np.setdiff1d(np.arange(len(y)), held)
        coef, intercept = fit(rows)
        oof[held] = x_msg[held] @ coef + intercept
    cv_f1 = _macro_f1(y, oof.argmax(axis=1))
    cv_acc = float(np.mean(oof.argmax(axis=1) == y))
    temperature = _temperature(oof, y)

    coef, intercept = fit(np.arange(len(y)))
    idf = np.concatenate([vec.idf[b] for b in BLOCKS])
    table = _round16(np.column_stack([idf, coef]))

    meta: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "classes": list(CLASSES),
        "intercept": [round(float(v), 6) for v in intercept],
        "temperature": temperature,
        "grams": GRAMS,
        "blocks": {b: {"weight": BLOCK_WEIGHTS[b], "vocab": vec.vocab[b]} for b in BLOCKS},
        "features": "TF-IDF per block: (1 + ln tf) × idf, l2-normalised, times the block weight",
        "hyperparameters": {
            "min_df": MIN_DF,
            "ridge_alpha": RIDGE_ALPHA,
            "class_weight": "balanced",
            "snippet_weight": SNIPPET_WEIGHT,
        },
        "trained_on": {
            f"{DATASET}/train.csv": _sha256(train_csv),
            f"{DATASET}/unlabelled_official_test.csv": _sha256(unlabelled_csv)
            if unlabelled_csv.exists()
            else None,
            f"{DATASET}/taxonomy.csv": _sha256(taxonomy_csv),
            f"hotline.data/{KEYWORDS_FILE}": hashlib.sha256(
                resources.files("hotline.data").joinpath(KEYWORDS_FILE).read_bytes()
            ).hexdigest(),
        },
        "counts": {"train": len(y), "unlabelled": len(unlabelled), "snippets": len(y_snip)},
        "cv": {"folds": FOLDS, "macro_f1": round(cv_f1, 4), "accuracy": round(cv_acc, 4)},
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{MODEL_NAME}.json").write_text(
        json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    with (out_dir / f"{MODEL_NAME}.npy").open("wb") as fh:
        np.save(fh, table, allow_pickle=False)
    return {
        "train": len(y),
        "unlabelled": len(unlabelled),
        "snippets": len(y_snip),
        "features": vec.size,
        "cv_macro_f1": round(cv_f1, 4),
        "cv_accuracy": round(cv_acc, 4),
        "temperature": temperature,
        "seconds": round(time.perf_counter() - started, 1),
    }
