"""CREDIT_CARD rules: Luhn-valid card numbers whose issuer prefix fits their length.

One random digit run in ten passes Luhn, so a Luhn check alone turns order ids and
timestamps into cards. The number must also start with a real issuer prefix for its length
(Visa 4 / 13-16-19, Mastercard 51-55 and 2221-2720 / 16, Amex 34 37 / 15, ...), must not sit
inside a longer digit run, and must not be one repeated digit. A bare 19-digit run is most
often an internal id, so it needs a card word nearby to reach the reporting threshold.
"""

from __future__ import annotations

import re

from stdnum import luhn

from recognizers.rules.base import ScoredSpan, Span
from recognizers.rules.loader import builtin_pattern_rule

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


def is_keyed_identifier(text: str, start: int, end: int) -> bool:
    if not text[start:end].isdigit():
        return False  # grouped like a card: keep
    return bool(_ID_KEY_BEFORE.search(text[max(0, start - 32) : start]))


def has_digit(text: str) -> bool:
    """False when ``text`` has no digit at all."""
    return _ANY_DIGIT.search(text) is not None


def drop_keyed_identifiers(text: str, spans: list[Span]) -> list[ScoredSpan]:
    """The recognizer's filter on its pattern spans: keyed identifiers are not cards."""
    return [
        (start, end, score, {})
        for start, end, score in spans
        if not is_keyed_identifier(text, start, end)
    ]


def validate_card(value: str) -> bool | None:
    """Luhn + issuer prefix; a bare 19-digit run keeps its low score (needs context)."""
    digits = _NON_DIGITS.sub("", value)
    if not (luhn.is_valid(digits) and issuer_matches(digits)):
        return False
    if len(digits) == 19 and not _SEPARATED.search(value):
        return None
    return True


def is_placeholder_card(value: str) -> bool:
    """One repeated digit (``0000 0000 0000 0000``)."""
    digits = _NON_DIGITS.sub("", value)
    return len(set(digits)) == 1


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
CREDIT_CARD = builtin_pattern_rule("CreditCardRecognizer")
