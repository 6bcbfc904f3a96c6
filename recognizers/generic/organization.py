"""Presidio recognizer for ORGANIZATION: company names with a legal-form suffix.

What it matches and why, with sources: ``recognizers.rules.organization``.
"""

from __future__ import annotations

from typing import Any

from recognizers.rules.organization import COMPANY
from recognizers.span_recognizer import SpanRuleRecognizer


class CompanySuffixRecognizer(SpanRuleRecognizer):
    """Recognize company names by their legal-form suffix."""

    # Patterns run on windows ending in a suffix, context and candidates:
    # recognizers.rules.organization (no Presidio).
    RULE = COMPANY

    TRUE_SAMPLES = [
        "This agreement is made with ESIGN SG HOLDING PTE. LTD. (the Company)",
        "invoice from Acme Widgets Pte Ltd for services",
        "Tan & Partners LLP acts for the buyer",
        "Maybank Islamic Berhad and Kedai Runcit Sdn Bhd signed",
        "supplier: Globex Corporation Inc.",
        "the employer, Orchard Logistics (S) Pte. Ltd., agrees",
    ]
    FALSE_SAMPLES = [
        "the company is a private limited entity",
        "this is a limited offer",
        "we are a pte ltd company",
        "Ltd",
    ]

    def explain(self, metadata: dict[str, Any]) -> str:
        """Every company name is found the same way: by the suffix that ends it."""
        return "company name ending in a legal-form suffix"
