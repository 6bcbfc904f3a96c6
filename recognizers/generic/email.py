"""Presidio recognizer for EMAIL_ADDRESS: addresses with a public-suffix domain, checked offline.

What it matches and why, with sources: ``recognizers.rules.email``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.email import EMAIL


class EmailRecognizer(ClassPatternRecognizer):
    """Recognize e-mail addresses, including URL-encoded ones in query strings (``a%40b.com``)."""

    # Patterns, context and samples: configs/builtin_recognizers.yaml; the suffix check:
    # recognizers.rules.email (no Presidio).
    RULE = EMAIL
