"""Category classifier latency: load time and `predict` p50/p99 on 300-character texts.

Texts are the shared routing dev messages (title + detail, cut to 300 characters) when present,
else the short calls in eval/route_calls.csv. Two rows: `predict(text)`, which segments with
jieba itself, and `predict(text, tokens=…)` as the pipeline calls it with `Context.tokens`.
Run: `.venv/bin/python bench/route_model.py`.
"""

from __future__ import annotations

import csv
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
MAX_CHARS = 300


def texts() -> list[str]:
    dev = SHARED / "tipdm2020c_routing" / "dev.csv"
    if dev.exists():
        with dev.open(encoding="utf-8", newline="") as fh:
            return [f"{r['title']}\n{r['detail_clean']}"[:MAX_CHARS] for r in csv.DictReader(fh)]
    with (ROOT / "eval" / "route_calls.csv").open(encoding="utf-8", newline="") as fh:
        return [r["text"] for r in csv.DictReader(fh)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    from hotline.listen.segment import cut, warm

    warm()
    start = time.perf_counter()
    from hotline.act.classifier import CategoryClassifier

    model = CategoryClassifier.load()
    load_s = time.perf_counter() - start
    sample = texts()
    tokens = [cut(t) for t in sample]
    for t in sample[:20]:
        model.predict(t)
    rows = []
    for name, with_tokens in (("predict(text)", False), ("predict(text, tokens)", True)):
        runs = []
        for _ in range(3):
            for t, tok in zip(sample, tokens, strict=True):
                began = time.perf_counter()
                model.predict(t, tokens=tok if with_tokens else None)
                runs.append(time.perf_counter() - began)
        rows.append((name, statistics.median(runs) * 1e3, percentile(runs, 0.99) * 1e3, len(runs)))
    print(
        f"模型加载（含 import）：{load_s:.3f} s，文本 {len(sample)} 条，平均 {statistics.mean(map(len, sample)):.0f} 字"
    )
    print(f"{'call':<24}{'p50 ms':>10}{'p99 ms':>10}{'runs':>8}")
    for name, p50, p99, n in rows:
        print(f"{name:<24}{p50:>10.3f}{p99:>10.3f}{n:>8d}")


if __name__ == "__main__":
    main()
