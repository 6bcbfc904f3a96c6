"""CREDIT_CARD: Luhn-valid card numbers whose issuer prefix fits their length.

One random digit run in ten passes Luhn, so a Luhn check alone turns order ids and
timestamps into cards. The number must also start with a real issuer prefix for its length
(Visa 4 / 13-16-19, Mastercard 51-55 and 2221-2720 / 16, Amex 34 37 / 15, ...), must not sit
inside a longer digit run, and must not be one repeated digit. A bare 19-digit run is most
often an internal id, so it needs a card word nearby to reach the reporting threshold.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from stdnum import luhn

from recognizers.prechecked import PrecheckedPatternRecognizer

_ANY_DIGIT = re.compile(r"\d")
_NON_DIGITS = re.compile(r"\D")
_SEPARATED = re.compile(r"[ -]")

# (first digits, low, high inclusive, allowed lengths)
_ISSUER_RANGES: tuple[tuple[int, int, int, frozenset[int]], ...] = (
    (1, 4, 4, frozenset({13, 16, 19})),  # Visa
    (2, 51, 55, frozenset({16})),  # Mastercard
    (4, 2221, 2720, frozenset({16})),  # Mastercard 2-series
    (2, 34, 34, frozenset({15})),  # American Express
    (2, 37, 37, frozenset({15})),
    (3, 300, 305, frozenset({14, 16, 17, 18, 19})),  # Diners Club
    (2, 36, 36, frozenset({14, 15, 16, 17, 18, 19})),
    (2, 38, 39, frozenset({14, 16, 17, 18, 19})),
    (4, 3528, 3589, frozenset({16, 17, 18, 19})),  # JCB
    (4, 6011, 6011, frozenset({16, 17, 18, 19})),  # Discover
    (3, 644, 649, frozenset({16, 17, 18, 19})),
    (2, 65, 65, frozenset({16, 17, 18, 19})),
    (2, 62, 62, frozenset({16, 17, 18, 19})),  # UnionPay
    (2, 50, 50, frozenset({13, 14, 15, 16, 17, 18, 19})),  # Maestro
    (2, 56, 69, frozenset({13, 14, 15, 16, 17, 18, 19})),
)


def issuer_matches(digits: str) -> bool:
    """True when the leading digits are a card issuer's prefix for a number this long."""
    length = len(digits)
    for width, low, high, lengths in _ISSUER_RANGES:
        if length in lengths and low <= int(digits[:width]) <= high:
            return True
    return False


# An ungrouped digit run that is the value of an identifier key (`trace=…`, `span_id: …`,
# `order_id="…"`) is that identifier, even when it happens to pass Luhn and an issuer prefix:
# about one random 16-digit id in 20 does, so a busy log would otherwise fail a CI gate.
_ID_KEY_BEFORE = re.compile(
    r"(?:trace|span|request|req|correlation|session|txn|transaction|order|invoice|ref|"
    r"message|msg|job|task|block|seq|id)[\w.-]*[\"']?\s*[=:]\s*[\"']?$",
    re.IGNORECASE,
)


def _is_keyed_identifier(text: str, start: int, end: int) -> bool:
    if not text[start:end].isdigit():
        return False  # grouped like a card: keep
    return bool(_ID_KEY_BEFORE.search(text[max(0, start - 32) : start]))


class CreditCardRecognizer(PrecheckedPatternRecognizer):
    """Recognize payment card numbers (PAN), raw or grouped by spaces or hyphens."""

    # One pass over the text: a raw 13-19 digit run, or 4-4-4-4(-3) / Amex 4-6-5 / Diners
    # 4-6-4 groups with one consistent separator. The base score is low; validate_result
    # lifts a Luhn- and issuer-valid number to 1.0, except a bare 19-digit run, which keeps
    # the base score and so needs a card word nearby.
    ENTITY = "CREDIT_CARD"
    # One-pass candidates: 13+ digits, or 4-4-4-4 / 4-6-4 groups.
    CANDIDATE_PATTERNS = (
        r"[0-9]{13}",
        r"[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{4}",
        r"[0-9]{4}[ -][0-9]{6}[ -][0-9]{4}",
    )
    PATTERNS = [
        Pattern(
            "card",
            r"\b(?<![.,-])(?:\d{13,19}(?!\w|[.,]\d)"
            r"|(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5})"
            r"(?!\w|[.,-]\d|[ -]\d{4}(?!\d)))",
            0.1,
        ),
    ]
    CONTEXT = [
        "card",
        "credit",
        "debit",
        "visa",
        "mastercard",
        "amex",
        "pan",
        "cc",
        "payment",
    ]
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
        return [r for r in results if not _is_keyed_identifier(text, r.start, r.end)]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when ``text`` has no digit at all."""
        return _ANY_DIGIT.search(text) is not None

    @staticmethod
    def filter_spans(
        text: str, spans: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float, dict[str, Any]]]:
        """``analyze``'s filter on plain pattern spans: keyed identifiers are not cards."""
        return [
            (start, end, score, {})
            for start, end, score in spans
            if not _is_keyed_identifier(text, start, end)
        ]

    def validate_result(self, pattern_text: str) -> bool | None:
        """Luhn + issuer prefix; a bare 19-digit run keeps its low score (needs context)."""
        digits = _NON_DIGITS.sub("", pattern_text)
        if not (luhn.is_valid(digits) and issuer_matches(digits)):
            return False
        if len(digits) == 19 and not _SEPARATED.search(pattern_text):
            return None
        return True

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject one repeated digit (``0000 0000 0000 0000``)."""
        digits = _NON_DIGITS.sub("", pattern_text)
        return len(set(digits)) == 1
