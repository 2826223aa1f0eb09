"""The follow-up scheduler: chases overdue tickets and tasks and sends the outbox.

One `tick()` does a round of work; `run_forever()` repeats it (inside `hotline serve` as a
background thread, or as `hotline worker` in its own process). Several schedulers may run
against one database at once: each step claims its rows (PostgreSQL `FOR UPDATE SKIP LOCKED`;
SQLite's single writer with `BEGIN IMMEDIATE`, and an atomic `UPDATE … WHERE claimed_by IS
NULL` for the outbox) and records what it did on the rows themselves, so no ticket is
supervised twice for one deadline and no message is sent twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from hotline.config import Settings
from hotline.loop.outbox import Delivery, Sender, deliver_pending
from hotline.store.db import Store
from hotline.tickets.clock import Clock
from hotline.tickets.service import TicketService

log = logging.getLogger("hotline.worker")


@dataclass
class TickReport:
    overdue_tickets: int = 0
    overdue_tasks: int = 0
    reminded_tasks: int = 0
    delivery: Delivery = field(default_factory=Delivery)

    def busy(self) -> bool:
        d = self.delivery
        return any(
            (self.overdue_tickets, self.overdue_tasks, self.reminded_tasks, d.sent, d.retried, d.failed)
        )


def worker_name(prefix: str = "worker") -> str:
    """Unique per process and thread: claims are made in this name."""
    return f"{prefix}:{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:64]


def tick(store: Store, settings: Settings, clock: Clock, sender: Sender, *, worker: str) -> TickReport:
    service = TicketService(store, settings=settings, clock=clock)
    report = TickReport()
    report.overdue_tickets = service.sweep_overdue()
    report.overdue_tasks = service.escalate_overdue_tasks()
    report.reminded_tasks = service.remind_due_soon()
    report.delivery = deliver_pending(store, sender, clock(), worker=worker)
    if report.busy():
        d = report.delivery
        log.info(
            "scheduler %s: %d overdue tickets, %d overdue tasks, %d reminders, messages sent %d / retry %d / failed %d",
            worker,
            report.overdue_tickets,
            report.overdue_tasks,
            report.reminded_tasks,
            d.sent,
            d.retried,
            d.failed,
        )
    return report


def run_forever(
    store: Store,
    settings: Settings,
    clock: Clock,
    sender: Sender,
    stop: threading.Event,
    *,
    interval: float = 30.0,
    worker: str = "worker",
) -> None:
    """Tick every `interval` seconds until `stop` is set; an error is logged and the loop goes on."""
    name = worker_name(worker)
    while not stop.is_set():
        try:
            tick(store, settings, clock, sender, worker=name)
        except Exception:
            log.exception("scheduler tick failed")
        stop.wait(interval)
