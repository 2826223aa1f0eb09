"""Masking of callers' personal data, and log records that never carry a phone number."""

from __future__ import annotations

import logging

import pytest

from hotline.privacy import LogMasker, mask_address, mask_name, mask_phone, mask_text, sees_contact


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("057187654321", "0571****4321"),
        ("01064123456", "010****3456"),
        ("12345", "*2345"),
        ("110", "***"),
    ],
)
def test_phones_keep_only_what_identifies_the_line_not_the_person(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_names_keep_the_surname_and_addresses_lose_the_door() -> None:
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("王先生") == "王**"
    assert mask_address("西湖区北山街道宝石山下一弄3幢2单元501室") == "西湖区北山街道宝****"


def test_free_text_is_masked_for_phones_id_numbers_and_the_callers_name() -> None:
    text = "我叫李建华，电话13912345678，身份证330106199001011234，座机0571-87654321"
    masked = mask_text(text, ["李建华"])
    assert "13912345678" not in masked and "139****5678" in masked
    assert "330106********1234" in masked
    assert "0571****4321" in masked
    assert "李建华" not in masked and "李**" in masked


@pytest.mark.parametrize(
    ("role", "lead", "status", "confidential", "full"),
    [
        ("operator", False, "dispatched", False, True),
        ("shift_leader", False, "closed", True, True),
        ("unit_handler", True, "dispatched", False, False),
        ("unit_handler", True, "accepted", False, True),
        ("unit_handler", True, "reopened", False, True),
        ("unit_handler", True, "replied", False, False),
        ("unit_handler", False, "accepted", False, False),
        ("unit_handler", True, "accepted", True, False),
        ("expert", False, "accepted", False, False),
        ("manager", False, "accepted", False, False),
        ("admin", False, "accepted", False, False),
    ],
)
def test_who_sees_contact_details(role: str, lead: bool, status: str, confidential: bool, full: bool) -> None:
    assert sees_contact(role, lead_unit=lead, status=status, confidential=confidential) is full


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("hotline.test_privacy")
    logger.addFilter(LogMasker())
    with caplog.at_level(logging.INFO, logger="hotline.test_privacy"):
        logger.info("sending to %s: %s", "13812345678", "工单已办结")
    assert "13812345678" not in caplog.text and "138****5678" in caplog.text
