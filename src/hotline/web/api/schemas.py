"""Request bodies of the API, with their length limits (docs/api.md, "Limits")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hotline.tickets.clock import SHANGHAI

TEXT_MAX = 20_000
NAME_MAX = 50
REASON_MAX = 2_000
CONTENT_MAX = 5_000
SMS_MAX = 500
UNIT_MAX = 32
CATEGORY_MAX = 200

Channel = Literal["phone", "web", "app", "wechat", "letter", "email", "open311", "import"]
AppealKind = Literal["inquiry", "help", "complaint", "report", "suggestion", "praise"]
Urgency = Literal["emergency", "urgent", "normal"]


def local(dt: datetime | None) -> datetime | None:
    """Naive Asia/Shanghai time (what the store keeps) for any datetime a client sends."""
    if dt is None or dt.tzinfo is None:
        return dt
    return dt.astimezone(SHANGHAI).replace(tzinfo=None)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Versioned(Body):
    version: int | None = Field(None, ge=1, description="客户端看到的版本号；也可用 If-Match 请求头")


class CallerIn(Body):
    name: str | None = Field(None, max_length=NAME_MAX)
    # 7 digits at least: "123" or "110" is nobody's phone, and an SMS to it is lost.
    phone: str | None = Field(None, max_length=20, pattern=r"^\+?[0-9][0-9\- ]{6,19}$")
    address: str | None = Field(None, max_length=200)


class UtteranceIn(Body):
    speaker: Literal["caller", "operator"]
    text: str = Field(max_length=TEXT_MAX)


class TicketCreate(Body):
    text: str = Field(min_length=1, max_length=TEXT_MAX, description="来电人所说的诉求")
    caller: CallerIn | None = None
    channel: Channel = "phone"
    received_at: datetime | None = None
    unit: str | None = Field(None, max_length=UNIT_MAX, description="坐席选定的主办单位编码")
    co_units: list[str] | None = Field(None, max_length=10)
    category: str | None = Field(None, max_length=CATEGORY_MAX)
    appeal_kind: AppealKind | None = None
    urgency: Urgency | None = None
    direct_answer: str | None = Field(None, max_length=CONTENT_MAX, description="直接答复内容：登记即办结")
    dispatch: bool = True
    confidential: bool = Field(False, description="来电人要求保密：承办单位始终看不到其联系方式")
    feedback_by: datetime | None = Field(None, description="坐席向来电人承诺的反馈时间")
    utterances: list[UtteranceIn] = Field(default_factory=list, max_length=2000)


class DispatchIn(Versioned):
    unit: str = Field(min_length=1, max_length=UNIT_MAX)
    co_units: list[str] = Field(default_factory=list, max_length=10)
    note: str | None = Field(None, max_length=REASON_MAX)


class NoteIn(Versioned):
    note: str | None = Field(None, max_length=REASON_MAX)


class ReturnIn(Versioned):
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class ExtensionIn(Versioned):
    days: int = Field(ge=1, le=60)
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class ApproveIn(Versioned):
    days: int | None = Field(None, ge=1, le=60, description="批准的天数，默认按申请")
    note: str | None = Field(None, max_length=REASON_MAX)


class ReplyIn(Versioned):
    content: str = Field(min_length=1, max_length=CONTENT_MAX)
    resolved: bool


class VisitIn(Versioned):
    satisfaction: Literal["satisfied", "basic", "unsatisfied"]
    resolved: bool
    note: str | None = Field(None, max_length=REASON_MAX)


class MergeIn(Versioned):
    into: int | str = Field(description="并入的工单：编号 id 或工单号")
    note: str | None = Field(None, max_length=REASON_MAX)


class ContentIn(Versioned):
    content: str = Field(min_length=1, max_length=CONTENT_MAX)


class UpdateIn(Versioned):
    content: str = Field(min_length=1, max_length=SMS_MAX, description="发给来电人的进度说明")
