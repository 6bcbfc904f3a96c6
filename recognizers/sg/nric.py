"""Presidio recognizer for SG_NRIC_FIN: full (checksum-validated) and masked NRIC/FIN numbers.

What it matches and why, with sources: ``recognizers.rules.sg_nric``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.sg_nric import (
    NRIC_CHECK_TABLES,
    NRIC_FIN,
    NRIC_OFFSETS,
    NRIC_PARTIAL,
    NRIC_PARTIAL_SCORE,
    NRIC_WEIGHTS,
    is_valid_nric,
    nric_check_letter,
)

# The checksum is code in recognizers.rules.sg_nric (no Presidio), the patterns and context words
# are data in configs/builtin_recognizers.yaml; re-exported here for callers of this module.
__all__ = [
    "NRIC_CHECK_TABLES",
    "NRIC_OFFSETS",
    "NRIC_WEIGHTS",
    "SgNricFinRecognizer",
    "SgNricPartialRecognizer",
    "is_valid_nric",
    "nric_check_letter",
]


class SgNricFinRecognizer(ClassPatternRecognizer):
    """Full NRIC/FIN numbers; only checksum-valid ones are reported (score 1.0).

    The checksum is the evidence, so context words cannot lift a wrong check letter:
    Presidio drops a result whose `validate_result` is False before context is applied.
    """

    COUNTRY_CODE = "sg"

    RULE = NRIC_FIN


class SgNricPartialRecognizer(ClassPatternRecognizer):
    """Masked NRIC/FIN (`S****567D`, `XXXXX567A`, `****567A`, `S••••567A`, `S####567D`).

    A masked value cannot be checksum-validated and the shape alone is weak, so the base
    score (0.1) sits below the 0.3 reporting threshold: only a context word nearby (nric,
    fin, ic, identity, singpass, ...) lifts it. Inside a Presidio AnalyzerEngine the default
    LemmaContextAwareEnhancer adds 0.35 (floor 0.4); piimap's scanner applies its own
    context scoring from `self.context`.
    """

    COUNTRY_CODE = "sg"
    BASE_SCORE = NRIC_PARTIAL_SCORE

    RULE = NRIC_PARTIAL
