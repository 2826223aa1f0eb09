"""Cue patterns and coaching tips for call inspection, loaded from `inspection.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hotline.errors import HotlineError
from hotline.loop.insights.lexicon import load_yaml

CUES = (
    "interrupt_operator",
    "interrupt_caller",
    "backchannel",
    "restatement",
    "feedback_time",
    "feedback_verb",
    "ticket",
    "escalate",
    "unit",
)


@dataclass(frozen=True)
class InspectionRules:
    cues: dict[str, re.Pattern[str]]
    ask: dict[str, re.Pattern[str]]
    tips: dict[str, str]


def _compile(value: object, where: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise HotlineError("data_invalid", f"inspection.yaml 中的 {where} 应为正则字符串")
    try:
        return re.compile(value)
    except re.error as exc:
        raise HotlineError("data_invalid", f"inspection.yaml 中 {where} 的正则有误：{exc}") from exc


@lru_cache(maxsize=1)
def inspection_rules() -> InspectionRules:
    data = load_yaml("inspection.yaml")
    cues = data.get("cues")
    tips = data.get("tips")
    if not isinstance(cues, dict) or not isinstance(tips, dict):
        raise HotlineError("data_invalid", "inspection.yaml 需要 cues 与 tips 两部分")
    missing = [c for c in CUES if c not in cues]
    if missing:
        raise HotlineError("data_invalid", "inspection.yaml 的 cues 缺少：" + "、".join(missing))
    ask = cues.get("ask")
    if not isinstance(ask, dict) or not ask:
        raise HotlineError("data_invalid", "inspection.yaml 的 cues.ask 应为“信息: 正则”的表")
    return InspectionRules(
        cues={c: _compile(cues[c], f"cues.{c}") for c in CUES},
        ask={str(k): _compile(v, f"cues.ask.{k}") for k, v in ask.items()},
        tips={str(k): str(v) for k, v in tips.items()},
    )
