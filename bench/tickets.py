"""Ticket store benchmark: creations per second and p99 latency, and finding overdue tickets among a million.

    .venv/bin/python bench/tickets.py [--creates 300] [--threads 4] [--rows 1000000]

Creations go through `TicketService.create` — the analysis of the text, the caller, the call,
the ticket, its dispatch, events, task and outbox message, in one transaction — on a fresh
SQLite file, and on PostgreSQL when HOTLINE_TEST_POSTGRES_URL is set (a throw-away schema).
For the overdue query, `--rows` tickets (and their calls) are bulk-loaded through the driver
(executemany on SQLite, COPY on PostgreSQL); then the scheduler's queries run: count the
overdue ones and fetch the first batch of 200 to chase, using the (status, reply_by) and
(status, accept_by) indexes.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from hotline.config import Settings
from hotline.store.db import Store
from hotline.store.models import Ticket
from hotline.store.repo import overdue_clause
from hotline.store.testing import postgres_schema, postgres_url
from hotline.tickets.clock import FakeClock
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.testing import seed_units, seed_users

START = datetime(2026, 11, 27, 10, 0)
TEXTS = [
    "小区门口的路灯坏了一个星期了，晚上出门很不安全，希望尽快修好。",
    "楼下烧烤店油烟直排，熏得我们家没法开窗，晚上还吵到半夜。",
    "我们楼的电梯已经坏了五天了，物业一直说在等配件，家里老人上不了楼。",
    "菜市场门口的下水道堵了，污水漫到路面上，臭味很大。",
    "学校门口早晚高峰没有交警疏导，车辆乱停，孩子过马路很危险。",
    "公司拖欠了我三个月工资一共一万二千元，老板一直找借口不给。",
    "想咨询一下老旧小区加装电梯的补贴标准和申请流程。",
    "河道里漂着大量垃圾，气味很难闻，已经好几天没人清理了。",
]
UNITS = ["T-ZJ", "T-CG", "T-JD", "T-SW"]


def databases() -> Iterator[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        yield "SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}"
    base = postgres_url()
    if base:
        with postgres_schema(base) as url:
            yield "PostgreSQL", url


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def bench_creates(url: str, n: int, threads: int) -> dict[str, float]:
    store = Store.open(url, migrate=True)
    seed_units(store)
    with tempfile.TemporaryDirectory() as tmp:
        service = TicketService(store, settings=Settings(data_dir=Path(tmp)), clock=FakeClock(START))
        op = seed_users(store, START)["op"]
        # Warm up: jieba, the models, the statement cache.
        for i in range(5):
            service.create(op, NewTicket(text=TEXTS[i], unit="T-CG", caller_phone="13000000000"))
        latencies: list[float] = []
        lock = threading.Lock()

        def work(k: int) -> None:
            rng = random.Random(k)
            mine: list[float] = []
            for i in range(n // threads):
                req = NewTicket(
                    text=f"{rng.choice(TEXTS)}（第{k}-{i}次）",
                    unit=rng.choice(UNITS),
                    caller_phone=f"139{k:04d}{i:04d}",
                    caller_name="测试",
                )
                t0 = time.perf_counter()
                service.create(op, req)
                mine.append(time.perf_counter() - t0)
            with lock:
                latencies.extend(mine)

        t0 = time.perf_counter()
        workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - t0
    store.dispose()
    return {
        "per_second": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": pct(latencies, 99) * 1000,
    }


STATUS_MIX = [
    ("closed", 0.90),
    ("replied", 0.02),
    ("accepted", 0.05),
    ("dispatched", 0.02),
    ("returned", 0.01),
]


def bulk_load(store: Store, rows: int) -> float:
    """Insert `rows` calls and tickets straight through the driver; return the seconds it took."""
    rng = random.Random(7)
    now = START
    statuses = [s for s, share in STATUS_MIX for _ in range(int(share * 100))]
    t0 = time.perf_counter()
    raw = store.engines.write.raw_connection()
    try:
        cur = raw.cursor()
        chunk = 50_000
        for base in range(0, rows, chunk):
            calls, tickets = [], []
            for i in range(base, min(rows, base + chunk)):
                created = now - timedelta(minutes=i % 500_000)
                status = statuses[i % len(statuses)]
                accept_by = created + timedelta(days=1)
                # A small share of the open tickets is past its deadline.
                reply_by = created + timedelta(days=rng.choice((-3, 5, 10, 15)))
                calls.append((i + 1, "phone", created, TEXTS[i % len(TEXTS)], 0, created))
                tickets.append(
                    (
                        i + 1,
                        f"B-{i + 1:08d}",
                        status,
                        "phone",
                        "complaint",
                        "城乡建设/物业管理",
                        "normal",
                        "",
                        UNITS[i % len(UNITS)],
                        i + 1,
                        created,
                        created,
                        accept_by,
                        reply_by,
                        False,
                        "",
                        0,
                        0,
                        0,
                        False,
                        False,
                        1,
                    )
                )
            if store.dialect == "postgresql":
                _copy(
                    cur,
                    "calls",
                    ("id", "channel", "received_at", "text", "repeat_calls", "created_at"),
                    calls,
                )
                _copy(cur, "tickets", TICKET_COLUMNS, tickets)
            else:
                cur.execute("BEGIN")
                cur.executemany(
                    "INSERT INTO calls (id, channel, received_at, text, repeat_calls, created_at) VALUES (?,?,?,?,?,?)",
                    [(a, b, c.isoformat(" "), d, e, f.isoformat(" ")) for a, b, c, d, e, f in calls],
                )
                cur.executemany(
                    f"INSERT INTO tickets ({', '.join(TICKET_COLUMNS)}) VALUES ({', '.join('?' * len(TICKET_COLUMNS))})",
                    [tuple(v.isoformat(" ") if isinstance(v, datetime) else v for v in t) for t in tickets],
                )
                cur.execute("COMMIT")
        if store.dialect == "postgresql":
            raw.commit()
            cur.execute("ANALYZE tickets")
            raw.commit()
        else:
            cur.execute("ANALYZE")
    finally:
        raw.close()
    return time.perf_counter() - t0


TICKET_COLUMNS = (
    "id",
    "number",
    "status",
    "channel",
    "appeal_kind",
    "category",
    "urgency",
    "summary",
    "lead_unit",
    "call_id",
    "created_at",
    "updated_at",
    "accept_by",
    "reply_by",
    "deadline_provisional",
    "deadline_rule",
    "returns_count",
    "reopen_count",
    "extensions_granted",
    "supervised",
    "confidential",
    "version",
)


def _copy(cur: object, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_pg_text(v) for v in row) + "\n")
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        copy.write(buf.getvalue())


def _pg_text(v: object) -> str:
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, datetime):
        return v.isoformat(" ")
    return str(v)


def bench_overdue(url: str, rows: int) -> dict[str, float]:
    store = Store.open(url, migrate=True)
    seed_units(store)
    load = bulk_load(store, rows)
    now = START
    timings: dict[str, list[float]] = {"count": [], "batch": []}
    found = 0
    for _ in range(5):
        with store.read() as tx:
            t0 = time.perf_counter()
            found = int(
                tx.session.scalar(select(func.count()).select_from(Ticket).where(overdue_clause(now))) or 0
            )
            timings["count"].append(time.perf_counter() - t0)
        with store.write() as tx:
            t0 = time.perf_counter()
            batch = tx.overdue_to_note(now, 200)
            timings["batch"].append(time.perf_counter() - t0)
            assert len(batch) == min(200, found)
    store.dispose()
    return {
        "rows": rows,
        "load_s": load,
        "overdue": found,
        "count_ms": statistics.median(timings["count"]) * 1000,
        "batch_ms": statistics.median(timings["batch"]) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    warnings.simplefilter("ignore", ResourceWarning)

    print("| 数据库 | 线程 | 建单/秒 | p50 毫秒 | p99 毫秒 |")
    print("|---|---|---|---|---|")
    for name, url in databases():
        for threads in (1, args.threads):
            r = bench_creates(url, args.creates, threads)
            print(f"| {name} | {threads} | {r['per_second']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |")
            sys.stdout.flush()
    print()
    print("| 数据库 | 工单数 | 批量写入 秒 | 超时工单数 | 计数 毫秒 | 取首批 200 张 毫秒 |")
    print("|---|---|---|---|---|---|")
    for name, url in databases():
        r = bench_overdue(url, args.rows)
        print(
            f"| {name} | {int(r['rows']):,} | {r['load_s']:.1f} | {int(r['overdue']):,} | "
            f"{r['count_ms']:.1f} | {r['batch_ms']:.1f} |"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
