"""Stage 3 on one analysis: route, escalate, look up knowledge and options.

`act()` is the pipeline component. It runs after the appeal reader and before the deadline,
so the category reaches the time-limit catalogue and the lead unit's name reaches the warmth
script (责任表态 names the unit; 行动承诺 uses the category's time limit). `act_on()` is the
same work for a caller that already has an analysis (the `hotline route` command).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hotline.act.escalation import Escalation, escalate
from hotline.act.kb import Hit, default_kb
from hotline.act.options import options_for
from hotline.act.routing import PredictionLike, Route, route
from hotline.analysis import Analysis
from hotline.config import Settings, get_settings

if TYPE_CHECKING:
    from hotline.pipeline import Context

KNOWLEDGE_LIMIT = 3


@dataclass
class ActResult:
    route: Route
    escalation: Escalation
    knowledge: list[Hit]
    options: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The stage-3 fields of the analysis JSON (merged into `Analysis.extra`)."""
        return {
            "category": self.route.category,
            "route": self.route.to_dict(),
            "escalation": self.escalation.to_dict(),
            "knowledge": [h.to_dict() for h in self.knowledge],
            "options": self.options,
        }


def act_on(
    a: Analysis,
    *,
    returns: int = 0,
    settings: Settings | None = None,
    tokens: list[str] | None = None,
    prediction: PredictionLike | None = None,
    category: str | None = None,
) -> ActResult:
    """Route one analysed call, decide its response level, find knowledge and options."""
    settings = settings or get_settings()
    found = default_kb(settings.kb_dir).search(
        a.text, at=a.received_at, limit=KNOWLEDGE_LIMIT + 2, tokens=tokens
    )
    # Only articles the caller's words actually name: shared everyday words ("小区", "电话")
    # give unrelated articles a score, and a list of them wastes the operator's attention.
    hits = [h for h in found if h.matched][:KNOWLEDGE_LIMIT]
    r = route(
        a,
        returns=returns,
        settings=settings,
        knowledge=hits,
        tokens=tokens,
        prediction=prediction,
        category=category,
    )
    esc = escalate(a, r, returns=returns, settings=settings, knowledge=hits)
    # An emergency leaves no choice to offer: the caller is handed over at once.
    options = (
        []
        if r.path == "emergency_handover"
        else options_for(
            text=a.text, category_path=r.category_path, kb_ids=[h.article.id for h in hits if h.confident]
        )
    )
    return ActResult(r, esc, hits, options)


def act(a: Analysis, ctx: Context) -> None:
    """Pipeline component: fill `a.extra` with stage 3 and tell later steps the category and unit."""
    result = act_on(a, returns=int(ctx.state.get("returns", 0)), settings=ctx.settings, tokens=ctx.tokens)
    r = result.route
    # The full path: the time-limit catalogue matches its rules by category prefix.
    ctx.category = r.category_path
    # Only a dispatched matter has a lead unit to name; an operator's own choice stands.
    if ctx.unit_name is None and r.path in ("dispatch", "emergency_handover"):
        ctx.unit_name = r.lead.name
    ctx.state["route"] = r
    ctx.state["escalation"] = result.escalation
    a.extra.update(result.to_dict())
