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

# The check-character rules, patterns and context live in recognizers.rules.sg_uen (no Presidio).
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

    TRUE_SAMPLES = [
        "UEN: 53143018M",
        "company 197401143C registered",
        "entity S16FC0121D",
        'vendor {"uen": "T08LL0003B"}',
        "Acme Pte Ltd (UEN 201831257M)",
        "uen=00192200m",
    ]
    FALSE_SAMPLES = [
        "UEN: 00192200C",
        "uen 197401143A",
        "UEN T99LL6789H",
        "UEN T02WW6789H",
        "id 999956789H",
        "sku A53143018M",
        "ref 53143018M2",
    ]
