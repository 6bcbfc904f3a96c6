"""Presidio recognizer for SG_UEN: ACRA Unique Entity Numbers with check-character validation.

What it matches and why, with sources: ``recognizers.rules.sg_uen``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.sg_uen import (
    BUSINESS_CHECK_LETTERS,
    BUSINESS_WEIGHTS,
    LOCAL_COMPANY_CHECK_LETTERS,
    LOCAL_COMPANY_WEIGHTS,
    OTHER_ALPHABET,
    OTHER_PREFIXES,
    OTHER_WEIGHTS,
    SG_UEN,
    STDNUM_ENTITY_TYPES,
    UEN_ENTITY_TYPES,
    business_check_letter,
    is_valid_uen,
    local_company_check_letter,
    other_check_letter,
)

# The check-character rules are code in recognizers.rules.sg_uen (no Presidio), the patterns and
# context words data in configs/builtin_recognizers.yaml.
__all__ = [
    "BUSINESS_CHECK_LETTERS",
    "BUSINESS_WEIGHTS",
    "LOCAL_COMPANY_CHECK_LETTERS",
    "LOCAL_COMPANY_WEIGHTS",
    "OTHER_ALPHABET",
    "OTHER_PREFIXES",
    "OTHER_WEIGHTS",
    "STDNUM_ENTITY_TYPES",
    "UEN_ENTITY_TYPES",
    "SgUenRecognizer",
    "business_check_letter",
    "is_valid_uen",
    "local_company_check_letter",
    "other_check_letter",
]


class SgUenRecognizer(ClassPatternRecognizer):
    """UEN of any of the three formats; only checksum-valid values are reported (score 1.0)."""

    COUNTRY_CODE = "sg"

    RULE = SG_UEN
