"""DEVICE_ID rules: IMEIs, MAC addresses and advertising/device UUIDs.

A MAC address has a distinctive shape and scores on its own. An IMEI is a 15-digit Luhn
number and a UUID is everywhere in logs (request ids, trace ids), so both score below the
reporting threshold unless a device word (``imei``, ``idfa``, ``gaid``, ``device_id``...) is
near.
"""

from __future__ import annotations

import re

from stdnum import luhn

from recognizers.rules.loader import builtin_pattern_rule

_ANY_DIGIT = re.compile(r"\d")


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


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
DEVICE_ID = builtin_pattern_rule("DeviceIdRecognizer")
