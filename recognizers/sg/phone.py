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
