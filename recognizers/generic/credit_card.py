"""Presidio recognizer for CREDIT_CARD: Luhn- and issuer-checked card numbers.

What it matches and why, with sources: ``recognizers.rules.credit_card``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.credit_card import CREDIT_CARD


class CreditCardRecognizer(ClassPatternRecognizer):
    """Recognize payment card numbers (PAN), raw or grouped by spaces or hyphens."""

    # Patterns, context and checks (keyed identifiers dropped after the patterns):
    # recognizers.rules.credit_card (no Presidio).
    RULE = CREDIT_CARD

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
