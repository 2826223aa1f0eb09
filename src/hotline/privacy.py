"""Callers' personal data: who may see it unmasked, how it is masked, and the audit of every read.

Policy (docs/api.md, "Personal data"):
- operator and shift_leader see the caller's name, phone and address in full: they talk to
  the caller and call back;
- unit_handler of the LEAD unit sees them in full once it has accepted the ticket and while it
  works it (accepted, reopened), because the unit must contact the caller first (先行联系);
  before accepting, after replying, as a co-handling unit, or when the caller asked for
  confidentiality, it sees `138****5678`;
- expert, manager and admin always see masked data.
Every response that carries unmasked personal data adds a row to `personal_data_reads`.
Phone numbers are masked in log records too (`LogMasker`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

# Callers say numbers every way: "+86 138…", "0571 8888 7777", "(0571)88887777", a bare local
# "88886666" after 座机/电话, or in words ("幺三八…"). Each form must be masked, not only the tidy one.
_MOBILE = re.compile(r"(?<![\d+])((?:\+|00)?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)([(（]?0\d{2,3}[)）]?)[- ]?(\d{3,4})[- ]?(\d{4})(?!\d)")
_LOCAL = re.compile(
    r"(电话|座机|手机|号码|联系方式|热线|拨打|打)([^\d\n]{0,4})([2-8]\d{2,3})[- ]?(\d{4})(?!\d)"
)
_SPOKEN_DIGIT = "零〇一二两三四五六七八九幺"
_SPOKEN_MOBILE = re.compile(
    rf"(?<![{_SPOKEN_DIGIT}])([一幺][三四五六七八九][{_SPOKEN_DIGIT}])((?:[{_SPOKEN_DIGIT}]){{4}})"
    rf"((?:[{_SPOKEN_DIGIT}]){{4}})(?![{_SPOKEN_DIGIT}])"
)
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")

FULL_VIEW_ROLES = frozenset({"operator", "shift_leader"})
UNIT_CONTACT_STATES = frozenset({"accepted", "reopened"})


def mask_phone(phone: str | None) -> str | None:
    """`13812345678` → `138****5678`; landlines keep the area code and the last four digits."""
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 10 and digits.startswith("0"):
        area = 3 if digits[1] in "12" else 4
        return f"{digits[:area]}****{digits[-4:]}"
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_name(name: str | None) -> str | None:
    """Keep the surname: `王建国` → `王**`, `王先生` → `王**`."""
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def mask_address(address: str | None) -> str | None:
    """Keep the first part (district, street) and hide the rest: buildings and rooms identify a home."""
    if not address:
        return address
    keep = min(len(address) // 2, 8)
    return address[:keep] + "****"


HIDDEN = "****"


def mask_text(
    text: str,
    names: Iterable[str | None] = (),
    places: Iterable[str | None] = (),
    hidden: Iterable[str | None] = (),
) -> str:
    """Mask phone numbers, ID card numbers, the given names and home addresses inside free text.

    `places` are addresses the caller gave (kept to their first part, like `mask_address`);
    `hidden` are door-level details ("12幢3单元502室") replaced entirely.
    """
    out = _ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)
    out = _MOBILE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}****{m.group(4)}", out)
    out = _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
    out = _LOCAL.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(4)}", out)
    out = _SPOKEN_MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
    for place in sorted({p for p in places if p and len(p) >= 4}, key=len, reverse=True):
        out = out.replace(place, mask_address(place) or "")
    for part in sorted({p for p in hidden if p and len(p) >= 2}, key=len, reverse=True):
        out = out.replace(part, HIDDEN)
    for name in names:
        if name and len(name) >= 2:
            out = out.replace(name, mask_name(name) or "")
    return out


# From the first building/unit/room number to the end: "嘉绿苑12幢3单元502室" → "嘉绿苑****".
_DOOR = re.compile(
    r"(?:[\d一二三四五六七八九十]{1,4}(?:幢|栋|号楼|座|单元|层|室)|(?<!\d)\d{1,2}-(?:\d{1,2}-)?\d{3,4}(?!\d)).*$"
)


def masked_place(place: dict[str, Any], hidden: Iterable[str | None] = ()) -> dict[str, Any]:
    """A ticket's `place` without the door-level details (building, unit, room) of a home."""
    text = place.get("text")
    if not isinstance(text, str):
        return place
    return {**place, "text": _DOOR.sub(HIDDEN, mask_text(text, hidden=hidden))}


def analysis_personal(analysis: dict[str, Any] | None) -> tuple[list[str], list[str], list[str]]:
    """(names, places, door-level details) the analysis found in the caller's words.

    Only the door-level part of an address found in the text is hidden: "嘉绿苑12幢3单元502室"
    identifies a home, "文三路与学院路口" or "嘉绿苑" alone does not, and units need those places.
    """
    details = (analysis or {}).get("details")
    if not isinstance(details, dict):
        return [], [], []
    names = [details["name"]] if isinstance(details.get("name"), str) else []
    address = details.get("address")
    detail = address.get("detail") if isinstance(address, dict) else None
    return names, [], [detail] if isinstance(detail, str) and detail else []


def sees_contact(role: str, *, lead_unit: bool, status: str, confidential: bool = False) -> bool:
    """May this role see the caller's personal data unmasked on this ticket now?"""
    if role in FULL_VIEW_ROLES:
        return True
    if role == "unit_handler":
        return lead_unit and status in UNIT_CONTACT_STATES and not confidential
    return False


def caller_view(
    caller: Any | None, *, full: bool, text_names: Iterable[str | None] = ()
) -> dict[str, Any] | None:
    """A caller as the API shows it: full, or masked with `masked: true`."""
    if caller is None:
        return None
    if full:
        return {
            "id": caller.id,
            "name": caller.name,
            "phone": caller.phone,
            "address": caller.address,
            "masked": False,
        }
    return {
        "id": caller.id,
        "name": mask_name(caller.name),
        "phone": mask_phone(caller.phone),
        "address": mask_address(caller.address),
        "masked": True,
    }


def mask_analysis(
    analysis: dict[str, Any] | None, names: Iterable[str | None], places: Iterable[str | None] = ()
) -> dict[str, Any] | None:
    """The analysis record with the caller's details masked (name, phones, address, text).

    Every string in the record is masked, not only the detail fields: the read-back ("您家在…
    12幢3单元502室"), the script and stage 3's routing explanation quote the caller too.
    """
    if not analysis:
        return analysis
    found_names, found_places, hidden = analysis_personal(analysis)
    names = [n for n in [*names, *found_names] if n]
    places = [p for p in [*places, *found_places] if p]
    hidden = [h for h in hidden if h]

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return mask_text(value, names, places, hidden)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    out: dict[str, Any] = walk(analysis)
    details = out.get("details")
    if isinstance(details, dict):
        details["name"] = mask_name(details.get("name"))
        details["phone"] = mask_phone(details.get("phone"))
        details["phones"] = [mask_phone(p) for p in details.get("phones") or []]
        address = details.get("address")
        if isinstance(address, dict) and address.get("detail"):
            address["detail"] = HIDDEN
    return out


class LogMasker(logging.Filter):
    """Masks phone and ID numbers in every log record that passes through (never log them in plain)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_log_masking(*names: str) -> None:
    masker = LogMasker()
    for name in ("", *names):
        logger = logging.getLogger(name)
        if not any(isinstance(f, LogMasker) for f in logger.filters):
            logger.addFilter(masker)
        for handler in logger.handlers:
            if not any(isinstance(f, LogMasker) for f in handler.filters):
                handler.addFilter(masker)
