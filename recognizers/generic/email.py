"""Presidio recognizer for EMAIL_ADDRESS: addresses with a public-suffix domain, checked offline.

What it matches and why, with sources: ``recognizers.rules.email``.
"""

from __future__ import annotations

from recognizers.class_patterns import presidio_patterns
from recognizers.prechecked import PrecheckedPatternRecognizer
from recognizers.rules.email import EMAIL, has_public_suffix, is_valid_email, may_hold_email

__all__ = ["EmailRecognizer", "has_public_suffix"]


class EmailRecognizer(PrecheckedPatternRecognizer):
    """Recognize e-mail addresses, including URL-encoded ones in query strings (``a%40b.com``)."""

    # Patterns, context and the suffix check: recognizers.rules.email (no Presidio).
    ENTITY = EMAIL.entity
    CANDIDATE_PATTERNS = EMAIL.candidates  # one-pass candidates: the pre-check's characters
    PATTERNS = presidio_patterns(EMAIL)
    CONTEXT = list(EMAIL.context)
    # Lets a scanner that runs the patterns itself skip text `analyze` would skip.

    TRUE_SAMPLES = [
        "Contact tan.ah.kow@example.com.sg for details",
        "GET /api/users?email=tan@example.com.sg&page=2",
        "GET /unsubscribe?email=mary.lim%40gmail.com HTTP/1.1",
        '{"email": "Mary.Lim+news@Company.co.uk"}',
        "reply-to: <o'brien@example.org>",
        "login ok user=siti_nur@esign.sg ip=10.0.0.5",
    ]
    FALSE_SAMPLES = [
        "ssh user@localhost",
        "send to foo@bar.invalidtld now",
        "root@1.2.3.4 accepted publickey",
        "asset icon@2x.png loaded",
        "npm install lodash@4.17.21",
        "email: not provided",
    ]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when no address can be in ``text``: it has no ``@``, raw or URL-encoded."""
        return may_hold_email(text)

    def validate_result(self, pattern_text: str) -> bool:
        """Valid when the domain ends in a public suffix (offline snapshot)."""
        return is_valid_email(pattern_text)
