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

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[- ]?(\d{3,4})(\d{4})(?!\d)")
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


def mask_text(text: str, names: Iterable[str | None] = ()) -> str:
    """Mask phone numbers, ID card numbers and the given names inside free text."""
    out = _ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)
    out = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
    out = _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
    for name in names:
        if name and len(name) >= 2:
            out = out.replace(name, mask_name(name) or "")
    return out


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


def mask_analysis(analysis: dict[str, Any] | None, names: Iterable[str | None]) -> dict[str, Any] | None:
    """The analysis record with the caller's details masked (name, phones, address detail, text)."""
    if not analysis:
        return analysis
    out = dict(analysis)
    names = [n for n in names if n]
    if isinstance(out.get("text"), str):
        out["text"] = mask_text(out["text"], names)
    for key in ("need", "restatement"):
        if isinstance(out.get(key), str):
            out[key] = mask_text(out[key], names)
    details = out.get("details")
    if isinstance(details, dict):
        d = dict(details)
        d["name"] = mask_name(d.get("name"))
        d["phone"] = mask_phone(d.get("phone"))
        d["phones"] = [mask_phone(p) for p in d.get("phones") or []]
        address = d.get("address")
        if isinstance(address, dict):
            d["address"] = {**address, "detail": mask_address(address.get("detail"))}
        out["details"] = d
    script = out.get("script")
    if isinstance(script, dict):
        out["script"] = {k: mask_text(v, names) if isinstance(v, str) else v for k, v in script.items()}
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
