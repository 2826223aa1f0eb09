"""The live assistance panel: from the caller's words so far to what the operator sees.

Framework-free: the workspace page, its htmx fragments and the call WebSocket all call
`live_panel()`. While a stage of the analysis is not installed yet, the panel still works
with what is there (the text checks), rather than failing the operator mid-call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.analysis import APPEAL_KIND_ZH, EMOTION_ZH

PATH_ZH = {
    "direct_answer": "直接答复",
    "dispatch": "派单转办",
    "emergency_handover": "紧急转接",
    "legal_channel": "告知法定途径",
}
OBJECT_KIND_ZH = {
    "estate": "小区",
    "company": "单位/企业",
    "shop": "商户",
    "school": "学校",
    "hospital": "医院",
    "bus_line": "公交线路",
    "plate": "车牌",
}


def analyze_text(text: str, *, received_at: datetime, repeat_calls: int = 0) -> dict[str, Any]:
    """The analysis record of `text` (stages 1–3), degrading to the text checks alone."""
    try:
        from hotline.services import analyze_call

        return analyze_call(text, received_at=received_at, repeat_calls=repeat_calls).to_dict()
    except ImportError:
        from hotline.analysis import Analysis
        from hotline.text import prepare

        prepared = prepare(text)
        a = Analysis(text=prepared.text, received_at=received_at, repeat_calls=repeat_calls)
        a.notes.extend(prepared.notes)
        a.notes.append("分析组件尚未全部安装，仅显示部分结果")
        return a.to_dict()


def address_text(address: dict[str, Any] | None) -> str:
    """The address as one line, most general first ("西湖区文新街道嘉绿苑小区12幢")."""
    if not isinstance(address, dict):
        return ""
    parts = [address.get(k) for k in ("district", "street", "community", "detail")]
    joined = "".join(p for p in parts if isinstance(p, str) and p)
    said = address.get("text")
    if isinstance(said, str) and len(said) > len(joined):
        return said
    return joined


def _local_input(value: Any) -> str:
    """An ISO datetime as a datetime-local input wants it (minutes)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        return ""


@dataclass
class Panel:
    """What the workspace shows for one version of the caller's text."""

    text: str
    analysis: dict[str, Any]
    elapsed_ms: float
    emotion: dict[str, Any] = field(default_factory=dict)
    details: list[tuple[str, str]] = field(default_factory=list)
    route: dict[str, Any] | None = None
    category_path: str = ""
    escalation: dict[str, Any] | None = None
    knowledge: list[dict[str, Any]] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    spans: list[dict[str, Any]] = field(default_factory=list)
    prefill: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def urgency(self) -> str:
        return str(self.analysis.get("urgency") or "normal")

    @property
    def handover(self) -> dict[str, Any] | None:
        h = self.analysis.get("handover")
        return h if isinstance(h, dict) else None


def _details(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    d = analysis.get("details") or {}
    rows: list[tuple[str, str]] = []
    if d.get("name"):
        rows.append(("来电人", str(d["name"])))
    phones = [p for p in d.get("phones") or [] if p] or ([d["phone"]] if d.get("phone") else [])
    if phones:
        rows.append(("联系电话", "、".join(str(p) for p in phones)))
    addr = address_text(d.get("address"))
    if addr:
        rows.append(("地址", addr))
    if d.get("event_time_text") or d.get("event_time"):
        when = str(d.get("event_time_text") or "")
        if d.get("event_time"):
            when = (
                f"{when}（{str(d['event_time']).replace('T', ' ')[:16]}）" if when else str(d["event_time"])
            )
        rows.append(("事发时间", when))
    for obj in d.get("objects") or []:
        if isinstance(obj, dict) and obj.get("text"):
            rows.append((OBJECT_KIND_ZH.get(str(obj.get("kind")), "涉及对象"), str(obj["text"])))
    amounts = [str(a.get("text")) for a in d.get("amounts") or [] if isinstance(a, dict) and a.get("text")]
    if amounts:
        rows.append(("金额", "、".join(amounts)))
    return rows


def live_panel(text: str, *, received_at: datetime, repeat_calls: int = 0) -> Panel:
    """Analyse the caller's words so far and shape them for the panel and the ticket form."""
    started = time.perf_counter()
    analysis = analyze_text(text, received_at=received_at, repeat_calls=repeat_calls) if text.strip() else {}
    elapsed = (time.perf_counter() - started) * 1000
    panel = Panel(text=str(analysis.get("text", text)), analysis=analysis, elapsed_ms=round(elapsed, 2))
    if not analysis:
        return panel
    emotion = analysis.get("emotion") or {}
    primary = str(emotion.get("primary") or "calm")
    panel.emotion = {
        "primary": primary,
        "label": EMOTION_ZH.get(primary, primary),
        "intensity": float(emotion.get("intensity") or 0.0),
        "evidence": [e for e in emotion.get("evidence") or [] if isinstance(e, dict)],
    }
    panel.spans = list(panel.emotion["evidence"])
    if panel.handover:
        panel.spans += [e for e in panel.handover.get("evidence") or [] if isinstance(e, dict)]
    panel.details = _details(analysis)
    route = analysis.get("route")
    if isinstance(route, dict):
        panel.route = route
        cat, sub = route.get("category"), route.get("subcategory")
        panel.category_path = f"{cat}/{sub}" if cat and sub else str(cat or "")
    esc = analysis.get("escalation")
    panel.escalation = esc if isinstance(esc, dict) else None
    panel.knowledge = [k for k in analysis.get("knowledge") or [] if isinstance(k, dict)]
    panel.options = [o for o in analysis.get("options") or [] if isinstance(o, dict)]
    d = analysis.get("details") or {}
    lead = (panel.route or {}).get("lead") or {}
    panel.prefill = {
        "caller_name": d.get("name") or "",
        "caller_phone": d.get("phone") or "",
        "caller_address": address_text(d.get("address")),
        "unit": (lead.get("code") or "") if isinstance(lead, dict) else "",
        "co_units": ",".join(
            str(c.get("code"))
            for c in (panel.route or {}).get("co") or []
            if isinstance(c, dict) and c.get("code")
        ),
        "category": panel.category_path,
        "appeal_kind": analysis.get("appeal_kind") or "",
        "urgency": panel.urgency,
        "feedback_by": _local_input((analysis.get("deadline") or {}).get("feedback_by")),
    }
    return panel


def kind_label(kind: str) -> str:
    return APPEAL_KIND_ZH.get(kind, kind)
