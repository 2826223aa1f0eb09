"""The lifecycle table: every state reachable, no dead ends, illegal moves refused in Chinese;
and a hypothesis walk of random move sequences against the table."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.errors import Conflict, Forbidden
from hotline.tickets.lifecycle import (
    FINAL_STATES,
    MOVES,
    OPEN_STATES,
    STATE_ZH,
    STATES,
    check_role,
    is_legal,
    legal_moves,
    moves_for,
    transition,
)


def reachable(start: str) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        state = todo.popleft()
        for name in legal_moves(state, extension_pending=False) + legal_moves(state, extension_pending=True):
            target = MOVES[name].target or state
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_state_can_be_reached_from_registration() -> None:
    assert reachable("registered") == set(STATES)


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_every_open_ticket_can_still_be_closed(state: str) -> None:
    assert "closed" in reachable(state)


@pytest.mark.parametrize("state", sorted(FINAL_STATES))
def test_closed_and_merged_tickets_accept_no_move(state: str) -> None:
    assert legal_moves(state) == [] and legal_moves(state, extension_pending=True) == []


@pytest.mark.parametrize(
    ("state", "move", "words"),
    [
        ("closed", "accept", ["已办结", "签收", "已结束"]),
        ("registered", "reply", ["已登记", "答复", "派单"]),
        ("dispatched", "dispatch", ["已派单", "派单", "签收"]),
        ("replied", "return", ["已答复", "退单", "重办"]),
        ("merged", "supervise", ["已并单", "督办"]),
    ],
)
def test_an_illegal_move_names_the_state_the_move_and_what_is_possible(
    state: str, move: str, words: list[str]
) -> None:
    with pytest.raises(Conflict) as err:
        transition(state, move)
    assert err.value.code == "illegal_move" and err.value.status == 409
    for word in words:
        assert word in err.value.message
    assert err.value.details["state"] == state and err.value.details["move"] == move


def test_an_extension_cannot_be_requested_twice_nor_approved_when_none_is_pending() -> None:
    assert transition("accepted", "request_extension") == "accepted"
    with pytest.raises(Conflict, match="已有待审批的延期申请"):
        transition("accepted", "request_extension", extension_pending=True)
    with pytest.raises(Conflict, match="没有待审批的延期申请"):
        transition("reopened", "approve_extension", extension_pending=False)


@pytest.mark.parametrize(
    ("move", "role"),
    [
        ("accept", "operator"),
        ("reply", "shift_leader"),
        ("dispatch", "unit_handler"),
        ("approve_extension", "operator"),
        ("supervise", "expert"),
    ],
)
def test_a_role_outside_the_move_is_refused_with_403(move: str, role: str) -> None:
    with pytest.raises(Forbidden) as err:
        check_role(move, role)
    assert err.value.status == 403 and MOVES[move].label in err.value.message


def test_a_unit_handler_sees_only_unit_moves_on_a_dispatched_ticket() -> None:
    assert moves_for("dispatched", "unit_handler") == ["accept", "return", "note"]
    assert set(moves_for("dispatched", "shift_leader")) == {"merge", "supervise", "update"}


def test_supervision_extension_and_updates_keep_the_state() -> None:
    for name in ("supervise", "request_extension", "update", "note"):
        assert MOVES[name].target is None
    assert transition("accepted", "supervise") == "accepted"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(MOVES)), st.booleans()), max_size=40))
def test_random_walks_follow_the_table(steps: list[tuple[str, bool]]) -> None:
    """Apply random moves: legal ones land on the table's target, illegal ones raise and change nothing."""
    state, pending = "registered", False
    for name, _ in steps:
        legal = is_legal(state, name, extension_pending=pending)
        if legal:
            after = transition(state, name, extension_pending=pending)
            assert after == (MOVES[name].target or state)
            assert after in STATE_ZH
            if name == "request_extension":
                pending = True
            elif name in ("approve_extension", "refuse_extension", "reply", "return", "dispatch"):
                pending = False
            state = after
        else:
            with pytest.raises(Conflict):
                transition(state, name, extension_pending=pending)
        # Invariant: a final state offers nothing, an open one always offers some move.
        assert (legal_moves(state, extension_pending=pending) == []) == (state in FINAL_STATES)
