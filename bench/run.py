"""`make bench`: latency, throughput, warm-up and memory of live assistance, as a table.

Texts come from the shared dev splits (routing messages, Weibo emotion posts, hotspot
messages), cut to at most 300 characters, plus the built-in sample calls. The floor is the
same texts through bare `jieba.lcut`. Numbers are for one core (a single thread).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
MAX_CHARS = 300


def load_texts(limit_per_file: int = 400) -> list[str]:
    texts: list[str] = []
    sources = [
        ("tipdm2020c_routing/dev.csv", ("title", "detail_clean")),
        ("smp2020_ewect/dev.csv", ("text",)),
        ("tipdm2020c_hotspot/dev.csv", ("title", "detail_clean")),
    ]
    for rel, cols in sources:
        path = SHARED / rel
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if i >= limit_per_file:
                    break
                text = "，".join(row[c] for c in cols if row.get(c)).strip()
                if text:
                    texts.append(text[:MAX_CHARS])
    from hotline.cli.demo_cmd import sample_calls

    texts.extend(c["text"][:MAX_CHARS] for c in sample_calls())
    return texts


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def warmup_seconds() -> float:
    """Wall time from a fresh interpreter's start to its first finished analysis."""
    code = (
        "import time;t=time.perf_counter();from datetime import datetime;"
        "from hotline.services import analyze_call;"
        "analyze_call('楼下烧烤店油烟太大，晚上吵得睡不着',received_at=datetime(2026,5,6,10));"
        "print(time.perf_counter()-t)"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total = time.perf_counter() - start
    float(out.stdout.strip().splitlines()[-1])
    return total


def main() -> None:
    from hotline.analysis import Analysis
    from hotline.config import get_settings
    from hotline.listen.segment import cut, tokenizer
    from hotline.pipeline import Context, pipeline
    from hotline.services import analyze_call
    from hotline.text import prepare

    texts = load_texts()
    when = datetime(2026, 11, 27, 10, 30)
    settings = get_settings()
    tokenizer()
    for t in texts[:20]:
        analyze_call(t, received_at=when)

    floor = []
    for t in texts:
        s = time.perf_counter()
        cut(t)
        floor.append((time.perf_counter() - s) * 1000)

    total: list[float] = []
    per_step: dict[str, list[float]] = {s.name: [] for s in pipeline()}
    for t in texts:
        s0 = time.perf_counter()
        prepared = prepare(t)
        a = Analysis(text=prepared.text, received_at=when)
        ctx = Context(settings=settings, text=prepared.text)
        for step in pipeline():
            s = time.perf_counter()
            step.run(a, ctx)
            per_step[step.name].append((time.perf_counter() - s) * 1000)
        total.append((time.perf_counter() - s0) * 1000)
        json.dumps(a.to_dict(), ensure_ascii=False)

    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < 3.0:
        analyze_call(texts[n % len(texts)], received_at=when)
        n += 1
    throughput = n / (time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    warm = warmup_seconds()

    lengths = [len(t) for t in texts]
    print(f"texts: {len(texts)} (length median {statistics.median(lengths):.0f}, max {max(lengths)} chars)")
    print()
    print("| measure | p50 ms | p99 ms | target |")
    print("|---|---|---|---|")
    print(f"| analysis, whole pipeline | {pct(total, 50):.2f} | {pct(total, 99):.2f} | p50 ≤ 3, p99 ≤ 15 |")
    for name, vals in per_step.items():
        target = "p50 ≤ 2" if name == "route" else ""
        print(f"| · step `{name}` | {pct(vals, 50):.3f} | {pct(vals, 99):.3f} | {target} |")
    print(f"| floor: bare jieba.lcut | {pct(floor, 50):.3f} | {pct(floor, 99):.3f} | |")
    print()
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| throughput, one core | {throughput:.0f} texts/s | |")
    print(f"| warm-up: fresh process to first answer | {warm:.2f} s | ≤ 2 s |")
    print(f"| peak memory (this process) | {peak_mb:.0f} MB | < 400 MB |")


if __name__ == "__main__":
    main()
