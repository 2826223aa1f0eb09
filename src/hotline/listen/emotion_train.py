"""Train the emotion classifier shipped in `hotline/models/emotion.{json,npy}`.

Data: the shared Weibo emotion sets (`smp2020_ewect`, and `covid19_weibo_emotion` when present),
train splits only; their dev splits pick the probability temperature and are reported.
Model: TF-IDF over character 1–3-grams (`char_ngrams`; the live path computes the same grams as
integer keys, see `gram_keys`) and a linear SVM with one weight column per *source* class.
The classes are mapped to our four emotions only when probabilities are read (see `EMOTION_OF`
and docs/emotion.md): a linear model separates "neutral" and "happy" better as two classes than
as one merged "calm".

Training is deterministic: fixed seeds, sorted vocabulary, single-threaded solvers and a
byte-stable file format (JSON + .npy), so retraining reproduces the shipped files exactly.
sklearn is imported only here; the live path (`emotion.py`) needs numpy alone.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hotline.analysis import EMOTIONS
from hotline.errors import InputError
from hotline.listen.emotion import MODEL_FORMAT, char_ngrams, classifier_text

# Source labels → the training classes the model keeps apart.
SMP_CLASSES = {
    "angry": "anger",
    "fear": "fear",
    "sad": "sad",
    "neutral": "neutral",
    "happy": "happy",
    "surprise": "surprise",
}
COVID_CLASSES = {
    "anger": "anger",
    "disgust": "disgust",
    "fear": "fear",
    "sadness": "sad",
    "optimism": "happy",
    "gratitude": "happy",
    "surprise": "surprise",
}
# Training classes → hotline emotions. None: the class takes part in training (so surprised
# posts do not pollute other classes) but its probability is dropped and the rest renormalised.
EMOTION_OF: dict[str, str | None] = {
    "anger": "anger",
    "disgust": "anger",
    "fear": "anxiety",
    "sad": "disappointment",
    "neutral": "calm",
    "happy": "calm",
    "surprise": None,
}

SMP_DIR = "smp2020_ewect"
COVID_DIR = "covid19_weibo_emotion"

# Chosen on the shared dev splits (see docs/emotion.md); fixed so training stays one fit.
MAX_FEATURES = 100_000
MIN_DF = 3
SVM_C = 0.3
TEMPERATURES = tuple(round(0.5 + 0.25 * i, 2) for i in range(47))  # 0.5 … 12.0


@dataclass
class Split:
    texts: list[str]
    labels: list[str]  # training classes (keys of EMOTION_OF)
    domains: list[str]


def _read(path: Path, mapping: dict[str, str], domain: str) -> Split:
    texts: list[str] = []
    labels: list[str] = []
    domains: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = mapping.get(row.get("label", ""))
            text = row.get("text") or ""
            if label is None or not text.strip():
                continue
            texts.append(text)
            labels.append(label)
            domains.append(row.get("domain") or domain)
    return Split(texts, labels, domains)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _analyzer(text: str) -> list[str]:
    return char_ngrams(classifier_text(text))


def _four(probs: np.ndarray, classes: list[str]) -> np.ndarray:
    to = np.zeros((len(classes), len(EMOTIONS)))
    for i, c in enumerate(classes):
        target = EMOTION_OF[c]
        if target is not None:
            to[i, EMOTIONS.index(target)] = 1.0
    four = probs @ to
    return np.asarray(four / four.sum(axis=1, keepdims=True))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def scores(gold: Iterable[str], pred: Iterable[str], labels: Iterable[str] = EMOTIONS) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix (rows = gold)."""
    gold, pred, labels = list(gold), list(pred), list(labels)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        predicted = sum(row[i] for row in matrix)
        actual = sum(matrix[i])
        prec = tp / predicted if predicted else 0.0
        rec = tp / actual if actual else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[label] = {"precision": prec, "recall": rec, "f1": f1, "support": actual}
    correct = sum(g == p for g, p in zip(gold, pred, strict=True))
    return {
        "n": len(gold),
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(labels) if labels else 0.0,
        "per_class": per_class,
        "labels": labels,
        "confusion": matrix,
    }


def _short(result: dict[str, Any]) -> dict[str, float]:
    return {
        "n": result["n"],
        "accuracy": round(result["accuracy"], 4),
        "macro_f1": round(result["macro_f1"], 4),
    }


