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

    # Patterns, context words and samples: configs/builtin_recognizers.yaml; the sector check:
    # recognizers.rules.sg_postal (no Presidio).
    RULE = SG_POSTAL
