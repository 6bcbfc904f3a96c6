"""DEVICE_ID: IMEIs, MAC addresses and advertising/device UUIDs.

A MAC address has a distinctive shape and scores on its own. An IMEI is a 15-digit Luhn
number and a UUID is everywhere in logs (request ids, trace ids), so both score below the
reporting threshold unless a device word (``imei``, ``idfa``, ``gaid``, ``device_id``...) is
near; Presidio's context enhancer, or the scanner's own, lifts them.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from stdnum import luhn

from recognizers.prechecked import PrecheckedPatternRecognizer

_HEX = "[0-9A-Fa-f]"
_ANY_DIGIT = re.compile(r"\d")


class DeviceIdRecognizer(PrecheckedPatternRecognizer):
    """Recognize device identifiers: IMEI (with context), MAC, device/advertising UUID
    (with context)."""

    ENTITY = "DEVICE_ID"
    # One-pass candidates: IMEI (plain, dashed), MAC and UUID without their look-arounds.
    CANDIDATE_PATTERNS = (
        r"[0-9]{15}",
        r"[0-9]{2}-[0-9]{6}-[0-9]{6}-[0-9]",
        r"[0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}[:-][0-9A-F]{2}",
        r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}",
    )
    PATTERNS = [
        Pattern(
            "imei",
            r"\d(?<![\w.-]\d)(?:\d{14}(?!\w|[.,]\d)|\d-\d{6}-\d{6}-\d(?![\w-]))",
            0.1,
        ),
        Pattern(
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
        Pattern(
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
    ]
    CONTEXT = [
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
    ]
    # Lets a scanner that runs the patterns itself skip text `analyze` would skip.

    TRUE_SAMPLES = [
        "IMEI 490154203237518 registered",
        "imei=356938035643809",
        "device imei: 35-209900-176148-1",
        "wlan0 HWaddr 00:1A:2B:3C:4D:5E",
        "bssid AA-BB-CC-DD-EE-01 joined",
        "idfa: 6D92078A-8246-4BA4-AE5B-76104861E7DC",
        "advertising_id=38400000-8cf0-11bd-b23e-10b96e40000d",
    ]
    FALSE_SAMPLES = [
        "order 490154203237518 shipped",
        "imei 490154203237519",
        "request_id=6D92078A-8246-4BA4-AE5B-76104861E7DC",
        "id FF:F2:9F:16:E5:7D:00:0D:60:E9:1D:DC",
        "broadcast ff:ff:ff:ff:ff:ff",
        "idfa 00000000-0000-0000-0000-000000000000",
        "imei 000000000000000",
        "at 12:30:45 ok",
    ]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when ``text`` has no digit: every pattern needs one."""
        return _ANY_DIGIT.search(text) is not None

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop failing IMEI checksums and placeholder values (all zeros, broadcast)."""
        compact = pattern_text.replace("-", "").replace(":", "").lower()
        if len(set(compact)) == 1:
            return True  # 000..., fff..., zeroed IDFA, broadcast MAC
        if compact.isdigit() and len(compact) == 15:
            return not luhn.is_valid(compact)
        return False
