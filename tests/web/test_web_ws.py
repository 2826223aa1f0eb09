"""The live call socket: who may connect, how utterances become a transcript and an analysis."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect


def utterance(text: str, *, final: bool = True, speaker: str = "caller") -> dict[str, Any]:
    return {"type": "utterance", "speaker": speaker, "text": text, "final": final}


def next_of(ws: Any, kind: str) -> dict[str, Any]:
    for _ in range(10):
        msg = ws.receive_json()
        if msg["type"] == kind:
            return dict(msg)
    raise AssertionError(f"no {kind} message")


def test_a_stranger_cannot_listen_to_a_call(console: Any) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        TestClient(console).websocket_connect("/ws/calls/c1") as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4401


def test_a_unit_handler_cannot_join_a_live_call(as_user: Any) -> None:
    client = as_user("city.cgj")
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/ws/calls/c2") as ws:
        ws.receive_json()
    assert closed.value.code == 4403


def test_a_cookie_from_another_site_is_not_trusted(as_user: Any) -> None:
    client = as_user("operator")
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("/ws/calls/c3", headers={"Origin": "https://evil.example"}) as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4401


def test_speech_recognition_streams_words_and_gets_the_analysis(console: Any, as_user: Any) -> None:
    operator = as_user("operator")
    with operator.websocket_connect("/ws/calls/call-100") as ws:
        ready = ws.receive_json()
        assert ready["type"] == "ready" and ready["caller_text"] == ""
        ws.send_json(utterance("快来人啊，", final=False))
        partial = next_of(ws, "transcript")
        assert partial["caller_text"] == "快来人啊，"
        assert partial["utterances"][-1]["final"] is False
        ws.send_json(utterance("快来人啊，我家厨房煤气泄漏了，味道很大！"))
        transcript = next_of(ws, "transcript")
        assert transcript["caller_text"] == "快来人啊，我家厨房煤气泄漏了，味道很大！"
        assert [u["final"] for u in transcript["utterances"]] == [True]
        analysis = next_of(ws, "analysis")
        assert analysis["analysis"]["urgency"] == "emergency"
        assert analysis["analysis"]["handover"]["line"]
        assert analysis["elapsed_ms"] < 300


def test_operator_turns_are_kept_but_only_the_callers_words_are_analysed(as_user: Any) -> None:
    with as_user("operator").websocket_connect("/ws/calls/call-101") as ws:
        ws.receive_json()
        ws.send_json(utterance("您好，12345热线，请讲。", speaker="operator"))
        first = next_of(ws, "transcript")
        assert first["caller_text"] == ""
        ws.send_json(utterance("小区门口的路灯坏了一个星期了。"))
        second = next_of(ws, "transcript")
        assert [u["speaker"] for u in second["utterances"]] == ["operator", "caller"]
        assert second["caller_text"] == "小区门口的路灯坏了一个星期了。"


def test_the_workspace_page_and_the_recogniser_share_one_call(as_user: Any) -> None:
    """The browser listens without analysis (it renders its own panel); the recogniser sends."""
    client = as_user("operator")
    with (
        client.websocket_connect("/ws/calls/call-102?analysis=0") as page,
        client.websocket_connect("/ws/calls/call-102") as asr,
    ):
        page.receive_json()
        asr.receive_json()
        asr.send_json(utterance("我要投诉楼下烧烤店油烟太大。"))
        seen = page.receive_json()
        assert seen["type"] == "transcript" and "烧烤店" in seen["caller_text"]
        assert next_of(asr, "analysis")["analysis"]["text"] == "我要投诉楼下烧烤店油烟太大。"


def test_an_api_token_authenticates_a_cti_system(console: Any) -> None:
    hotline = console.state.hotline
    with hotline.store.read() as tx:
        from hotline.tickets.users import actor_of

        actor = actor_of(tx.user_by_name("operator"))
    token = hotline.tokens.issue(actor)
    with TestClient(console).websocket_connect(f"/ws/calls/cti-1?access_token={token}") as ws:
        assert ws.receive_json()["type"] == "ready"
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_message"),
        ('{"type": "shout"}', "unknown_type"),
        ('{"type": "utterance", "speaker": "robot", "text": "x", "final": true}', "bad_speaker"),
        ('{"type": "utterance", "text": 5, "final": true}', "bad_message"),
    ],
)
def test_bad_messages_get_an_error_and_the_call_goes_on(as_user: Any, raw: str, code: str) -> None:
    with as_user("operator").websocket_connect("/ws/calls/call-103") as ws:
        ws.receive_json()
        ws.send_text(raw)
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == code and error["message"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["type"] == "pong"


def test_reply_drafts_are_linted_over_the_socket(as_user: Any) -> None:
    with as_user("operator").websocket_connect("/ws/calls/call-104") as ws:
        ws.receive_json()
        ws.send_json({"type": "reply_draft", "text": "这个应该过两天就好了"})
        lint = next_of(ws, "lint")
        assert "应该" in [v["word"] for v in lint["lint"]["vague"]]


def test_ending_a_call_tells_every_listener(as_user: Any) -> None:
    client = as_user("operator")
    with (
        client.websocket_connect("/ws/calls/call-105?analysis=0") as page,
        client.websocket_connect("/ws/calls/call-105") as asr,
    ):
        page.receive_json()
        asr.receive_json()
        asr.send_json({"type": "end"})
        assert page.receive_json() == {"type": "ended", "call_id": "call-105"}


def test_call_ids_are_checked(as_user: Any) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        as_user("operator").websocket_connect("/ws/calls/" + "x" * 80) as ws,
    ):
        ws.receive_json()
    assert closed.value.code == 4403
