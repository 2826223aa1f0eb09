"""Live hand-ups to the shift leader and policy questions to the experts, kept as tasks.

The ticket service has tasks for tickets; a live call has no ticket yet, so these tasks have
none (`ticket_id` is empty) and carry who asked in their title: "[坐席 王芳] …". The expert's
answer is the task's result; when it is worth keeping, it is also written as a knowledge-base
draft (Markdown, the knowledge base's own format) under `data_dir/kb-drafts/` for the
knowledge-base editors to review and publish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hotline.errors import Conflict, Forbidden, InputError, NotFound
from hotline.store.db import Store
from hotline.store.models import Task
from hotline.tickets.roles import ROLE_ZH, Actor

HANDUP = "handup"
QUESTION = "expert_question"
HANDUP_WITHIN = timedelta(minutes=5)
ANSWER_WITHIN = timedelta(minutes=30)
_ASKER = re.compile(r"^\[(?P<who>[^\]]{1,60})\] ?")
MAX_QUESTION = 150


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    asker: str  # username
    asker_name: str  # display name, for the desks
    body: str
    created_at: datetime
    due_at: datetime
    status: str
    result: str | None
    done_at: datetime | None
    overdue: bool


def _title(actor: Actor, body: str) -> str:
    return f"[{actor.username}] {body}"[:200]


def _item(task: Task, now: datetime, names: dict[str, str] | None = None) -> Item:
    m = _ASKER.match(task.title or "")
    asker = m.group("who") if m else ""
    asker_name = (names or {}).get(asker) or asker
    body = (task.title or "")[m.end() :] if m else (task.title or "")
    return Item(
        id=task.id,
        kind=task.kind,
        asker=asker,
        asker_name=asker_name,
        body=body,
        created_at=task.created_at,
        due_at=task.due_at,
        status=task.status,
        result=task.result,
        done_at=task.done_at,
        overdue=task.status == "open" and now > task.due_at,
    )


def hand_up(store: Store, actor: Actor, *, reason: str, text: str, now: datetime) -> int:
    """Ask the shift leader to take over or join a live call now."""
    if actor.role not in ("operator", "shift_leader", "admin"):
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}不能发起升级")
    excerpt = " ".join(text.split())[:120]
    body = f"{reason.strip() or '坐席请求值班长协助'}｜来电：{excerpt}" if excerpt else reason.strip()
    return _open_task(store, HANDUP, _title(actor, body), "shift_leader", now, now + HANDUP_WITHIN)


def ask_expert(store: Store, actor: Actor, *, question: str, now: datetime) -> int:
    """Hand a policy question up to the business experts."""
    question = " ".join(question.split())
    if not question:
        raise InputError("question_required", "请填写要请教的问题")
    if len(question) > MAX_QUESTION:
        raise InputError("question_too_long", f"问题请控制在 {MAX_QUESTION} 字以内")
    return _open_task(store, QUESTION, _title(actor, question), "expert", now, now + ANSWER_WITHIN)


def _open_task(store: Store, kind: str, title: str, role: str, now: datetime, due_at: datetime) -> int:
    """A task with no ticket behind it (a live call handed up, a question asked), for a role's desk."""
    with store.write() as tx:
        task = Task(
            kind=kind,
            ticket_id=None,
            title=title,
            due_at=due_at,
            status="open",
            assignee_role=role,
            attempts=0,
            created_at=now,
        )
        tx.add(task)
        tx.flush()
        return task.id


def open_items(store: Store, kind: str, now: datetime, *, limit: int = 50) -> list[Item]:
    with store.read() as tx:
        rows, _ = tx.tasks(status="open", kinds=[kind], limit=limit)
        names = {u.username: u.display_name or u.username for u in tx.users()} if rows else {}
        return [_item(t, now, names) for t in rows]


def items_of(store: Store, actor: Actor, kind: str, now: datetime, *, limit: int = 20) -> list[Item]:
    """The actor's own hand-ups or questions, newest first, open and answered."""
    with store.read() as tx:
        rows, _ = tx.tasks(status=None, kinds=[kind], limit=500)
    mine = [_item(t, now) for t in rows if (t.title or "").startswith(f"[{actor.username}]")]
    mine.sort(key=lambda i: i.created_at, reverse=True)
    return mine[:limit]


def close_item(store: Store, actor: Actor, task_id: int, *, kind: str, result: str, now: datetime) -> Item:
    """Answer a question (expert) or settle a hand-up (shift leader)."""
    allowed = {HANDUP: ("shift_leader", "admin"), QUESTION: ("expert", "shift_leader", "admin")}[kind]
    if actor.role not in allowed:
        raise Forbidden("wrong_role", f"{ROLE_ZH.get(actor.role, actor.role)}不能处理这项请求")
    result = result.strip()
    if not result:
        raise InputError("content_required", "请填写答复内容" if kind == QUESTION else "请填写处理情况")
    with store.write() as tx:
        task = tx.get(Task, task_id)
        if task is None or task.kind != kind:
            raise NotFound("task_not_found", f"请求 {task_id} 不存在", task_id=task_id)
        if task.status != "open":
            raise Conflict("task_closed", "这项请求已经处理过了", task_id=task_id)
        task.status, task.done_at, task.done_by = "done", now, actor.id
        task.result = (
            f"{result}（{ROLE_ZH.get(actor.role, actor.role)} {actor.display_name or actor.username}）"
        )
        task.claimed_by, task.claimed_at = actor.username, now
        return _item(task, now)


def kb_draft(folder: Path, item: Item, answer: str, *, category: str, now: datetime) -> Path:
    """Write the question and the expert's answer as a knowledge-base draft; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"expert-answer-{item.id}.md"
    title = item.body.replace("\n", " ").replace('"', "'")[:60]
    lines = [
        "---",
        f'title: "{title}"',
        f"category: {category or '其他'}",
        "keywords: []",
        f"valid_from: {now.date().isoformat()}",
        "valid_to: null",
        "source: 业务专家答复（草稿，待知识库编辑审核后发布）",
        "sample: false",
        "---",
        "",
        "## 问题",
        item.body,
        "",
        "## 答复口径",
        answer.strip(),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def as_dict(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "asker": item.asker,
        "body": item.body,
        "status": item.status,
        "result": item.result,
        "overdue": item.overdue,
    }


def request_route_review(
    store: Store, ticket_id: int, *, now: datetime, within: timedelta = timedelta(hours=1)
) -> int:
    """Ask the experts to choose the lead unit of a ticket the operator registered without dispatching."""
    with store.write() as tx:
        if tx.ticket_tasks(ticket_id, kind="route_review", status="open"):
            return 0
        task = Task(
            kind="route_review",
            ticket_id=ticket_id,
            title="派单复核：坐席请专家确定主办单位",
            due_at=now + within,
            status="open",
            assignee_role="expert",
            attempts=0,
            created_at=now,
        )
        tx.add(task)
        tx.flush()
        return task.id
