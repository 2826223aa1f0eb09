"""Tickets in and out as CSV or XLSX files (columns in docs/api.md, "Import and export").

Import registers each row as a new appeal, exactly as if an operator had entered it, but all
or nothing: every row is checked first, and a file with any bad row is refused as a whole,
listing the bad rows by line number. A row with `外部编号` (or the `工单号` of an export) is
imported at most once: importing the same file again skips the rows already in.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hotline.analysis import APPEAL_KIND_ZH
from hotline.errors import InputError

# (key, Chinese header) in file order; the import reads either name.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "工单号"),
    ("received_at", "受理时间"),
    ("channel", "渠道"),
    ("status", "状态"),
    ("appeal_kind", "诉求类型"),
    ("category", "分类"),
    ("urgency", "紧急程度"),
    ("unit", "主办单位"),
    ("unit_name", "主办单位名称"),
    ("co_units", "协办单位"),
    ("text", "诉求内容"),
    ("caller_name", "来电人"),
    ("caller_phone", "联系电话"),
    ("accept_by", "签收时限"),
    ("reply_by", "答复时限"),
    ("closed_at", "办结时间"),
    ("satisfaction", "满意度"),
    ("external_id", "外部编号"),
)
HEADER_KEYS = {zh: key for key, zh in COLUMNS} | {key: key for key, _ in COLUMNS}
REQUIRED = ("text", "received_at")
MAX_ROWS = 10_000

URGENCY_ZH = {"emergency": "紧急", "urgent": "加急", "normal": "一般"}
_KIND_BY_ZH = {zh: code for code, zh in APPEAL_KIND_ZH.items()}
_URGENCY_BY_ZH = {zh: code for code, zh in URGENCY_ZH.items()}
# A caller's number: a mobile or a landline, 7 digits at least ("123" or "110" is nobody's phone).
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")


@dataclass
class ImportRow:
    line: int
    text: str
    received_at: datetime
    channel: str = "import"
    appeal_kind: str | None = None
    category: str | None = None
    urgency: str | None = None
    unit: str | None = None
    co_units: list[str] | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    key: str | None = None


def file_kind(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise InputError("bad_file_type", f"只支持 .csv 和 .xlsx 文件（收到 {suffix or '无扩展名'}）")


# ----------------------------------------------------------------------------- reading


def _records(raw: bytes, kind: str) -> list[tuple[int, dict[str, Any]]]:
    if kind == "csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                "invalid_encoding",
                f"CSV 文件不是 UTF-8 编码（第 {exc.start + 1} 个字节），请另存为 UTF-8 后再导入",
            ) from exc
        reader = csv.reader(io.StringIO(text))
        rows = list(reader)
        start = 1
    else:
        rows = _xlsx_rows(raw)
        start = 1
    if not rows:
        raise InputError("empty_file", "文件是空的")
    header = [str(h or "").strip() for h in rows[0]]
    keys = [HEADER_KEYS.get(h) for h in header]
    missing = [zh for key, zh in COLUMNS if key in REQUIRED and key not in keys]
    if missing:
        raise InputError("missing_columns", f"缺少必需的列：{'、'.join(missing)}", columns=missing)
    out: list[tuple[int, dict[str, Any]]] = []
    for offset, values in enumerate(rows[1:], start=start + 1):
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue
        record = {k: v for k, v in zip(keys, values, strict=False) if k}
        out.append((offset, record))
    if len(out) > MAX_ROWS:
        raise InputError("too_many_rows", f"一次最多导入 {MAX_ROWS} 行（文件有 {len(out)} 行），请分批导入")
    return out


def _xlsx_rows(raw: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError("bad_xlsx", "无法读取 XLSX 文件，请确认它是 Excel 2007 及以上格式") from exc
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    if s[:2] in ("'=", "'+", "'-", "'@"):
        s = s[1:]  # undo the formula guard `write_file` adds
    return s or None


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    s = _text(value)
    if s is None:
        raise ValueError
    return datetime.fromisoformat(s.replace("/", "-")).replace(tzinfo=None)


def parse_rows(
    raw: bytes, kind: str, *, max_text: int, units: set[str] | None = None
) -> tuple[list[ImportRow], list[dict[str, Any]]]:
    """Rows that look right, and problems `{line, field, message}` for those that do not.

    With `units` (the codes that exist), unknown lead and co-handling units are problems too, on
    every row: an import is refused with all its problems at once, not one kind per attempt.
    """
    rows: list[ImportRow] = []
    problems: list[dict[str, Any]] = []
    seen_keys: dict[str, int] = {}

    def bad(line: int, field: str, message: str) -> None:
        problems.append({"line": line, "field": field, "message": f"第 {line} 行：{message}"})

    for line, rec in _records(raw, kind):
        before = len(problems)
        text = _text(rec.get("text"))
        if not text:
            bad(line, "text", "诉求内容为空")
        elif len(text) > max_text:
            bad(line, "text", f"诉求内容过长（{len(text)} 字，上限 {max_text} 字）")
        try:
            received = _when(rec.get("received_at"))
        except (ValueError, TypeError):
            bad(
                line,
                "received_at",
                f"受理时间「{_text(rec.get('received_at')) or ''}」格式不对，应如 2026-11-27 09:30",
            )
            received = datetime.min
        channel = _text(rec.get("channel")) or "import"
        from hotline.tickets.views import CHANNEL_ZH

        channel = {zh: code for code, zh in CHANNEL_ZH.items()}.get(channel, channel)
        if channel not in CHANNEL_ZH:
            bad(line, "channel", f"未知渠道「{channel}」")
        kind_value = _text(rec.get("appeal_kind"))
        appeal_kind = _KIND_BY_ZH.get(kind_value or "", kind_value)
        if appeal_kind and appeal_kind not in APPEAL_KIND_ZH:
            bad(
                line,
                "appeal_kind",
                f"未知诉求类型「{kind_value}」，可选：{'、'.join(APPEAL_KIND_ZH.values())}",
            )
        urgency_value = _text(rec.get("urgency"))
        urgency = _URGENCY_BY_ZH.get(urgency_value or "", urgency_value)
        if urgency and urgency not in URGENCY_ZH:
            bad(line, "urgency", f"未知紧急程度「{urgency_value}」，可选：紧急、加急、一般")
        name = _text(rec.get("caller_name"))
        if name and len(name) > 50:
            bad(line, "caller_name", "来电人姓名超过 50 字")
        phone = _text(rec.get("caller_phone"))
        if phone and not _PHONE.match(phone):
            bad(line, "caller_phone", f"联系电话「{phone}」格式不对")
        category = _text(rec.get("category"))
        if category and len(category) > 200:
            bad(line, "category", "分类超过 200 字")
        co = [c for c in re.split(r"[;；,，\s]+", _text(rec.get("co_units")) or "") if c]
        if units is not None:
            for code in [_text(rec.get("unit")), *co]:
                if code and code not in units:
                    bad(line, "unit", f"没有编码为 {code} 的承办单位")
        key = _text(rec.get("external_id")) or _text(rec.get("number"))
        if key:
            if key in seen_keys:
                bad(line, "external_id", f"外部编号 {key} 与第 {seen_keys[key]} 行重复")
            seen_keys.setdefault(key, line)
        if len(problems) > before:
            continue
        assert text is not None
        rows.append(
            ImportRow(
                line=line,
                text=text,
                received_at=received,
                channel=channel,
                appeal_kind=appeal_kind,
                category=category,
                urgency=urgency,
                unit=_text(rec.get("unit")),
                co_units=co or None,
                caller_name=name,
                caller_phone=re.sub(r"[\s-]", "", phone) if phone else None,
                key=f"import:{key}" if key else None,
            )
        )
    return rows, problems


# ----------------------------------------------------------------------------- writing


def write_file(kind: str, records: list[dict[str, Any]]) -> bytes:
    """Tickets (as export records keyed by column key) as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    header = [zh for _, zh in COLUMNS]
    keys = [key for key, _ in COLUMNS]
    if kind == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(header)
        for r in records:
            writer.writerow(["" if r.get(k) is None else _cell(r.get(k)) for k in keys])
        return buf.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工单")
    sheet.append(header)
    for r in records:
        sheet.append([_cell(r.get(k)) for k in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    # Text that starts like a formula must not run as one when the file is opened (CSV/formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
