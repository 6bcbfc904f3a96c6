"""DEVICE_ID rules: IMEIs, MAC addresses and advertising/device UUIDs.

A MAC address has a distinctive shape and scores on its own. An IMEI is a 15-digit Luhn
number and a UUID is everywhere in logs (request ids, trace ids), so both score below the
reporting threshold unless a device word (``imei``, ``idfa``, ``gaid``, ``device_id``...) is
near.
"""

from __future__ import annotations

import re

from stdnum import luhn

from recognizers.rules.base import PatternRule

_HEX = "[0-9A-Fa-f]"
_ANY_DIGIT = re.compile(r"\d")

# One-pass candidates: IMEI (plain, dashed), MAC and UUID without their look-arounds.
_CANDIDATES = (
    r"[0-9]{15}",
    r"[0-9]{2}-[0-9]{6}-[0-9]{6}-[0-9]",
    r"[0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}",
    r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}",
)

_PATTERNS = (
    (
        "imei",
        r"\d(?<![\w.-]\d)(?:\d{14}(?!\w|[.,]\d)|\d-\d{6}-\d{6}-\d(?![\w-]))",
        0.1,
    ),
    (
        "mac",
        r"\b(?<![:.-])"
        + _HEX
        + r"{2}([:-])(?:"
        + _HEX
        + r"{2}\1){4}"
        + _HEX
        + r"{2}(?![\w:-]|\.\w)",
        0.5,
    ),
    (
        "device_uuid",
        r"(?<![\w-])"
        + _HEX
        + r"{8}-"
        + _HEX
        + r"{4}-"
        + _HEX
        + r"{4}-"
        + _HEX
        + r"{4}-"
        + _HEX
        + r"{12}(?![\w-])",
        0.05,
    ),
)

_CONTEXT = (
    "imei",
    "device",
    "idfa",
    "idfv",
    "gaid",
    "adid",
    "aaid",
    "advertising",
    "udid",
    "handset",
)


def has_digit(text: str) -> bool:
    """False when ``text`` has no digit: every pattern needs one."""
    return _ANY_DIGIT.search(text) is not None


def is_invalid_device_id(value: str) -> bool:
    """Failing IMEI checksums and placeholder values (all zeros, broadcast)."""
    compact = value.replace("-", "").replace(":", "").lower()
    if len(set(compact)) == 1:
        return True  # 000..., fff..., zeroed IDFA, broadcast MAC
    if compact.isdigit() and len(compact) == 15:
        return not luhn.is_valid(compact)
    return False


DEVICE_ID = PatternRule(
    name="DeviceIdRecognizer",
    entity="DEVICE_ID",
    patterns=_PATTERNS,
    context=_CONTEXT,
    candidates=_CANDIDATES,
    invalidate=is_invalid_device_id,
    precheck=has_digit,
)
