"""Presidio recognizer for CREDIT_CARD: Luhn- and issuer-checked card numbers.

What it matches and why, with sources: ``recognizers.rules.credit_card``.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.class_patterns import presidio_patterns
from recognizers.prechecked import PrecheckedPatternRecognizer
from recognizers.rules.credit_card import (
    CREDIT_CARD,
    drop_keyed_identifiers,
    has_digit,
    is_keyed_identifier,
    is_placeholder_card,
    issuer_matches,
    validate_card,
)

__all__ = ["CreditCardRecognizer", "issuer_matches"]


class CreditCardRecognizer(PrecheckedPatternRecognizer):
    """Recognize payment card numbers (PAN), raw or grouped by spaces or hyphens."""

    # One pass over the text: a raw 13-19 digit run, or 4-4-4-4(-3) / Amex 4-6-5 / Diners
    # 4-6-4 groups with one consistent separator. The base score is low; validate_result
    # lifts a Luhn- and issuer-valid number to 1.0, except a bare 19-digit run, which keeps
    # the base score and so needs a card word nearby.
    # Patterns, context and checks: recognizers.rules.credit_card (no Presidio).
    ENTITY = CREDIT_CARD.entity
    # One-pass candidates: 13+ digits, or 4-4-4-4 / 4-6-4 groups.
    CANDIDATE_PATTERNS = CREDIT_CARD.candidates
    PATTERNS = presidio_patterns(CREDIT_CARD)
    CONTEXT = list(CREDIT_CARD.context)
    # Lets a scanner that runs the patterns itself apply what `analyze` adds to them.
    FAST_PATH_POSTFILTER = "filter_spans"

    TRUE_SAMPLES = [
        "card 4111 1111 1111 1111 12/27",
        "pan=5555555555554444",
        "Amex 3782-822463-10005 on file",
        "charged 4012-8888-8888-1881 ok",
        "credit card number 6011000990139424",
        "card_no: 4000056655665556",
        "card 4111111111111111110 (19 digits)",
    ]
    FALSE_SAMPLES = [
        "card 4111 1111 1111 1112",
        "txn 0000000000000000 void",
        "id 94111111111111111118 done",
        "order 1234567812345670",
        "value 0.4111111111111111",
        "ref 4111111111111111110",
        "imei 490154203237518",
        "trace=4111111111111111 span_id=5555555555554444",
        'order_id: "4012888888881881"',
    ]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Pattern matches minus digit runs that are the value of an id key."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not is_keyed_identifier(text, r.start, r.end)]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when ``text`` has no digit at all."""
        return has_digit(text)

    @staticmethod
    def filter_spans(
        text: str, spans: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float, dict]]:
        """``analyze``'s filter on plain pattern spans: keyed identifiers are not cards."""
        return drop_keyed_identifiers(text, spans)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Luhn + issuer prefix; a bare 19-digit run keeps its low score (needs context)."""
        return validate_card(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject one repeated digit (``0000 0000 0000 0000``)."""
        return is_placeholder_card(pattern_text)
