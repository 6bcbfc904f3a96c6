"""Presidio recognizer for EMAIL_ADDRESS: addresses with a public-suffix domain, checked offline.

What it matches and why, with sources: ``recognizers.rules.email``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.email import EMAIL


class EmailRecognizer(ClassPatternRecognizer):
    """Recognize e-mail addresses, including URL-encoded ones in query strings (``a%40b.com``)."""

    # Patterns, context and the suffix check: recognizers.rules.email (no Presidio).
    RULE = EMAIL

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
