"""Presidio recognizer for ORGANIZATION: company names with a legal-form suffix.

What it matches and why, with sources: ``recognizers.rules.organization``.
"""

from __future__ import annotations

from typing import Any

from recognizers.rules.organization import COMPANY
from recognizers.span_recognizer import SpanRuleRecognizer


class CompanySuffixRecognizer(SpanRuleRecognizer):
    """Recognize company names by their legal-form suffix."""

    # Patterns run on windows ending in a suffix, context, candidates and samples:
    # configs/builtin_recognizers.yaml; the window code: recognizers.rules.organization.
    RULE = COMPANY

    def explain(self, metadata: dict[str, Any]) -> str:
        """Every company name is found the same way: by the suffix that ends it."""
        return "company name ending in a legal-form suffix"
