"""Routing (派单): lock onto the responsible unit and the handling path at once.

`route(analysis)` combines three readings of the text:

1. the category classifier (level-1 category and its probability);
2. the responsibility catalogue's keyword rules (which decide the subcategory, the lead and
   co-handling units, and whether the matter goes to the local government by jurisdiction);
3. the place (属地): the district/street from the details reader, or named in the text.

Then the path: emergencies are handed over at once, legal-channel matters are told their
channel, an inquiry the knowledge base answers is answered directly, everything else is
dispatched — to an expert review queue first when the confidence is low. The explanation says
which words, which rule and which place decided it, in Chinese for the shift leader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from hotline.act.catalogue import CLASSIFIER_CATEGORIES, LEVEL_ZH, Catalogue, Rule, Unit, default_catalogue
from hotline.act.kb import Hit, default_kb
from hotline.act.legal import LegalMatch, legal_channels
from hotline.act.places import Place, home_gazetteer
from hotline.analysis import Analysis
from hotline.config import Settings, get_settings

RoutePath = Literal["direct_answer", "dispatch", "emergency_handover", "legal_channel"]
PATH_ZH = {
    "direct_answer": "直接答复",
    "dispatch": "派单转办",
    "emergency_handover": "紧急转接",
    "legal_channel": "告知法定途径",
}

# How keywords and the classifier combine (see docs/routing.md): each category's score is
# log(prior) + keyword strength, and the confidence is the softmax of those scores.
# Prior of a category the classifier never predicts (民政, 政法 …): a single two-character
# word must not beat a classifier that is 90 % sure, a specific four-character one may.
_KEYWORD_ONLY_PRIOR = 0.3
_PRIOR_FLOOR = 0.005
_MAX_STRENGTH = 4.0


class PredictionLike(Protocol):
    """What routing reads from the category classifier's prediction."""

    @property
    def category(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def scores(self) -> dict[str, float]: ...
    @property
    def terms(self) -> list[str]: ...


@dataclass(frozen=True)
class GivenCategory:
    """A category fixed by the caller of `route()` (an operator's choice, or a test)."""

    category: str
    confidence: float = 1.0
    scores: dict[str, float] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.scores:
            others = [c for c in CLASSIFIER_CATEGORIES if c != self.category]
            rest = (1.0 - self.confidence) / len(others)
            object.__setattr__(self, "scores", {self.category: self.confidence} | dict.fromkeys(others, rest))


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str

    @classmethod
    def of(cls, unit: Unit) -> UnitRef:
        return cls(unit.code, unit.name)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@dataclass
class Route:
    category: str
    subcategory: str | None
    lead: UnitRef
    co: list[UnitRef]
    confidence: float
    path: RoutePath
    explanation: str
    expert_review: bool = False
    rule: str = ""
    level: str = "city"  # the level actually used: city, district or street
    place: Place = field(default_factory=Place)
    terms: list[str] = field(default_factory=list)  # catalogue keywords that decided the rule
    legal: LegalMatch | None = None
    answer: Hit | None = None  # the knowledge-base article for a direct answer

    @property
    def category_path(self) -> str:
        return f"{self.category}/{self.subcategory}" if self.subcategory else self.category

    def to_dict(self) -> dict[str, Any]:
        return {
            "lead": self.lead.to_dict(),
            "co": [u.to_dict() for u in self.co],
            "confidence": round(self.confidence, 3),
            "path": self.path,
            "explanation": self.explanation,
            "category": self.category,
            "subcategory": self.subcategory,
            "expert_review": self.expert_review,
            "rule": self.rule,
            "level": self.level,
            "place": {"district": self.place.district, "street": self.place.street, "said": self.place.said},
            "terms": list(self.terms),
            "legal": self.legal.to_dict() if self.legal else None,
            "answer": self.answer.to_dict() if self.answer else None,
        }


# ---------------------------------------------------------------- classifier


def classify(text: str, tokens: list[str] | None = None) -> PredictionLike:
    """The category classifier's prediction (`tokens`: the pipeline's segmentation, reused)."""
    from hotline.act.classifier import default_classifier

    prediction: PredictionLike = default_classifier().predict(text, tokens=tokens)
    return prediction


# ---------------------------------------------------------------- choosing the rule


@dataclass
class _Choice:
    rule: Rule
    confidence: float
    terms: list[str]


def keyword_strength(terms: list[str]) -> float:
    """Evidence of distinct catalogue keywords: 1 for a two-character word, up to 2 for long ones."""
    return min(_MAX_STRENGTH, sum(min(2.0, 0.5 * len(t)) for t in terms))


def choose_rule(cat: Catalogue, text: str, pred: PredictionLike | None, appeal_kind: str) -> _Choice:
    """The catalogue rule for a text: keyword evidence weighed against the classifier's category.

    Keywords first pick the level-1 category together with the classifier (log prior + keyword
    strength per category), then the rule inside it (the one whose own keywords say most).
    """
    by_rule: dict[str, list[str]] = {}
    rules: dict[str, Rule] = {}
    for kw in cat.matcher.phrases_in(text):
        for rule in cat.by_keyword[kw]:
            if rule.kinds and appeal_kind not in rule.kinds:
                continue
            by_rule.setdefault(rule.id, []).append(kw)
            rules[rule.id] = rule
    by_category: dict[str, list[str]] = {}
    for rid, terms in by_rule.items():
        by_category.setdefault(rules[rid].level1, []).extend(terms)
    # Without a model every classifier category starts equal.
    start = _PRIOR_FLOOR if pred is not None else 1.0 / len(CLASSIFIER_CATEGORIES)
    priors = dict.fromkeys(CLASSIFIER_CATEGORIES, start)
    if pred is not None:
        for c, p in pred.scores.items():
            if c in priors:
                priors[c] = max(_PRIOR_FLOOR, float(p))
    for c in by_category:
        priors.setdefault(c, _KEYWORD_ONLY_PRIOR)
    logits = {c: math.log(p) + keyword_strength(by_category.get(c, [])) for c, p in priors.items()}
    best = max(logits, key=lambda c: (logits[c], c in by_category))
    if pred is None and best not in by_category:
        # No model and no keyword: the first category's fallback, flagged as unsure.
        fallback = cat.defaults.get(CLASSIFIER_CATEGORIES[0]) or cat.rules[0]
        return _Choice(fallback, 0.2, [])
    top = max(logits.values())
    confidence = 1.0 / sum(math.exp(v - top) for v in logits.values())
    candidates = [rid for rid in by_rule if rules[rid].level1 == best]
    if not candidates:
        return _Choice(cat.defaults[best], confidence, [])
    order = {r.id: i for i, r in enumerate(cat.rules)}
    rid = max(
        candidates,
        key=lambda r: (keyword_strength(by_rule[r]), max(len(t) for t in by_rule[r]), -order[r]),
    )
    return _Choice(rules[rid], confidence, by_rule[rid])


# ---------------------------------------------------------------- place and units


def find_place(analysis: Analysis, settings: Settings) -> tuple[Place, str | None]:
    """The home-city district/street of the matter, and a note when the address is elsewhere."""
    addr = analysis.details.address
    if (addr.city and addr.city != settings.home_city) or (
        addr.province and addr.province != settings.home_province
    ):
        where = f"{addr.province or ''}{addr.city or ''}"
        return Place(), f"地址在{where}，不属本市属地管理"
    gz = home_gazetteer(settings.home_city, str(settings.catalogue_dir) if settings.catalogue_dir else None)
    if gz is None:
        return Place(), None
    place = gz.resolve(addr.district, addr.street) if (addr.district or addr.street) else Place()
    if place.district and addr.text:
        place = Place(place.district, place.street, addr.text)
    if place.street is None:
        found = gz.find(analysis.text)
        if found.district and (place.district in (None, found.district)):
            place = found
    return place, None


def assign_units(cat: Catalogue, rule: Rule, place: Place) -> tuple[Unit, list[Unit], str]:
    """Lead and co-handling units for a rule at a place; the level actually used."""
    dept = cat.unit(rule.lead)
    co = [cat.unit(c) for c in rule.co]
    level = "city"
    lead = dept
    if rule.level in ("district", "street"):
        local = cat.local_unit(place.district, place.street if rule.level == "street" else None)
        if local is not None:
            lead, level = local, local.kind
            co = [dept, *co]
    seen = {lead.code}
    unique = []
    for unit in co:
        if unit.code not in seen:
            seen.add(unit.code)
            unique.append(unit)
    return lead, unique, level


# ---------------------------------------------------------------- explanation


def _explain(
    *,
    choice: _Choice,
    pred: PredictionLike | None,
    place: Place,
    place_note: str | None,
    lead: Unit,
    co: list[Unit],
    level: str,
    rule_level: str,
    path: str,
    analysis: Analysis,
    legal: LegalMatch | None,
    answer: Hit | None,
    expert: bool,
    threshold: float,
) -> str:
    rule = choice.rule
    parts: list[str] = []
    cat_text = rule.path
    words = "、".join(f"「{t}」" for t in choice.terms)
    if choice.terms:
        parts.append(
            f"分类为{cat_text}：来电中的{words}命中派单规则 {rule.id}（{rule.file} 第 {rule.line} 行）"
        )
    else:
        parts.append(
            f"分类为{cat_text}：未命中具体关键词，按该分类的兜底规则 {rule.id}（{rule.file} 第 {rule.line} 行）"
        )
    if isinstance(pred, GivenCategory):
        parts.append(f"一级分类由人工指定为{pred.category}")
    elif pred is not None and pred.category in CLASSIFIER_CATEGORIES:
        cue = "、".join(pred.terms[:4])
        model = f"分类模型判为{pred.category}（{pred.confidence:.2f}{'，依据 ' + cue if cue else ''}）"
        if pred.category != rule.level1:
            model += f"，与关键词指向的{rule.level1}不一致"
        parts.append(model)
    if rule.basis:
        parts.append(f"依据：{rule.basis}")
    names = "、".join(u.name for u in co)
    if path == "legal_channel":
        pass  # no dispatch: the channel sentence below says where the caller goes
    elif level in ("street", "district"):
        said = f"（来电中说「{place.said}」）" if place.said else ""
        where = f"{place.district or ''}{place.street if level == 'street' else ''}"
        parts.append(f"属地：{where}{said}，由{lead.name}主办" + (f"，{names}协办" if names else ""))
    else:
        if rule_level != "city":
            why = place_note or "未识别到本市的区县或街道"
            parts.append(f"属地：{why}，暂由{lead.name}主办，请向来电人确认具体地址后改派属地")
        else:
            parts.append(f"{LEVEL_ZH['city']}：{lead.name}" + (f"，{names}协办" if names else ""))
    parts.append(f"综合置信度 {choice.confidence:.2f}")
    if path == "emergency_handover" and analysis.handover is not None:
        h = analysis.handover
        line = h.name if h.line in h.name else f"{h.line}（{h.name}）"
        parts.append(f"紧急情况：立即转接{line}，后续工单由{lead.name}跟进")
    elif path == "emergency_handover":
        parts.append("紧急情况：立即转接应急联动（110/119/120）")
    elif path == "legal_channel" and legal is not None:
        said = "、".join(f"「{s}」" for s in legal.said)
        where = f"（受理机关：{lead.name}）" if legal.channel.unit else ""
        parts.append(
            f"法定途径：来电中的{said}表明属于{legal.channel.name}事项，热线不派单，告知来电人相应渠道{where}"
        )
    elif path == "direct_answer" and answer is not None:
        kws = "、".join(f"「{k}」" for k in answer.matched)
        parts.append(
            f"直接答复：咨询类来电，知识库《{answer.article.title}》命中{kws}（得分 {answer.score:.1f}）"
        )
    if expert:
        parts.append(f"置信度低于 {threshold:.2f}，先转业务专家复核再派单")
    return "；".join(parts) + "。"


# ---------------------------------------------------------------- route


def route(
    analysis: Analysis,
    *,
    returns: int = 0,
    settings: Settings | None = None,
    prediction: PredictionLike | None = None,
    category: str | None = None,
    knowledge: list[Hit] | None = None,
    tokens: list[str] | None = None,
    catalogue: Catalogue | None = None,
) -> Route:
    """Decide the category, lead and co-handling units, path and confidence for one analysis.

    `prediction` (or just `category`) replaces the classifier; `knowledge` and `tokens` let the
    pipeline pass what it has already computed. `returns` (退单 count) does not change the route
    itself; escalation reads it.
    """
    settings = settings or get_settings()
    cat = catalogue or default_catalogue(settings.catalogue_dir)
    text = analysis.text
    pred: PredictionLike | None
    if category is not None:
        pred = GivenCategory(category)
    else:
        pred = prediction if prediction is not None else classify(text, tokens)
    choice = choose_rule(cat, text, pred, analysis.appeal_kind)
    place, place_note = find_place(analysis, settings)
    lead, co, level = assign_units(cat, choice.rule, place)

    if knowledge is None:
        knowledge = default_kb(settings.kb_dir).search(text, at=analysis.received_at, limit=3, tokens=tokens)
    legal = legal_channels(str(settings.catalogue_dir) if settings.catalogue_dir else None).find(text)
    answer: Hit | None = None
    path: RoutePath
    if analysis.urgency == "emergency":
        path = "emergency_handover"
    elif legal is not None:
        path = "legal_channel"
        if legal.channel.unit and legal.channel.unit in cat.units:
            lead, co, level = cat.unit(legal.channel.unit), [], "city"
    elif analysis.appeal_kind == "inquiry" and knowledge and knowledge[0].confident:
        path = "direct_answer"
        answer = knowledge[0]
    else:
        path = "dispatch"
    expert = path == "dispatch" and choice.confidence < settings.route_min_confidence
    explanation = _explain(
        choice=choice,
        pred=pred,
        place=place,
        place_note=place_note,
        lead=lead,
        co=co,
        level=level,
        rule_level=choice.rule.level,
        path=path,
        analysis=analysis,
        legal=legal,
        answer=answer,
        expert=expert,
        threshold=settings.route_min_confidence,
    )
    return Route(
        category=choice.rule.level1,
        subcategory=choice.rule.subcategory,
        lead=UnitRef.of(lead),
        co=[UnitRef.of(u) for u in co],
        confidence=choice.confidence,
        path=path,
        explanation=explanation,
        expert_review=expert,
        rule=choice.rule.id,
        level=level,
        place=place,
        terms=choice.terms,
        legal=legal,
        answer=answer,
    )
