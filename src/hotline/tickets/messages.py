"""Texts sent to callers (outbox), from `data/tickets/messages.yaml`."""

from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hotline.errors import HotlineError

KINDS = ("acknowledged", "registered", "progress", "replied", "reopened", "closed", "merged")
_FIELDS = {"number", "unit", "when", "content", "into"}
MAX_SMS_CHARS = 500


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    raw = resources.files("hotline.data").joinpath("tickets/messages.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        raise HotlineError("messages_invalid", "短信模板文件 tickets/messages.yaml 应为「类型: 模板」的映射")
    missing = [k for k in KINDS if not isinstance(data.get(k), str)]
    if missing:
        raise HotlineError("messages_invalid", f"短信模板缺少：{'、'.join(missing)}")
    for kind, text in data.items():
        names = {f for _, f, _, _ in string.Formatter().parse(str(text)) if f}
        unknown = names - _FIELDS
        if unknown:
            raise HotlineError(
                "messages_invalid", f"短信模板 {kind} 中有未知占位符：{'、'.join(sorted(unknown))}"
            )
    return {str(k): str(v).strip() for k, v in data.items()}


def render(kind: str, **values: Any) -> str:
    text = templates()[kind].format_map({f: values.get(f, "") for f in _FIELDS})
    return text[:MAX_SMS_CHARS]
