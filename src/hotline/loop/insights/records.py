"""Plain records that insights read, and the CSV readers that fill them without a database.

The ticket store feeds the same records later, so nothing here knows about tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hotline.errors import InputError


@dataclass(frozen=True)
class Message:
    """One citizen message (web board, app, call note) as hotspot mining reads it."""

    id: str
    title: str
    detail: str = ""
    time: datetime | None = None
    likes: int = 0
    caller: str | None = None  # a stable caller id when the channel has one

    @property
    def text(self) -> str:
        return f"{self.title}。{self.detail}" if self.detail else self.title


@dataclass(frozen=True)
class ReplyCase:
    """An appeal and the unit's written reply to it (the shape of the tipdm replies data)."""

    id: str
    title: str
    detail: str
    time: datetime | None
    reply: str
    reply_time: datetime | None = None
    labels: dict[str, int] | None = None  # weak human labels when the file has them


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件：{path}") from exc
    except OSError as exc:
        raise InputError("file_unreadable", f"无法读取文件 {path}：{exc.strerror}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "invalid_encoding",
            f"{path.name} 第 {line} 行不是有效的 UTF-8 编码，请以 UTF-8 重新保存",
            line=line,
        ) from exc


def _rows(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with the header checked; line numbers count the header as line 1."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if not header:
        raise InputError("empty_csv", f"{path.name} 是空文件，至少需要表头一行")
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            "csv_columns",
            f"{path.name} 缺少列：{'、'.join(missing)}（表头为：{'、'.join(header)}）",
            missing=missing,
        )
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise InputError(
                    "csv_shape",
                    f"{path.name} 第 {line} 行的列数与表头不一致（表头 {len(header)} 列）",
                    line=line,
                )
            yield line, row
    except csv.Error as exc:
        raise InputError(
            "csv_syntax", f"{path.name} 第 {reader.line_num} 行格式有误：{exc}", line=reader.line_num
        ) from exc


def parse_time(value: str, *, field: str, line: int, source: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            "csv_value",
            f"{source} 第 {line} 行的 {field} 不是时间：{value!r}（应为 2019-08-23 12:22:00）",
            line=line,
        ) from exc


def _int(value: str, *, field: str, line: int, source: str) -> int:
    value = value.strip()
    if not value:
        return 0
    try:
        number = int(float(value))
    except ValueError as exc:
        raise InputError(
            "csv_value", f"{source} 第 {line} 行的 {field} 应为整数：{value!r}", line=line
        ) from exc
    if number < 0:
        raise InputError("csv_value", f"{source} 第 {line} 行的 {field} 不能为负数：{value}", line=line)
    return number


MESSAGE_COLUMNS = ("message_id", "title", "detail", "time", "likes")


def read_messages_csv(path: str | Path) -> list[Message]:
    """Messages from a CSV with columns message_id, title, detail, time, likes (user_id optional)."""
    path = Path(path)
    out: list[Message] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, MESSAGE_COLUMNS):
        mid = row["message_id"].strip()
        if not mid:
            raise InputError("csv_value", f"{path.name} 第 {line} 行缺少 message_id", line=line)
        if mid in seen:
            raise InputError(
                "csv_value",
                f"{path.name} 第 {line} 行的 message_id {mid} 与第 {seen[mid]} 行重复",
                line=line,
            )
        seen[mid] = line
        title = row["title"].strip()
        detail = " ".join(row["detail"].split())
        if not title and not detail:
            raise InputError("csv_value", f"{path.name} 第 {line} 行的标题和详情都为空", line=line)
        out.append(
            Message(
                id=mid,
                title=title or detail[:40],
                detail=detail,
                time=parse_time(row["time"], field="time", line=line, source=path.name),
                likes=_int(row["likes"], field="likes", line=line, source=path.name),
                caller=(row.get("user_id") or "").strip() or None,
            )
        )
    if not out:
        raise InputError("empty_csv", f"{path.name} 只有表头，没有留言")
    return out


REPLY_COLUMNS = ("message_id", "title", "detail", "time", "reply", "reply_time")
_LABEL_COLUMNS = ("interpretability_syucryingstar", "completeness_rollbear", "interpretability_rollbear")


def read_replies_csv(path: str | Path) -> list[ReplyCase]:
    """Appeals with the unit's reply (the tipdm replies layout; label columns are read when present)."""
    path = Path(path)
    out: list[ReplyCase] = []
    for line, row in _rows(path, REPLY_COLUMNS):
        mid = row["message_id"].strip()
        if not mid:
            raise InputError("csv_value", f"{path.name} 第 {line} 行缺少 message_id", line=line)
        labels: dict[str, int] = {}
        for col in _LABEL_COLUMNS:
            value = (row.get(col) or "").strip()
            if value:
                labels[col] = _int(value, field=col, line=line, source=path.name)
        out.append(
            ReplyCase(
                id=mid,
                title=row["title"].strip(),
                detail=" ".join(row["detail"].split()),
                time=parse_time(row["time"], field="time", line=line, source=path.name),
                reply=" ".join(row["reply"].split()),
                reply_time=parse_time(row["reply_time"], field="reply_time", line=line, source=path.name),
                labels=labels or None,
            )
        )
    if not out:
        raise InputError("empty_csv", f"{path.name} 只有表头，没有答复")
    return out
