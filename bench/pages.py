"""Render time of every console page with the demonstration centre's data, as a table.

    .venv/bin/python bench/pages.py [--tickets 300] [--runs 30] [--db var/bench-pages.db]

Builds the demonstration centre (as `hotline demo` does) in a fresh SQLite file, logs in as each
role and times each page through the real app in-process (TestClient: routing, session, services,
database, templates; no network). Target: p99 under 200 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 200.0

# (role's username, page): what each role opens during a shift.
PAGES: list[tuple[str, str]] = [
    ("operator", "/workspace"),
    ("operator", "/tickets"),
    ("operator", "/tickets/{ticket}"),
    ("leader", "/desk"),
    ("leader", "/expert"),
    ("expert", "/expert"),
    ("{unit}", "/inbox"),
    ("{unit}", "/tickets/{unit_ticket}"),
    ("manager", "/dashboard"),
    ("manager", "/dashboard?period=90d"),
    ("manager", "/dashboard/export.xlsx?period=90d"),
    ("admin", "/admin"),
]
POSTS: list[tuple[str, str, dict[str, str]]] = [
    (
        "operator",
        "/workspace/panel",
        {
            "text": "我已经打了三次电话了！西湖区文新街道嘉绿苑小区12幢电梯坏了一个星期，物业不管，老人下不了楼。我姓王，电话13867112345。"
        },
    ),
    ("operator", "/workspace/lint", {"reply": "这个问题应该三天左右能处理好，您再等等。"}),
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认临时目录）")
    args = parser.parse_args()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        from hotline.listen.segment import warm

        warm()
    from fastapi.testclient import TestClient

    from hotline.config import Settings
    from hotline.demo_data import DEMO_PASSWORD, build_demo
    from hotline.store.db import Store
    from hotline.tickets.clock import system_clock
    from hotline.web.app import create_app

    directory = args.db.parent if args.db else Path(tempfile.mkdtemp(prefix="bench-pages-"))
    path = args.db or directory / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    settings = Settings(
        data_dir=directory, database_url=f"sqlite:///{path.as_posix()}", secret_key="bench" * 10
    )
    store = Store.open(settings.database(), migrate=True)
    started = time.perf_counter()
    centre = build_demo(store, settings, now=system_clock(), tickets=args.tickets)
    built = time.perf_counter() - started
    with store.read() as tx:
        from hotline.store.repo import TicketFilter

        rows, _ = tx.tickets(TicketFilter(status=("accepted", "dispatched", "reopened")), limit=200)
        busiest: dict[str, int] = {}
        for t in rows:
            if t.lead_unit:
                busiest[t.lead_unit] = busiest.get(t.lead_unit, 0) + 1
        unit = max(busiest, key=lambda u: busiest[u])
        unit_ticket = next(t.id for t in rows if t.lead_unit == unit)
        last, _ = tx.tickets(TicketFilter(), limit=1)
        ticket = last[0].id
    store.dispose()

    app = create_app(settings)
    # The demo build leaves many objects behind; a long-running server would have collected
    # them long ago. Freeze them so a full collection of the builder's garbage is not timed.
    import gc

    gc.collect()
    gc.freeze()
    clients: dict[str, TestClient] = {}
    csrf: dict[str, str] = {}

    def client(user: str) -> TestClient:
        if user not in clients:
            c = TestClient(app)
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
            assert token
            r = c.post(
                "/login", data={"username": user, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
            )
            found = re.search(r'"X-CSRF-Token": "([^"]+)"', r.text)
            csrf[user] = found.group(1) if found else ""
            clients[user] = c
        return clients[user]

    rows_out: list[tuple[str, str, float, float, float, int]] = []
    values = {"ticket": str(ticket), "unit": unit, "unit_ticket": str(unit_ticket)}

    def measure(user: str, label: str, call: object) -> None:
        times: list[float] = []
        size = 0
        for i in range(args.runs + 2):
            s = time.perf_counter()
            r = call()  # type: ignore[operator]
            elapsed = (time.perf_counter() - s) * 1000
            assert r.status_code == 200, (label, r.status_code, r.text[:300])
            size = len(r.content)
            if i >= 2:  # the first two warm caches
                times.append(elapsed)
        rows_out.append((user, label, pct(times, 50), pct(times, 99), statistics.mean(times), size))

    for user_t, page_t in PAGES:
        user, page = user_t.format(**values), page_t.format(**values)
        c = client(user)
        measure(user, page, lambda c=c, page=page: c.get(page))
    for user, page, data in POSTS:
        c = client(user)
        measure(
            user,
            f"POST {page}",
            lambda c=c, page=page, data=data, token=csrf[user]: c.post(
                page, data=data, headers={"X-CSRF-Token": token}
            ),
        )

    print(
        f"demo centre: {centre.tickets} tickets, built in {built:.1f} s; {args.runs} runs per page, in-process"
    )
    print()
    print("| role | page | p50 ms | p99 ms | mean ms | bytes |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for user, label, p50, p99, mean, size in rows_out:
        worst = max(worst, p99)
        print(f"| {user} | {label} | {p50:.1f} | {p99:.1f} | {mean:.1f} | {size} |")
    print()
    verdict = "met" if worst < TARGET_MS else "MISSED"
    print(f"target: every page p99 < {TARGET_MS:.0f} ms — {verdict} (worst p99 {worst:.1f} ms)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
