"""Presidio recognizer for PHONE_NUMBER: libphonenumber-validated, SG first.

What it matches and why, with sources: ``recognizers.rules.sg_phone``.
"""

from __future__ import annotations

from typing import Any, Unpack

from phonenumbers import Leniency

from recognizers.options import RecognizerOptions
from recognizers.rules.base import ScoredSpan
from recognizers.rules.sg_phone import (
    BARE_SCORE,
    FORMATTED_SCORE,
    INTERNATIONAL_SCORE,
    SG_PHONE,
    phone_spans,
)
from recognizers.span_recognizer import SpanRuleRecognizer


class SgPhoneRecognizer(SpanRuleRecognizer):
    """Phone numbers via `phonenumbers.PhoneNumberMatcher` (region SG, leniency VALID)."""

    COUNTRY_CODE = "sg"
    INTERNATIONAL_SCORE = INTERNATIONAL_SCORE
    FORMATTED_SCORE = FORMATTED_SCORE
    BARE_SCORE = BARE_SCORE
    RULE = SG_PHONE

    TRUE_SAMPLES = [
        "Call +65 9123 4567 now",
        "x +6591234567 y",
        "tel (65) 8123 4567.",
        "reach me at 0065 9123 4567",
        "office 6123-4567",
        "mobile: 91234567",
        "toll-free 1800 123 4567",
        "London office +44 20 7946 0958",
        "support +1 415 555 2671",
        "hp 9123 4567",
        "VoIP line 7000 1234 567",
        "sms to 70001234567 queued",
        "hotline 1800 123 4567",
        "call +65-6123-4567",
    ]
    FALSE_SAMPLES = [
        "ts=2024-01-15T10:23:45Z",
        "ts 20240115 10234567",
        "ts 20240115 91234567",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "ratio 0.91234567",
        "version 1.2.91234567",
        "ip 192.168.91.234",
        "amount 12,345,678.90",
        "epoch 1705312345678",
        "value 9123.4567",
        "seq 91234567",
        "range 91234567-12",
    ]

    def __init__(
        self,
        *,
        region: str = "SG",
        leniency: int = Leniency.VALID,  # phonenumbers types its Leniency constants as int
        **options: Unpack[RecognizerOptions],
    ) -> None:
        self.region = region
        self.leniency = leniency
        super().__init__(**options)

    def spans(self, text: str) -> list[ScoredSpan]:
        """Valid phone numbers that stand as their own token; the metadata carries the shape
        and region only, never the number itself."""
        return [
            (start, end, score, {"phone_format": kind, "phone_region": number_region})
            for start, end, score, kind, number_region in phone_spans(
                text, self.region, self.leniency
            )
        ]

    def explain(self, metadata: dict[str, Any]) -> str:
        """The number's shape and region."""
        region = metadata["phone_region"]
        return f"{metadata['phone_format']} phone number, region {region or 'unknown'}"
