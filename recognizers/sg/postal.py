"""Presidio recognizer for SG_POSTAL_CODE: six digits in a valid postal sector, lifted by context.

What it matches and why, with sources: ``recognizers.rules.sg_postal``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.sg_postal import POSTAL_SCORE, SG_POSTAL, VALID_POSTAL_SECTORS

__all__ = ["VALID_POSTAL_SECTORS", "SgPostalCodeRecognizer"]


class SgPostalCodeRecognizer(ClassPatternRecognizer):
    """Six-digit Singapore postal codes in a valid sector; context is required to report."""

    COUNTRY_CODE = "sg"
    BASE_SCORE = POSTAL_SCORE

    # Patterns, context words and the sector check: recognizers.rules.sg_postal (no Presidio).
    RULE = SG_POSTAL

    TRUE_SAMPLES = [
        "Blk 123 Ang Mo Kio Avenue 6 #01-234 Singapore 560123",
        "postal code: 238859",
        "1 Raffles Place, Singapore 048616",
        'address {"postal": "119077"}',
        "10 Anson Road Singapore S(079903)",
    ]
    FALSE_SAMPLES = [
        "request took 560123 us",
        "Singapore 740123",
        "Singapore 000000",
        "postal 5601234",
        "time 10:23:45.560123",
        "build 20240115 103045",
        "amount 1,560,123.00",
        "order #560123",
        "Singapore 560123.5",
    ]
