"""How tickets and their parts look in the API (plain dicts, JSON-ready).

Datetimes are ISO 8601 naive local time (Asia/Shanghai), like the analysis record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.analysis import APPEAL_KIND_ZH
from hotline.store.models import Event, Message, Task, Ticket, Unit, Visit
from hotline.tickets.lifecycle import MOVES, STATE_ZH

SATISFACTION_ZH = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
TASK_ZH = {
    "progress_update": "向来电人反馈进度",
    "return_visit": "回访",
    "route_review": "派单复核",
    "redispatch": "退单重派",
    "extension_review": "延期审批",
    "supervise": "督办",
}
ACTION_ZH = {
    "create": "登记",
    "merged_in": "并入工单",
    "overdue": "超时",
    "task_overdue": "任务超时",
    **{name: m.label for name, m in MOVES.items()},
}
CHANNEL_ZH = {
    "phone": "电话",
    "web": "网站",
    "app": "手机应用",
    "wechat": "微信",
    "letter": "来信",
    "email": "电子邮件",
    "open311": "开放接口",
    "import": "批量导入",
}


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


def unit_ref(units: dict[str, Unit], code: str | None) -> dict[str, str] | None:
    if not code:
        return None
    unit = units.get(code)
    return {"code": code, "name": unit.name if unit else code}


def is_overdue(t: Ticket, now: datetime) -> bool:
    if t.status == "dispatched":
        return bool(t.accept_by and now > t.accept_by)
    if t.status in ("accepted", "reopened"):
        return bool(t.reply_by and now > t.reply_by)
    return False


def ticket_summary(
    t: Ticket,
    *,
    units: dict[str, Unit],
    co_units: list[str],
    now: datetime,
    caller: dict[str, Any] | None,
    moves: list[str],
    merged_number: str | None = None,
) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "status": t.status,
        "status_label": STATE_ZH.get(t.status, t.status),
        "channel": t.channel,
        "appeal_kind": t.appeal_kind,
        "appeal_kind_label": APPEAL_KIND_ZH.get(t.appeal_kind, t.appeal_kind),
        "category": t.category,
        "urgency": t.urgency,
        "summary": t.summary,
        "place": {"district": t.place_district, "street": t.place_street, "text": t.place_text},
        "lead_unit": unit_ref(units, t.lead_unit),
        "co_units": [u for u in (unit_ref(units, c) for c in co_units) if u],
        "caller": caller,
        "deadlines": {
            "accept_by": iso(t.accept_by),
            "reply_by": iso(t.reply_by),
            "feedback_by": iso(t.feedback_by),
            "visit_by": iso(t.visit_by),
            "return_by": iso(t.return_by),
            "provisional": t.deadline_provisional,
            "rule": t.deadline_rule,
        },
        "overdue": is_overdue(t, now),
        "supervised": t.supervised,
        "returns_count": t.returns_count,
        "reopen_count": t.reopen_count,
        "extension": {
            "pending_days": t.extension_days_pending,
            "reason": t.extension_reason,
            "granted": t.extensions_granted,
        },
        "reply": (
            {"content": t.reply_content, "resolved": t.resolved, "at": iso(t.replied_at)}
            if t.reply_content is not None
            else None
        ),
        "satisfaction": t.satisfaction,
        "direct_answer": t.direct_answer,
        "merged_into": {"id": t.merged_into, "number": merged_number} if t.merged_into else None,
        "confidential": t.confidential,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
        "dispatched_at": iso(t.dispatched_at),
        "accepted_at": iso(t.accepted_at),
        "replied_at": iso(t.replied_at),
        "closed_at": iso(t.closed_at),
        "version": t.version,
        "moves": moves,
    }


def event_view(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": iso(e.at),
        "actor": e.actor,
        "actor_role": e.actor_role,
        "action": e.action,
        "action_label": ACTION_ZH.get(e.action, e.action),
        "from_state": e.from_state,
        "to_state": e.to_state,
        "note": e.note,
        "payload": e.payload or {},
    }


def task_view(task: Task, now: datetime, ticket_number: str | None = None) -> dict[str, Any]:
    return {
        "id": task.id,
        "kind": task.kind,
        "kind_label": TASK_ZH.get(task.kind, task.kind),
        "title": task.title,
        "ticket_id": task.ticket_id,
        "ticket_number": ticket_number,
        "due_at": iso(task.due_at),
        "overdue": task.status == "open" and now > task.due_at,
        "status": task.status,
        "assignee_role": task.assignee_role,
        "assignee_id": task.assignee_id,
        "unit": task.unit_code,
        "claimed_by": task.claimed_by,
        "created_at": iso(task.created_at),
        "done_at": iso(task.done_at),
        "result": task.result,
        "escalated_at": iso(task.escalated_at),
    }


def visit_view(v: Visit) -> dict[str, Any]:
    return {
        "id": v.id,
        "round": v.round,
        "at": iso(v.at),
        "satisfaction": v.satisfaction,
        "satisfaction_label": SATISFACTION_ZH.get(v.satisfaction, v.satisfaction),
        "resolved": v.resolved,
        "note": v.note,
        "unit": v.unit_code,
    }


def message_view(m: Message, *, recipient: str | None, ticket_number: str | None = None) -> dict[str, Any]:
    return {
        "id": m.id,
        "ticket_id": m.ticket_id,
        "ticket_number": ticket_number,
        "kind": m.kind,
        "recipient": recipient,
        "body": m.body,
        "status": m.status,
        "channel": m.channel,
        "attempts": m.attempts,
        "error": m.error,
        "created_at": iso(m.created_at),
        "sent_at": iso(m.sent_at),
    }
