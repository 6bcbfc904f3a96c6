"""Presidio recognizer for SG_PASSPORT: shape plus context, no public check algorithm.

What it matches and why, with sources: ``recognizers.rules.sg_passport``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.sg_passport import PASSPORT_SCORE, SG_PASSPORT


class SgPassportRecognizer(ClassPatternRecognizer):
    """Singapore passport numbers (`E1234567A`, `K1234567B`); context is required to report."""

    COUNTRY_CODE = "sg"
    BASE_SCORE = PASSPORT_SCORE

    # Patterns, context words and samples: configs/builtin_recognizers.yaml.
    RULE = SG_PASSPORT
