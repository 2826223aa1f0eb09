"""FastAPI/pydantic validation errors, in the product's error shape and in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotline.errors import HotlineError

FIELD_ZH = {
    "text": "诉求内容",
    "caller": "来电人",
    "caller.name": "来电人姓名",
    "caller.phone": "联系电话",
    "caller.address": "来电人地址",
    "channel": "渠道",
    "received_at": "来电时间",
    "unit": "承办单位",
    "co_units": "协办单位",
    "reason": "理由",
    "content": "内容",
    "days": "天数",
    "satisfaction": "满意度",
    "resolved": "是否解决",
    "into": "并入工单",
    "note": "备注",
    "version": "版本号",
    "page": "页码",
    "per_page": "每页条数",
    "username": "用户名",
    "password": "密码",
    "category": "分类",
    "appeal_kind": "诉求类型",
    "urgency": "紧急程度",
    "direct_answer": "直接答复内容",
    "utterances": "通话记录",
    "feedback_by": "承诺反馈时间",
    "status": "状态",
    "from": "开始日期",
    "to": "结束日期",
}


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts)


def _label(path: str) -> str:
    if path in FIELD_ZH:
        return FIELD_ZH[path]
    last = path.rsplit(".", 1)[-1]
    return FIELD_ZH.get(last, path or "请求体")


def _message(err: dict[str, Any]) -> str:
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    label = _label(_field(err.get("loc", ())))
    if kind == "missing":
        return f"缺少{label}"
    if kind == "string_too_long":
        return f"{label}过长：最多 {ctx.get('max_length')} 字"
    if kind == "too_long":
        return f"{label}条目过多：最多 {ctx.get('max_length')} 条"
    if kind == "string_too_short":
        return f"{label}不能为空"
    if kind in ("string_type", "string_sub_type"):
        return f"{label}应为文本"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{label}应为整数"
    if kind in ("bool_parsing", "bool_type"):
        return f"{label}应为 true 或 false"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{label}不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{label}不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "literal_error":
        return f"{label}取值不对，应为 {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"{label}格式不对"
    if kind.startswith("datetime") or kind.startswith("date"):
        return f"{label}应为 ISO 时间，如 2026-11-28T09:30:00"
    if kind == "extra_forbidden":
        return f"不认识的字段：{label}"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return f"{label}应为 JSON 对象"
    if kind == "list_type":
        return f"{label}应为列表"
    if kind == "json_invalid":
        return f"请求体不是合法的 JSON：{ctx.get('error', '')}".rstrip("：")
    return f"{label}不合法"


def validation_error(errors: Sequence[Any]) -> HotlineError:
    """One HotlineError for a list of pydantic errors: 400 for broken JSON, 422 otherwise."""
    items = [e for e in errors if isinstance(e, dict)]
    if any(e.get("type") == "json_invalid" for e in items):
        return HotlineError(
            "bad_json", _message(next(e for e in items if e.get("type") == "json_invalid")), status=400
        )
    fields = [
        {"field": _field(e.get("loc", ())), "type": e.get("type"), "message": _message(e)} for e in items
    ]
    too_long = any(e.get("type") in ("string_too_long", "too_long") for e in items)
    code = "field_too_long" if too_long else "invalid_request"
    message = "；".join(str(f["message"]) for f in fields[:5]) or "请求内容不合法"
    return HotlineError(code, message, status=422, fields=fields)
