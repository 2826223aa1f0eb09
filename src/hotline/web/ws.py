"""The live call socket `/ws/calls/{call_id}`: speech recognition or a CTI system streams the
caller's words in, every listener gets the transcript and the live analysis back.

Protocol: docs/ws-protocol.md. Authentication: the console's session cookie (same origin only),
or an API bearer token in the `Authorization` header or the `access_token` query parameter.
Rooms live in this process's memory: a call is short and its ticket keeps what matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from hotline.errors import HotlineError
from hotline.tickets.roles import Actor
from hotline.web.auth import actor_from_token
from hotline.web.pages.live import live_panel
from hotline.web.pages.session import read_session

router = APIRouter()

ROLES = frozenset({"operator", "shift_leader", "admin"})
SPEAKERS = ("caller", "operator")
MAX_MESSAGE = 64_000  # characters of one JSON message
MAX_TEXT = 20_000  # characters of the caller's words in one call
MAX_UTTERANCES = 2_000
MAX_ROOMS = 500
MAX_LISTENERS = 8
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_FULL = 4429


@dataclass
class Utterance:
    seq: int
    speaker: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "speaker": self.speaker, "text": self.text, "final": True}


@dataclass
class Room:
    call_id: str
    started_at: datetime
    utterances: list[Utterance] = field(default_factory=list)
    partial: dict[str, str] = field(default_factory=dict)
    # socket → (wants the analysis, the event loop serving it)
    listeners: dict[WebSocket, tuple[bool, asyncio.AbstractEventLoop]] = field(default_factory=dict)
    seq: int = 0
    touched: float = field(default_factory=time.monotonic)

    def caller_text(self) -> str:
        parts = [u.text for u in self.utterances if u.speaker == "caller"]
        if self.partial.get("caller"):
            parts.append(self.partial["caller"])
        return "".join(parts)

    def transcript(self) -> dict[str, Any]:
        items = [u.to_dict() for u in self.utterances]
        items += [
            {"seq": None, "speaker": s, "text": t, "final": False} for s, t in self.partial.items() if t
        ]
        return {
            "type": "transcript",
            "call_id": self.call_id,
            "utterances": items,
            "caller_text": self.caller_text(),
        }


class Hub:
    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}

    def room(self, call_id: str, now: datetime) -> Room:
        room = self.rooms.get(call_id)
        if room is None:
            if len(self.rooms) >= MAX_ROOMS:
                idle = sorted((r for r in self.rooms.values() if not r.listeners), key=lambda r: r.touched)
                for r in idle[: max(1, MAX_ROOMS // 10)]:
                    del self.rooms[r.call_id]
            room = Room(call_id, now)
            self.rooms[call_id] = room
        room.touched = time.monotonic()
        return room


def hub_of(ws: WebSocket) -> Hub:
    extra = ws.app.state.hotline.extra
    found = extra.get("call_hub")
    if not isinstance(found, Hub):
        found = Hub()
        extra["call_hub"] = found
    return found


def _origin_ok(ws: WebSocket) -> bool:
    origin = ws.headers.get("origin")
    if origin is None:
        return True
    return origin.split("://", 1)[-1].split("/", 1)[0] == ws.headers.get("host", "")


def authenticate(ws: WebSocket) -> Actor | None:
    header = ws.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    token = value.strip() if scheme.lower() == "bearer" else ws.query_params.get("access_token")
    h = ws.app.state.hotline
    if token:
        try:
            return actor_from_token(h.store, h.tokens, token)
        except HotlineError:
            return None
    # A cookie rides along on cross-site socket requests too: only trust it from our own pages.
    if not _origin_ok(ws):
        return None
    session = read_session(ws)
    return session.actor if session else None


def _valid_call_id(call_id: str) -> bool:
    return 1 <= len(call_id) <= 64 and call_id.replace("-", "").replace("_", "").isalnum()


async def _send(ws: WebSocket, message: dict[str, Any]) -> None:
    # The listener may have left while we were sending.
    with contextlib.suppress(RuntimeError, WebSocketDisconnect):
        await ws.send_text(json.dumps(message, ensure_ascii=False, default=str))


async def _broadcast(room: Room, message: dict[str, Any], *, analysis: bool = False) -> None:
    here = asyncio.get_running_loop()
    for ws, (wants, loop) in list(room.listeners.items()):
        if analysis and not wants:
            continue
        if loop is here:
            await _send(ws, message)
        else:
            # One server loop in production; a listener served by another loop (several worker
            # threads, or the test client) gets the message on its own loop.
            asyncio.run_coroutine_threadsafe(_send(ws, message), loop)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


async def _analyse(room: Room) -> None:
    """Analyse the caller's words so far and send the result to the listeners that want it."""
    if not any(wants for wants, _ in room.listeners.values()):
        return
    text = room.caller_text()
    seq = room.seq
    panel = await asyncio.to_thread(live_panel, text, received_at=room.started_at)
    if seq == room.seq:  # else newer words arrived while we worked; their analysis follows
        await _broadcast(
            room,
            {
                "type": "analysis",
                "call_id": room.call_id,
                "seq": seq,
                "elapsed_ms": panel.elapsed_ms,
                "analysis": panel.analysis,
            },
            analysis=True,
        )


