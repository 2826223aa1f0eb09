"""A call transcript: speaker turns, read from JSON with clear Chinese errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hotline.errors import InputError

SPEAKERS = ("caller", "operator")


@dataclass(frozen=True)
class Turn:
    index: int  # position in the transcript, 0-based; findings point here
    speaker: str  # caller | operator
    text: str
    at: datetime | None = None


def parse_turns(data: Any, *, source: str = "通话记录") -> list[Turn]:
    """Turns from a JSON value: a list of {"speaker", "text", "at"?} (or {"turns": [...]})."""
    if isinstance(data, dict) and "turns" in data:
        data = data["turns"]
    if not isinstance(data, list) or not data:
        raise InputError("bad_transcript", f'{source}应为非空列表：[{{"speaker": "caller", "text": "…"}}, …]')
    turns = []
    for i, raw in enumerate(data):
        where = f"{source}第 {i + 1} 个话轮"
        if not isinstance(raw, dict):
            raise InputError("bad_transcript", f"{where}应为 JSON 对象", turn=i)
        speaker = raw.get("speaker")
        if speaker not in SPEAKERS:
            raise InputError(
                "bad_transcript", f"{where}的 speaker 应为 caller 或 operator，实际为 {speaker!r}", turn=i
            )
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError("bad_transcript", f"{where}缺少文字 text", turn=i)
        at = raw.get("at")
        when = None
        if at is not None:
            try:
                when = datetime.fromisoformat(str(at))
            except ValueError as exc:
                raise InputError("bad_transcript", f"{where}的时间 at 格式不对：{at!r}", turn=i) from exc
        turns.append(Turn(index=i, speaker=speaker, text=text.strip(), at=when))
    if not any(t.speaker == "operator" for t in turns):
        raise InputError("bad_transcript", f"{source}里没有坐席（operator）的话轮，无法质检")
    if not any(t.speaker == "caller" for t in turns):
        raise InputError("bad_transcript", f"{source}里没有来电人（caller）的话轮，无法质检")
    return turns


def read_transcript(path: str | Path) -> list[Turn]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件：{path}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path.name} 不是有效的 UTF-8 编码") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "bad_json", f"{path.name} 不是合法的 JSON：{exc.msg}（第 {exc.lineno} 行第 {exc.colno} 列）"
        ) from exc
    return parse_turns(data, source=path.name)