def train(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Train on the shared emotion data in `data_dir` and write emotion.json/.npy into `out_dir`.

    Returns the metrics: dev accuracy and macro-F1 (mapped to our four emotions) per dev set,
    feature count, file sizes and seconds taken.
    """
    started = time.perf_counter()
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    smp = data_dir / SMP_DIR
    if not (smp / "train.csv").is_file():
        raise InputError(
            "training_data_missing",
            f"找不到情绪训练数据 {smp / 'train.csv'}：请用 --data 指向共享数据目录（含 {SMP_DIR}/）",
        )
    sources = [(smp, SMP_CLASSES, "usual")]
    covid = data_dir / COVID_DIR
    if (covid / "train.csv").is_file():
        sources.append((covid, COVID_CLASSES, "covid19_weibo"))

    from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: only once the data is there
    from sklearn.svm import LinearSVC

    train_texts: list[str] = []
    train_labels: list[str] = []
    for folder, mapping, domain in sources:
        split = _read(folder / "train.csv", mapping, domain)
        train_texts += split.texts
        train_labels += split.labels

    vectorizer = TfidfVectorizer(
        analyzer=_analyzer, min_df=MIN_DF, max_features=MAX_FEATURES, sublinear_tf=True, dtype=np.float64
    )
    x_train = vectorizer.fit_transform(train_texts)
    svm = LinearSVC(C=SVM_C, class_weight="balanced", random_state=0, max_iter=5000)
    svm.fit(x_train, train_labels)
    classes = [str(c) for c in svm.classes_]

    # Store what inference reads, rounded to float16 first, and evaluate *that* model, so the
    # reported numbers are the shipped model's numbers.
    vocab = [str(g) for g in vectorizer.get_feature_names_out()]
    table = np.column_stack([vectorizer.idf_, svm.coef_.T]).astype(np.float16)
    intercept = [round(float(b), 6) for b in svm.intercept_]
    idf = table[:, 0].astype(np.float64)
    weights = table[:, 1:].astype(np.float64)

    def decision(texts: list[str]) -> np.ndarray:
        x = vectorizer.transform(texts)  # tf-idf with the float64 idf; rescale to the float16 one
        x = x.multiply(1.0 / vectorizer.idf_).multiply(idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        return np.asarray((x @ weights) / norms[:, None]) + np.asarray(intercept)

    dev_sets = []
    for folder, mapping, domain in sources:
        if (folder / "dev.csv").is_file():
            dev_sets.append((folder.name, _read(folder / "dev.csv", mapping, domain)))
    dev_decisions = [decision(split.texts) for _, split in dev_sets]
    dev_gold = [[EMOTION_OF[c] for c in split.labels] for _, split in dev_sets]

    # Temperature: the one scalar that turns SVM margins into probabilities, by dev log-loss
    # over the texts whose class maps to one of our emotions.
    best_t, best_loss = TEMPERATURES[0], float("inf")
    for t in TEMPERATURES:
        loss, count = 0.0, 0
        for dec, gold in zip(dev_decisions, dev_gold, strict=True):
            probs = _four(_softmax(dec * t), classes)
            for row, g in zip(probs, gold, strict=True):
                if g is not None:
                    loss -= float(np.log(max(row[EMOTIONS.index(g)], 1e-12)))
                    count += 1
        if count and loss / count < best_loss - 1e-12:
            best_t, best_loss = t, loss / count

    metrics: dict[str, Any] = {"model": "emotion", "temperature": best_t, "dev_log_loss": round(best_loss, 4)}
    for (name, split), dec, gold in zip(dev_sets, dev_decisions, dev_gold, strict=True):
        pred = [EMOTIONS[k] for k in _four(_softmax(dec * best_t), classes).argmax(axis=1)]
        keep = [i for i, g in enumerate(gold) if g is not None]
        metrics[f"dev_{name}"] = _short(scores([gold[i] or "" for i in keep], [pred[i] for i in keep]))
        for domain in sorted(set(split.domains)):
            ids = [i for i in keep if split.domains[i] == domain]
            if name == SMP_DIR and ids:
                metrics[f"dev_{name}_{domain}"] = _short(
                    scores([gold[i] or "" for i in ids], [pred[i] for i in ids])
                )

    meta = {
        "format": MODEL_FORMAT,
        "classes": classes,
        "emotion_of": {c: EMOTION_OF[c] for c in classes},
        "temperature": best_t,
        "intercept": intercept,
        "features": {"analyzer": "char 1-3 grams of classifier_text()", "tf": "1+log", "norm": "l2"},
        "hyperparameters": {
            "max_features": MAX_FEATURES,
            "min_df": MIN_DF,
            "C": SVM_C,
            "class_weight": "balanced",
        },
        "trained_on": {
            f"{folder.name}/train.csv": _sha256(folder / "train.csv") for folder, _mapping, _domain in sources
        },
        "train_rows": len(train_texts),
        "dev": {k: v for k, v in metrics.items() if k.startswith("dev_")},
        "vocab": vocab,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, npy_path = out_dir / "emotion.json", out_dir / "emotion.npy"
    json_path.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    with npy_path.open("wb") as fh:
        np.save(fh, table, allow_pickle=False)

    metrics.update(
        {
            "train_rows": len(train_texts),
            "features": len(vocab),
            "classes": classes,
            "size_bytes": json_path.stat().st_size + npy_path.stat().st_size,
            "files": [str(json_path), str(npy_path)],
            "seconds": round(time.perf_counter() - started, 1),
        }
    )
    return metrics