def _utterance(room: Room, msg: dict[str, Any]) -> dict[str, Any] | None:
    """Apply one utterance message to the room; an error message when it cannot be used."""
    speaker = msg.get("speaker", "caller")
    text = msg.get("text")
    final = msg.get("final", True)
    if speaker not in SPEAKERS:
        return _error("bad_speaker", "speaker 应为 caller（来电人）或 operator（话务员）")
    if not isinstance(text, str) or not isinstance(final, bool):
        return _error("bad_message", "utterance 需要字符串 text 和布尔值 final")
    if (
        len(room.caller_text()) - len(room.partial.get("caller", "")) + len(text) > MAX_TEXT
        and speaker == "caller"
    ):
        return _error("text_too_long", f"本次通话的来电人文字已超过 {MAX_TEXT} 字，后续内容未记录")
    if len(room.utterances) >= MAX_UTTERANCES:
        return _error("too_many_utterances", "本次通话的话轮过多，后续内容未记录")
    room.seq += 1
    if final:
        room.partial.pop(speaker, None)
        if text:
            room.utterances.append(Utterance(room.seq, speaker, text))
    else:
        room.partial[speaker] = text
    return None


@router.websocket("/ws/calls/{call_id}")
async def call_socket(ws: WebSocket, call_id: str) -> None:
    actor = authenticate(ws)
    if actor is None:
        await ws.close(code=CLOSE_UNAUTHORIZED, reason="not authenticated")
        return
    if actor.role not in ROLES or not _valid_call_id(call_id):
        await ws.close(code=CLOSE_FORBIDDEN, reason="forbidden")
        return
    hub = hub_of(ws)
    room = hub.room(call_id, ws.app.state.hotline.clock())
    if len(room.listeners) >= MAX_LISTENERS:
        await ws.close(code=CLOSE_FULL, reason="too many listeners")
        return
    await ws.accept()
    room.listeners[ws] = (ws.query_params.get("analysis", "1") != "0", asyncio.get_running_loop())
    await _send(
        ws,
        {**room.transcript(), "type": "ready", "started_at": room.started_at.isoformat(timespec="seconds")},
    )
    try:
        while True:
            raw = await ws.receive_text()
            room.touched = time.monotonic()
            if len(raw) > MAX_MESSAGE:
                await _send(ws, _error("message_too_large", f"单条消息不能超过 {MAX_MESSAGE} 个字符"))
                continue
            try:
                msg = json.loads(raw)
            except json.JSONDecodeError:
                await _send(ws, _error("bad_json", "消息不是合法的 JSON"))
                continue
            if not isinstance(msg, dict):
                await _send(ws, _error("bad_message", "消息应为 JSON 对象"))
                continue
            kind = msg.get("type")
            if kind == "utterance":
                problem = _utterance(room, msg)
                if problem:
                    await _send(ws, problem)
                    continue
                await _broadcast(room, room.transcript())
                await _analyse(room)
            elif kind == "reply_draft":
                text = msg.get("text")
                if not isinstance(text, str) or len(text) > 5000:
                    await _send(ws, _error("bad_message", "reply_draft 需要不超过 5000 字的 text"))
                    continue
                from hotline.warmth.lint import lint

                await _send(ws, {"type": "lint", "call_id": call_id, "lint": lint(text).to_dict()})
            elif kind == "ping":
                await _send(ws, {"type": "pong"})
            elif kind == "end":
                await _broadcast(room, {"type": "ended", "call_id": call_id})
                hub.rooms.pop(call_id, None)
                room.listeners.clear()
                await ws.close()
                return
            else:
                await _send(
                    ws, _error("unknown_type", "未知的消息类型；可用：utterance、reply_draft、ping、end")
                )
    except WebSocketDisconnect:
        pass
    finally:
        room.listeners.pop(ws, None)
