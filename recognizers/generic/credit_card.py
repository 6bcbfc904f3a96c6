"""Presidio recognizer for CREDIT_CARD: Luhn- and issuer-checked card numbers.

What it matches and why, with sources: ``recognizers.rules.credit_card``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.credit_card import CREDIT_CARD


class CreditCardRecognizer(ClassPatternRecognizer):
    """Recognize payment card numbers (PAN), raw or grouped by spaces or hyphens."""

    # Patterns, context and samples: configs/builtin_recognizers.yaml; the checks (keyed
    # identifiers dropped after the patterns): recognizers.rules.credit_card (no Presidio).
    RULE = CREDIT_CARD
