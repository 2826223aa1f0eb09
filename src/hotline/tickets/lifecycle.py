"""The ticket lifecycle: ONE table of states and the legal moves between them.

    registered ──dispatch──▶ dispatched ──accept──▶ accepted ──reply──▶ replied ──close──▶ closed
        │                      │    ▲                  │                  │
        │ direct_answer        │    └──dispatch── returned ◀──return──────┘(from accepted too)
        ▼                      ▼                                          │ reopen (unsatisfied or
      closed                 returned                        reopened ◀───┘  unresolved visit)
                                                                 │ reply
    merge: any open, not yet replied state ──▶ merged            ▼ replied

Supervision (督办), extension requests and progress updates do not change the state: they are
moves whose target is `None`, recorded in the trail, with flags on the ticket. Everything that
changes a ticket goes through `transition()`, so a move missing here cannot happen anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hotline.errors import Conflict, Forbidden

State = Literal["registered", "dispatched", "accepted", "returned", "replied", "reopened", "closed", "merged"]
STATES: tuple[State, ...] = (
    "registered",
    "dispatched",
    "accepted",
    "returned",
    "replied",
    "reopened",
    "closed",
    "merged",
)
STATE_ZH: dict[str, str] = {
    "registered": "已登记",
    "dispatched": "已派单",
    "accepted": "已签收",
    "returned": "已退单",
    "replied": "已答复",
    "reopened": "重办中",
    "closed": "已办结",
    "merged": "已并单",
}
FINAL_STATES: frozenset[str] = frozenset({"closed", "merged"})
OPEN_STATES: frozenset[str] = frozenset(STATES) - FINAL_STATES
# States in which a unit is working the ticket against `reply_by`.
HANDLING_STATES: frozenset[str] = frozenset({"accepted", "reopened"})

Scope = Literal["centre", "lead", "involved"]
Guard = Literal["", "no_pending_extension", "pending_extension"]


@dataclass(frozen=True)
class Move:
    name: str
    label: str  # the Chinese verb, used in messages: "不能签收"
    sources: frozenset[str]
    target: str | None  # None: the state stays as it is
    roles: frozenset[str]
    # centre: done by the hotline centre; lead: only the lead unit's handler;
    # involved: the lead or a co-handling unit's handler.
    scope: Scope = "centre"
    guard: Guard = ""


def _m(
    name: str,
    label: str,
    sources: set[str] | frozenset[str],
    target: str | None,
    roles: set[str],
    scope: Scope = "centre",
    guard: Guard = "",
) -> Move:
    return Move(name, label, frozenset(sources), target, frozenset(roles), scope, guard)


_CENTRE = {"operator", "shift_leader", "admin"}
_LEADERS = {"shift_leader", "admin"}
_UNIT = {"unit_handler"}
_MERGEABLE = {"registered", "dispatched", "accepted", "returned", "reopened"}

MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        _m("direct_answer", "直接答复办结", {"registered"}, "closed", _CENTRE | {"expert"}),
        _m("dispatch", "派单", {"registered", "returned"}, "dispatched", _CENTRE | {"expert"}),
        _m("accept", "签收", {"dispatched"}, "accepted", _UNIT, "lead"),
        _m("return", "退单", {"dispatched", "accepted"}, "returned", _UNIT, "lead"),
        _m(
            "request_extension",
            "申请延期",
            HANDLING_STATES,
            None,
            _UNIT,
            "lead",
            "no_pending_extension",
        ),
        _m("approve_extension", "批准延期", HANDLING_STATES, None, _LEADERS, guard="pending_extension"),
        _m("refuse_extension", "驳回延期", HANDLING_STATES, None, _LEADERS, guard="pending_extension"),
        _m("reply", "答复", HANDLING_STATES, "replied", _UNIT, "lead"),
        _m("close", "回访后办结", {"replied"}, "closed", _CENTRE),
        _m("reopen", "重办", {"replied"}, "reopened", _CENTRE),
        _m("merge", "并单", _MERGEABLE, "merged", _CENTRE),
        _m("supervise", "督办", OPEN_STATES - {"registered"}, None, _LEADERS | {"manager"}),
        _m("note", "填写协办意见", {"dispatched", "accepted", "reopened"}, None, _UNIT, "involved"),
        _m("update", "向来电人反馈进度", OPEN_STATES, None, _CENTRE),
    )
}


def move(name: str) -> Move:
    try:
        return MOVES[name]
    except KeyError:
        raise Conflict("unknown_move", f"没有名为 {name} 的工单操作") from None


def _guard_ok(m: Move, extension_pending: bool) -> bool:
    if m.guard == "no_pending_extension":
        return not extension_pending
    if m.guard == "pending_extension":
        return extension_pending
    return True


def is_legal(state: str, name: str, *, extension_pending: bool = False) -> bool:
    m = MOVES.get(name)
    return m is not None and state in m.sources and _guard_ok(m, extension_pending)


def transition(state: str, name: str, *, extension_pending: bool = False) -> str:
    """The state after `name`, or a 409 that names the state and the move in Chinese."""
    m = move(name)
    if state not in m.sources:
        allowed = [MOVES[n].label for n in legal_moves(state, extension_pending=extension_pending)]
        hint = f"；当前可以：{'、'.join(allowed)}" if allowed else "；该工单已结束，不能再操作"
        raise Conflict(
            "illegal_move",
            f"工单当前状态为「{STATE_ZH.get(state, state)}」，不能{m.label}{hint}",
            state=state,
            move=name,
            allowed=legal_moves(state, extension_pending=extension_pending),
        )
    if not _guard_ok(m, extension_pending):
        message = (
            "已有待审批的延期申请，不能重复申请"
            if m.guard == "no_pending_extension"
            else "没有待审批的延期申请"
        )
        raise Conflict("illegal_move", f"{message}（{m.label}）", state=state, move=name)
    return m.target or state


def legal_moves(state: str, *, extension_pending: bool = False) -> list[str]:
    return [n for n, m in MOVES.items() if state in m.sources and _guard_ok(m, extension_pending)]


def check_role(name: str, role: str) -> None:
    """Refuse a move the role may not make (403), naming the role and the move."""
    from hotline.tickets.roles import ROLE_ZH

    m = move(name)
    if role not in m.roles:
        raise Forbidden(
            "wrong_role",
            f"{ROLE_ZH.get(role, role)}无权{m.label}",
            role=role,
            move=name,
            roles=sorted(m.roles),
        )


def moves_for(state: str, role: str, *, extension_pending: bool = False) -> list[str]:
    """The moves a role can make now: what a page shows as buttons."""
    return [n for n in legal_moves(state, extension_pending=extension_pending) if role in MOVES[n].roles]
