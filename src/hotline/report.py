"""A readable Chinese report of one analysis, for the terminal (`hotline analyze`, `hotline demo`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.analysis import APPEAL_KIND_ZH, EMOTION_ZH
from hotline.calendar.format import zh_when

URGENCY_ZH = {"emergency": "紧急（立即转接）", "urgent": "加急", "normal": "一般"}
PATH_ZH = {
    "direct_answer": "直接答复",
    "dispatch": "派单转办",
    "emergency_handover": "紧急转接",
    "legal_channel": "告知法定渠道",
}
LEVEL_ZH = {"seat": "坐席处理", "shift_leader": "升级值班长", "expert": "转业务专家"}


def _when(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return zh_when(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def _address(addr: dict[str, Any]) -> str:
    parts = [addr.get(k) for k in ("province", "city", "district", "street", "community", "detail")]
    return "".join(p for p in parts if p) or "—"


def render_analysis(result: dict[str, Any]) -> str:
    """Lay the analysis out in the order of the four stages."""
    emo = result["emotion"]
    details = result["details"]
    lines: list[str] = []
    add = lines.append
    if result.get("urgency") == "emergency" and result.get("handover"):
        h = result["handover"]
        add(f"！！紧急情况：请立即转接 {h['line']}（{h['name']}）——{h['reason']}")
        add("")
    add("【一阶 倾听】")
    evidence = "、".join(f"「{e['text']}」" for e in emo.get("evidence", [])[:5]) or "无明显情绪词"
    add(
        f"  情绪：{EMOTION_ZH.get(emo['primary'], emo['primary'])}  强度 {emo['intensity']:.2f}  依据：{evidence}"
    )
    add(f"  紧急程度：{URGENCY_ZH.get(result['urgency'], result['urgency'])}")
    add(f"  诉求类型：{APPEAL_KIND_ZH.get(result['appeal_kind'], result['appeal_kind'])}")
    add(f"  诉求：{result['need'] or '—'}")
    name = details.get("name") or (f"{details['surname']}（姓）" if details.get("surname") else "—")
    phones = "、".join(details.get("phones") or []) or "—"
    add(f"  来电人：{name}  电话：{phones}")
    add(f"  地址：{_address(details.get('address') or {})}")
    if details.get("event_time_text"):
        add(f"  事发时间：{details['event_time_text']}（{_when(details.get('event_time'))}）")
    objects = "、".join(o["text"] for o in details.get("objects") or [])
    if objects:
        add(f"  涉及对象：{objects}")
    if result.get("missing"):
        add(f"  还需询问：{'、'.join(result['missing'])}")
    add(f"  复述确认：{result['restatement']}")
    add("")
    add("【二阶 温度】")
    script = result["script"]
    add(f"  ① 情绪承接：{script['acceptance']}")
    add(f"  ② 责任表态：{script['responsibility']}")
    add(f"  ③ 行动承诺：{script['commitment']}")
    dl = result["deadline"]
    limit = f"{dl['working_days']} 个工作日" if dl.get("working_days") else f"{dl.get('hours')} 小时"
    flag = "（节假日安排未公布，暂按法定节日推算）" if dl.get("provisional") else ""
    add(f"  时限：{limit}，办结期限 {_when(dl.get('due'))}，回复来电人 {_when(dl.get('feedback_by'))}{flag}")
    route = result.get("route")
    if route:
        add("")
        add("【三阶 行动】")
        lead = route.get("lead") or {}
        co = "、".join(c["name"] for c in route.get("co") or [])
        add(f"  分类：{result.get('category', '—')}  路径：{PATH_ZH.get(route['path'], route['path'])}")
        add(f"  主办：{lead.get('name', '—')}" + (f"  协办：{co}" if co else ""))
        add(f"  置信度：{route['confidence']:.2f}  依据：{route['explanation']}")
        esc = result.get("escalation") or {}
        if esc:
            reasons = "；".join(esc.get("reasons") or [])
            add(
                f"  响应级别：{LEVEL_ZH.get(esc['level'], esc['level'])}"
                + (f"（{reasons}）" if reasons else "")
            )
        for k in (result.get("knowledge") or [])[:2]:
            add(f"  知识库：《{k['title']}》 {k.get('passage', '')[:80]}")
        for o in (result.get("options") or [])[:4]:
            needs = "、".join(o.get("needs") or []) or "无需材料"
            add(
                f"  可选方式：【{o.get('way_zh', '')}】{o.get('title', '')}；需要：{needs}；用时：{o.get('takes', '')}"
            )
    for note in result.get("notes") or []:
        add(f"  注意：{note}")
    return "\n".join(lines)
