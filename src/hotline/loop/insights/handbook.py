"""The Hotline Handling Manual (《热线诉求处置手册》): pain points, cases and wording per category.

`build_handbook` turns ticket-like records (and, optionally, hotspots already mined) into a
document model: one chapter per category with its top pain points (heat, trend), typical cases
and how they were handled (with the reply's quality score), the units that lead and the time
limit, recommended wording for the three warmth steps (checked by the warmth lint), and
knowledge-base articles. Rendering to md/docx/pdf and charts live in `handbook_render.py` and
`charts.py`; this module does no I/O and reads no clock (`generated_at` is passed in).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from hotline.errors import HotlineError, InputError
from hotline.listen.contact import find_name
from hotline.loop.insights.hotspots import Hotspot, HotspotOptions, mine
from hotline.loop.insights.lexicon import load_yaml
from hotline.loop.insights.records import Message
from hotline.loop.insights.reply_quality import score_reply
from hotline.privacy import mask_text


@dataclass(frozen=True)
class HandbookCase:
    """A ticket as the handbook reads it; the ticket store or a CSV fills these."""

    id: str
    text: str
    category: str
    appeal_kind: str = "complaint"
    district: str | None = None
    street: str | None = None
    created_at: datetime | None = None
    lead_unit: str | None = None
    co_units: tuple[str, ...] = ()
    reply: str = ""
    status: str = ""
    satisfaction: str | None = None
    resolved: bool | None = None
    title: str = ""
    replied_at: datetime | None = None


@dataclass
class Wording:
    acceptance: str
    responsibility: str
    commitment: str


@dataclass
class CaseStudy:
    id: str
    title: str
    excerpt: str
    created_at: str | None
    handled: str  # how it was handled: the reply, shortened
    reply_score: int | None
    unit: str | None


@dataclass
class KbLink:
    id: str
    title: str
    source: str


@dataclass
class PainPoint:
    label: str
    place: str
    problem: str
    heat: float
    trend: str
    messages: int
    callers: int
    first: str | None
    last: str | None
    units: list[str]
    time_limit: str
    limit_source: str
    cases: list[CaseStudy]
    wording: Wording
    kb: list[KbLink] = field(default_factory=list)


@dataclass
class Chapter:
    category: str
    cases: int
    share: float
    monthly: dict[str, int]
    units: list[tuple[str, int]]
    pain_points: list[PainPoint]
    charts: dict[str, str] = field(default_factory=dict)  # filled by the renderer: name → file


@dataclass
class Handbook:
    title: str
    subtitle: str
    intro: str
    period: tuple[str | None, str | None]
    generated_at: str
    total_cases: int
    categories: list[tuple[str, int]]
    chapters: list[Chapter]
    charts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Config:
    title: str
    subtitle: str
    intro: str
    per_category: int
    per_point: int
    default_limit: str
    feedback: str
    feeling: dict[str, str]
    wording: dict[str, str]
    unit_pattern: re.Pattern[str]
    default_unit: str


@lru_cache(maxsize=1)
def _config() -> _Config:
    data = load_yaml("handbook.yaml")
    try:
        wording = {k: str(data["wording"][k]) for k in ("acceptance", "responsibility", "commitment")}
        feeling = {k: str(data["feeling"][k]) for k in ("high", "medium", "low")}
        return _Config(
            title=str(data["title"]),
            subtitle=str(data["subtitle"]),
            intro=str(data["intro"]).strip(),
            per_category=int(data["pain_points_per_category"]),
            per_point=int(data["cases_per_pain_point"]),
            default_limit=str(data["default_limit"]),
            feedback=str(data["feedback"]),
            feeling=feeling,
            wording=wording,
            unit_pattern=re.compile(str(data["unit_pattern"])),
            default_unit=str(data["default_unit"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise HotlineError("data_invalid", f"handbook.yaml 缺少或写错了配置项：{exc}") from exc


_FORMULA = re.compile(
    r"^(网友|市民)?[“\"]?[A-Za-z0-9]*[”\"]?[:：]?\s*您好[!！，,]?|您的留言已收悉[。.]?|现将有关情况回复如下[:：]?"
)
_TRAILER = re.compile(r"感谢您对我们工作的[^。]*[。!！]?|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*$")


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# Everything up to the last word that introduces a unit. Single characters that also begin unit
# names are only cut when they do not: "交通运输局" and "交警大队" keep their 交, "经信局" its 经.
_UNIT_LEFT = re.compile(
    r".*(?:由|经(?!济|信|管|开|侦|营)|交(?!通|警|易|管)|转|对(?!外)|在(?!线)|向|及|与|、|是|为(?!民)|的|我|日|月|年|"
    r"请|已|将|该|此|各|等|至|报(?!社)|以|有(?!限)|位于|根据|按照|依据|依法|落实|组织|要求|督促|协调|联系|"
    r"咨询|建议您?|立即|积极|认真|及时|多次|会同|配合|责成|通知|份|告|大量|过|求|到|目前|关于|同时|解决|，|。|：)"
)
# Words that end like a unit but are not one: "路网格局", "产业合理布局", "依法办".
_NOT_UNIT = re.compile(
    r"(?:格局|布局|结局|大局|当局|骗局|饭局|依法办|依程序办|大操大办|主办|公办|不再办|手续办)$"
)


def reply_units(reply: str) -> list[str]:
    """Units a reply names as having handled the case ("经A5区人防办、洞井街道调查核实")."""
    out: list[str] = []
    for m in _config().unit_pattern.finditer(reply[:600]):
        name = _UNIT_LEFT.sub("", m.group(1))
        if (
            len(name) >= 3
            and name not in out
            and not name.startswith(("本", "贵", "相关", "有关", "单位"))
            and not _NOT_UNIT.search(name)
        ):
            out.append(name)
        if len(out) >= 3:
            break
    return out


def _time_limit(category: str, kind: str, text: str) -> tuple[str, str]:
    try:
        from hotline.calendar.timelimits import default_catalogue

        limit = default_catalogue().limit_for(kind, category=category, text=text[:300])
        return limit.reply.zh(), limit.reply.source
    except (ImportError, HotlineError):
        return _config().default_limit, "手册默认时限"


def _kb_links(query: str, at: datetime | None) -> list[KbLink]:
    if at is None:
        return []
    try:
        from hotline.act.kb import search
    except ImportError:
        return []
    try:
        hits = search(query, at=at, limit=2)
    except HotlineError:
        return []
    return [
        KbLink(id=h.article.id, title=h.article.title, source=h.article.source) for h in hits if h.matched
    ]


def _without_vague(lint: Callable[[str], Any], text: str) -> str:
    if not text.strip():
        return text
    for hit in sorted(lint(text).vague, key=lambda h: h.start, reverse=True):
        text = text[: hit.start] + text[hit.end :]
    return text


def recommended_wording(place: str, problem: str, unit: str, limit: str, severity: float) -> Wording:
    """Three warmth steps for one pain point, each checked by the warmth lint."""
    from hotline.warmth.lint import lint

    cfg = _config()
    feeling = cfg.feeling["high" if severity >= 0.75 else "medium" if severity >= 0.4 else "low"]
    # Pain-point titles come from callers' words ("希望尽快修好"); the operator must not repeat
    # their vague words as a promise, so those are dropped before the titles go into a sentence.
    place, problem, unit = (_without_vague(lint, v) for v in (place, problem, unit))
    fill = {
        "place": place,
        "problem": problem,
        "unit": unit,
        "limit": limit,
        "feedback": cfg.feedback,
        "feeling": feeling,
    }
    out = {k: v.format(**fill) for k, v in cfg.wording.items()}
    for step, sentence in out.items():
        result = lint(sentence)
        if not result.ok:
            words = "、".join(v.word for v in result.vague) or "推诿或不耐烦的说法"
            raise HotlineError(
                "wording_lint", f"手册推荐话术（{step}）未通过话术检查：{words}；请修改 handbook.yaml"
            )
    return Wording(**out)


def _monthly(times: Sequence[datetime | None]) -> dict[str, int]:
    counts = Counter(t.strftime("%Y-%m") for t in times if t)
    return dict(sorted(counts.items()))


def build_handbook(
    cases: Sequence[HandbookCase],
    *,
    generated_at: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
    hotspots: Sequence[Hotspot] | None = None,
    options: HotspotOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> Handbook:
    """The handbook model for the cases of [start, end], one chapter per category (largest first)."""
    cfg = _config()
    chosen = [
        c
        for c in cases
        if (start is None or (c.created_at and c.created_at >= start))
        and (end is None or (c.created_at and c.created_at <= end))
    ]
    if not chosen:
        raise InputError("no_cases", "所选时间段内没有工单，无法生成手册")
    by_id = {c.id: c for c in chosen}
    categories = Counter(c.category for c in chosen)
    chapters: list[Chapter] = []
    for category, count in categories.most_common():
        members = [c for c in chosen if c.category == category]
        if progress:
            progress(f"正在分析“{category}”（{count} 件）")
        if hotspots is not None:
            spots = [h for h in hotspots if _majority_category(h, by_id) == category]
        elif len(members) >= 2:
            msgs = [
                Message(id=c.id, title=c.title or c.text[:40], detail=c.text, time=c.created_at)
                for c in members
            ]
            spots = mine(msgs, options=options, top=cfg.per_category).hotspots
        else:
            spots = []
        units = Counter(
            u for c in members for u in ([c.lead_unit] if c.lead_unit else reply_units(c.reply)[:1])
        )
        points = [_pain_point(h, by_id, category, cfg) for h in spots[: cfg.per_category]]
        chapters.append(
            Chapter(
                category=category,
                cases=count,
                share=round(count / len(chosen), 4),
                monthly=_monthly([c.created_at for c in members]),
                units=units.most_common(5),
                pain_points=points,
            )
        )
    times = [c.created_at for c in chosen if c.created_at]
    return Handbook(
        title=cfg.title,
        subtitle=cfg.subtitle,
        intro=cfg.intro,
        period=(
            (start or min(times)).strftime("%Y-%m-%d") if times or start else None,
            (end or max(times)).strftime("%Y-%m-%d") if times or end else None,
        ),
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M"),
        total_cases=len(chosen),
        categories=categories.most_common(),
        chapters=chapters,
    )


def _majority_category(h: Hotspot, by_id: dict[str, HandbookCase]) -> str | None:
    counts = Counter(by_id[i].category for i in h.message_ids if i in by_id)
    return counts.most_common(1)[0][0] if counts else None


def _pain_point(h: Hotspot, by_id: dict[str, HandbookCase], category: str, cfg: _Config) -> PainPoint:
    members = [by_id[i] for i in h.message_ids if i in by_id]
    units = Counter(u for c in members for u in ([c.lead_unit] if c.lead_unit else reply_units(c.reply)[:1]))
    unit = units.most_common(1)[0][0] if units else cfg.default_unit
    kind = Counter(c.appeal_kind for c in members).most_common(1)[0][0] if members else "complaint"
    limit, source = _time_limit(category, kind, members[0].text if members else "")
    studies: list[CaseStudy] = []
    scored = []
    for c in members:
        if not c.reply:
            continue
        s = score_reply(
            c.title or c.text[:40], c.text, c.reply, received_at=c.created_at, replied_at=c.replied_at
        )
        scored.append((s.overall, c))
    scored.sort(key=lambda x: (-x[0], x[1].id))
    picks = [c for _, c in scored[: cfg.per_point]] or members[: cfg.per_point]
    scores = {c.id: s for s, c in scored}
    for c in picks:
        handled = _TRAILER.sub("", _FORMULA.sub("", c.reply)).strip() if c.reply else "（尚无答复）"
        # The handbook is printed and handed out: callers' phones and names never appear in it.
        names = [find_name(c.text)[0]]
        studies.append(
            CaseStudy(
                id=c.id,
                title=mask_text(c.title or _short(c.text, 30), names),
                excerpt=mask_text(_short(c.text, 120), names),
                created_at=c.created_at.strftime("%Y-%m-%d") if c.created_at else None,
                handled=mask_text(_short(handled, 220), names),
                reply_score=scores.get(c.id),
                unit=c.lead_unit or next(iter(reply_units(c.reply)), None),
            )
        )
    last = datetime.fromisoformat(h.last) if h.last else None
    return PainPoint(
        label=h.label,
        place=h.place,
        problem=h.problem,
        heat=h.heat,
        trend=h.trend,
        messages=h.messages,
        callers=h.callers,
        first=h.first[:10] if h.first else None,
        last=h.last[:10] if h.last else None,
        units=[u for u, _ in units.most_common(3)],
        time_limit=limit,
        limit_source=source,
        cases=studies,
        wording=recommended_wording(h.place, h.problem, unit, limit, h.severity),
        kb=_kb_links(h.problem + h.place, last),
    )


def cases_from_replies(
    rows: Sequence[Any], *, categorize: Callable[[str, datetime | None], str] | None = None
) -> list[HandbookCase]:
    """Handbook cases from `ReplyCase` rows (the tipdm replies CSV): appeal, reply and times."""
    classify = categorize or _pipeline_category
    out = []
    for r in rows:
        text = r.detail or r.title
        out.append(
            HandbookCase(
                id=r.id,
                title=r.title,
                text=text,
                category=classify(f"{r.title}。{text[:200]}", r.time),
                created_at=r.time,
                reply=r.reply,
                replied_at=r.reply_time,
                status="closed" if r.reply else "open",
            )
        )
    return out


def _pipeline_category(text: str, when: datetime | None) -> str:
    """The level-1 category that routing gives this text ("其他" when it finds none)."""
    from hotline.services import analyze_call

    a = analyze_call(text, received_at=when or datetime(2020, 1, 1))
    category = a.extra.get("category")
    return str(category) if category else "其他"
