"""`python bench/insights.py`: the measured numbers behind docs/insights.md.

1. Hotspot mining of the tipdm hotspot corpus (all split files present): wall time in a fresh
   process (imports included) and in-process, and the top clusters with their sizes.
2. Early-warning backtest on generated history with planted surges, over several seeds:
   detection rate, delay and false alarms per week, by surge size.
3. Reply quality against the weak labels of the tipdm replies data: AUC per aspect, and the
   overall-score cut chosen on train and checked on dev.
4. Call inspection: totals of the good and bad transcripts in tests/insights/transcripts.

Writes a JSON summary to stdout's last line (for CI logs) after the readable report.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _splits(folder: str) -> list[Path]:
    return [p for name in ("train", "dev", "test") if (p := SHARED / folder / f"{name}.csv").exists()]


def hotspots(top: int = 10) -> dict[str, Any]:
    from hotline.loop.insights.hotspots import mine
    from hotline.loop.insights.records import read_messages_csv

    files = _splits("tipdm2020c_hotspot")
    if not files:
        return {"skipped": "没有找到 tipdm2020c_hotspot 数据"}
    code = (
        "import sys,time;t=time.perf_counter();"
        "from hotline.loop.insights.records import read_messages_csv;from hotline.loop.insights.hotspots import mine;"
        "m=[x for f in sys.argv[1:] for x in read_messages_csv(f)];r=mine(m,top=10);"
        "print(len(m),round(time.perf_counter()-t,2))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True
    ).stdout.split()
    messages = [m for f in files for m in read_messages_csv(f)]
    began = time.perf_counter()
    report = mine(messages, top=top)
    seconds = time.perf_counter() - began
    return {
        "files": [p.name for p in files],
        "messages": int(out[0]),
        "fresh_process_seconds": float(out[1]),
        "in_process_seconds": round(seconds, 2),
        "clusters": report.clusters,
        "top": [
            {
                "rank": h.rank,
                "label": h.label,
                "heat": h.heat,
                "messages": h.messages,
                "callers": h.callers,
                "likes": h.likes,
            }
            for h in report.hotspots
        ],
    }


def warnings(seeds: tuple[int, ...] = (1, 2, 3, 42, 7)) -> dict[str, Any]:
    from hotline.loop.insights.backtest import SIZES, backtest, generate

    runs = [backtest(generate(seed=s)) for s in seeds]
    surges = sum(r.surges for r in runs)
    detected = sum(r.detected for r in runs)
    delays = [d for r in runs for d in r.delays_hours]
    weeks = sum(r.weeks for r in runs)
    by_size = {}
    for size in SIZES:
        n = sum(r.by_size[size]["surges"] for r in runs)
        d = sum(r.by_size[size]["detected"] for r in runs)
        med = [r.by_size[size]["median_delay_hours"] for r in runs if r.by_size[size]["detected"]]
        by_size[size] = {
            "extra_calls": SIZES[size],
            "detected": f"{int(d)}/{int(n)}",
            "median_delay_hours": round(statistics.median(med), 2) if med else None,
        }
    return {
        "seeds": list(seeds),
        "weeks_scored": weeks,
        "pairs": 40,
        "surges": surges,
        "detection_rate": round(detected / surges, 3),
        "median_delay_hours": round(statistics.median(delays), 2),
        "p90_delay_hours": round(sorted(delays)[int(0.9 * (len(delays) - 1))], 2),
        "false_alarms_per_week": round(sum(r.false_alarms for r in runs) / weeks, 2),
        "by_size": by_size,
    }


def _auc(y: list[int], s: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, s)), 3)


def replies() -> dict[str, Any]:
    from hotline.loop.insights.records import read_replies_csv
    from hotline.loop.insights.reply_quality import ASPECTS, score_reply

    out: dict[str, Any] = {}
    cut = None
    for split in ("train", "dev"):
        path = SHARED / "tipdm2020c_replies" / f"{split}.csv"
        if not path.exists():
            return {"skipped": "没有找到 tipdm2020c_replies 数据"}
        rows = read_replies_csv(path)
        began = time.perf_counter()
        scores = [
            score_reply(r.title, r.detail, r.reply, received_at=r.time, replied_at=r.reply_time) for r in rows
        ]
        ms = (time.perf_counter() - began) / len(rows) * 1000
        res: dict[str, Any] = {"rows": len(rows), "ms_per_reply": round(ms, 2)}
        for label in ("interpretability_syucryingstar", "completeness_rollbear", "interpretability_rollbear"):
            idx = [i for i, r in enumerate(rows) if r.labels and label in r.labels]
            y = [rows[i].labels[label] for i in idx]  # type: ignore[index]
            if len(set(y)) < 2:
                continue
            aucs = {a: _auc(y, [getattr(scores[i], a).score or 0 for i in idx]) for a in ASPECTS}
            aucs["overall"] = _auc(y, [scores[i].overall for i in idx])
            res[label] = {"n": len(idx), "auc": aucs}
        idx = [i for i, r in enumerate(rows) if r.labels and "interpretability_syucryingstar" in r.labels]
        y = [rows[i].labels["interpretability_syucryingstar"] for i in idx]  # type: ignore[index]
        s = [scores[i].overall for i in idx]
        if split == "train":
            # Calibrate: the cut on the overall score that best reproduces the label on train.
            best = max(
                range(0, 101), key=lambda c: sum((v >= c) == bool(t) for v, t in zip(s, y, strict=True))
            )
            cut = best
        assert cut is not None
        acc = sum((v >= cut) == bool(t) for v, t in zip(s, y, strict=True)) / len(y)
        base = max(sum(y), len(y) - sum(y)) / len(y)
        res["cut"] = {"overall_at_least": cut, "accuracy": round(acc, 3), "majority_baseline": round(base, 3)}
        out[split] = res
    return out


def inspection() -> dict[str, Any]:
    from hotline.loop.inspection import inspect_call, read_transcript

    folder = ROOT / "tests" / "insights" / "transcripts"
    good = {p.stem: inspect_call(read_transcript(p)).total for p in sorted(folder.glob("good_*.json"))}
    bad = {p.stem: inspect_call(read_transcript(p)).total for p in sorted(folder.glob("bad_*.json"))}
    return {"good": good, "bad": bad, "min_good": min(good.values()), "max_bad": max(bad.values())}


def main() -> None:
    results = {
        "hotspots": hotspots(),
        "warnings": warnings(),
        "replies": replies(),
        "inspection": inspection(),
    }
    h = results["hotspots"]
    if "skipped" not in h:
        print(
            f"热点：{h['messages']} 条留言（{'、'.join(h['files'])}），新进程 {h['fresh_process_seconds']} 秒，进程内 {h['in_process_seconds']} 秒，成簇 {h['clusters']} 个"
        )
        for t in h["top"]:
            print(
                f"  {t['rank']:>2}. 热度 {t['heat']:>5}  {t['messages']:>3} 条 {t['callers']:>3} 人 点赞 {t['likes']:>5}  {t['label']}"
            )
    w = results["warnings"]
    print(
        f"预警回测：{len(w['seeds'])} 个种子 × 10 周（40 个问题-地点组合），埋入 {w['surges']} 次，发现率 {w['detection_rate']:.0%}，"
        f"中位延迟 {w['median_delay_hours']} 小时（P90 {w['p90_delay_hours']}），误报每周 {w['false_alarms_per_week']} 次"
    )
    for size, s in w["by_size"].items():
        print(
            f"  {size:<6} +{s['extra_calls']:>2} 件：{s['detected']}，中位延迟 {s['median_delay_hours']} 小时"
        )
    r = results["replies"]
    for split in ("train", "dev"):
        if split in r:
            x = r[split]
            print(f"答复质量（{split}，{x['rows']} 条，{x['ms_per_reply']} ms/条）：")
            for label, v in x.items():
                if isinstance(v, dict) and "auc" in v:
                    print(
                        f"  {label}（n={v['n']}）AUC：" + "  ".join(f"{k} {a}" for k, a in v["auc"].items())
                    )
            c = x["cut"]
            print(
                f"  总分 ≥ {c['overall_at_least']} 判为“解释性好”：准确率 {c['accuracy']}（多数类基线 {c['majority_baseline']}）"
            )
    i = results["inspection"]
    print(
        f"质检：好通话 {sorted(i['good'].values())}，差通话 {sorted(i['bad'].values())}，最低好 {i['min_good']} > 最高差 {i['max_bad']}"
    )
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
