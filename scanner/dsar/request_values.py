"""Check the values of a data subject request before they are hashed.

A value with a wrong NRIC check letter or a phone number that cannot be a phone number hashes to
something no scan ever produced, so the answer would be "no occurrences" — read as "we hold
nothing" when the request was simply mistyped. Such values are refused with the reason, masked.
"""

from __future__ import annotations

import re

import phonenumbers

from recognizers.normalize import parse_phone
from recognizers.rules.sg_nric import NRIC_OFFSETS, is_valid_nric
from scanner.protect.masking import mask_value

_NRIC_SHAPE = re.compile(r"[A-Za-z]\d{7}[A-Za-z]")
_PHONE_CHARS = re.compile(r"\+?[\d\s().-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class RequestValueError(Exception):
    """A request value cannot be right; the message names it by label and masked form."""


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _valid_phone(value: str) -> bool:
    _, number = parse_phone(re.sub(r"[\s().-]", "", value))
    return number is not None and phonenumbers.is_valid_number(number)


def check_request_value(value: str, label: str, entity_type: str | None = None) -> None:
    """Raise RequestValueError when ``value`` is shaped like (or declared as) an NRIC/FIN, a
    phone number or an email address but cannot be a valid one."""
    text = value.strip()
    compact = re.sub(r"\s", "", text)
    as_nric = entity_type == "SG_NRIC_FIN" or (
        entity_type is None
        and _NRIC_SHAPE.fullmatch(compact) is not None
        and compact[0].upper() in NRIC_OFFSETS
    )
    if as_nric and not is_valid_nric(compact):
        raise RequestValueError(
            f"{label} ({mask_value('SG_NRIC_FIN', compact.upper())}) looks like an NRIC/FIN but "
            "its check letter (or format) is wrong; correct the request value"
        )
    as_phone = entity_type == "PHONE_NUMBER" or (
        entity_type is None
        and _PHONE_CHARS.fullmatch(text) is not None
        and 7 <= _digits(text) <= 12
    )
    if as_phone and not _valid_phone(text):
        raise RequestValueError(
            f"{label} ({mask_value('PHONE_NUMBER', text)}) looks like a phone number but is "
            "not a valid one (give it with its country code, e.g. +65 9123 4567)"
        )
    as_email = entity_type == "EMAIL_ADDRESS" or (entity_type is None and "@" in text)
    if as_email and not _EMAIL.fullmatch(text):
        raise RequestValueError(
            f"{label} ({mask_value('EMAIL_ADDRESS', text)}) looks like an email address but "
            "cannot be one"
        )


def check_request_values(values: list[str], entity_type: str | None = None) -> None:
    """Check every value (labels ``value 1``, ``value 2``... as in the answer)."""
    for i, value in enumerate(values, start=1):
        check_request_value(value, f"value {i}", entity_type)


__all__ = ["RequestValueError", "check_request_value", "check_request_values"]
