"""The shared analysis record that every stage reads and writes.

One `Analysis` is built per caller text. Pipeline components (see `pipeline.py`) each fill
their own part; the JSON field names produced by `Analysis.to_dict()` are part of the
product's contract (README, "JSON fields").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

EmotionName = Literal["anger", "anxiety", "disappointment", "calm"]
EMOTIONS: tuple[EmotionName, ...] = ("anger", "anxiety", "disappointment", "calm")

Urgency = Literal["emergency", "urgent", "normal"]

AppealKind = Literal["inquiry", "help", "complaint", "report", "suggestion", "praise"]
APPEAL_KINDS: tuple[AppealKind, ...] = ("inquiry", "help", "complaint", "report", "suggestion", "praise")
APPEAL_KIND_ZH: dict[str, str] = {
    "inquiry": "咨询",
    "help": "求助",
    "complaint": "投诉",
    "report": "举报",
    "suggestion": "建议",
    "praise": "表扬",
}
EMOTION_ZH: dict[str, str] = {"anger": "愤怒", "anxiety": "焦虑", "disappointment": "失望", "calm": "平和"}


@dataclass
class Evidence:
    """A span of the caller's text that supports a finding (offsets into `Analysis.text`)."""

    text: str
    start: int
    end: int
    cue: str = ""  # which rule or lexicon entry matched, for the shift leader's eyes
    weight: float = 0.0


@dataclass
class Emotion:
    primary: EmotionName = "calm"
    intensity: float = 0.0
    scores: dict[str, float] = field(default_factory=lambda: {e: 0.0 for e in EMOTIONS})
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Handover:
    """Where an emergency must be transferred at once, and why."""

    line: str  # "110", "119", "120", "122", or a utility's emergency number
    name: str  # who answers that line, in Chinese
    reason: str  # one sentence an operator can say
    hazard: str  # code of the hazard rule, e.g. "gas_leak"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Address:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    detail: str | None = None
    text: str | None = None  # the span as the caller said it

    def is_empty(self) -> bool:
        return not any((self.province, self.city, self.district, self.street, self.community, self.detail))


@dataclass
class DetailObject:
    kind: str  # estate, company, shop, school, hospital, bus_line, plate, ...
    text: str
    start: int = -1
    end: int = -1


@dataclass
class Amount:
    text: str
    value: float
    unit: str = "元"


@dataclass
class Details:
    name: str | None = None  # full name or "王先生/王女士" style when only the surname is known
    surname: str | None = None
    phone: str | None = None  # the first number given, as the caller said it (digits only)
    phones: list[str] = field(default_factory=list)
    address: Address = field(default_factory=Address)
    event_time: str | None = None  # ISO 8601, resolved against the call time
    event_time_text: str | None = None
    event_recurring: bool = False  # "每天晚上十点以后": it keeps happening, not a single event
    objects: list[DetailObject] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)


@dataclass
class Script:
    acceptance: str = ""
    responsibility: str = ""
    commitment: str = ""


@dataclass
class Deadline:
    working_days: int | None = None
    hours: int | None = None
    due: str | None = None  # ISO 8601
    feedback_by: str | None = None  # when the operator promises to report back
    provisional: bool = False
    rule: str = ""  # which time-limit entry decided it
    source: str = ""  # where that number comes from


@dataclass
class Analysis:
    """Everything Hotline reads out of one caller text."""

    text: str
    received_at: datetime
    emotion: Emotion = field(default_factory=Emotion)
    urgency: Urgency = "normal"
    handover: Handover | None = None
    hazards: list[str] = field(default_factory=list)  # urgent, non-emergency hazards
    appeal_kind: AppealKind = "help"
    appeal_kind_scores: dict[str, float] = field(default_factory=dict)
    details: Details = field(default_factory=Details)
    missing: list[str] = field(default_factory=list)  # Chinese labels of details still to ask for
    need: str = ""
    restatement: str = ""
    script: Script = field(default_factory=Script)
    deadline: Deadline = field(default_factory=Deadline)
    repeat_calls: int = 0
    notes: list[str] = field(default_factory=list)  # input warnings (traditional text, truncation...)
    # Filled by stage 3 (act) when routing is available.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["received_at"] = self.received_at.isoformat(timespec="seconds")
        extra = out.pop("extra")
        out.update(extra)
        return out
