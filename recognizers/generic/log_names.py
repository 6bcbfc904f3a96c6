"""Presidio recognizer for PERSON: names in log messages, by their shape.

What it matches and why, with sources: ``recognizers.rules.log_names``.
"""

from __future__ import annotations

from typing import Any

from recognizers.rules.log_names import LOG_NAMES
from recognizers.span_recognizer import SpanRuleRecognizer


class LogMessageNameRecognizer(SpanRuleRecognizer):
    """PERSON in log messages: display names before addresses and names after by/to/for."""

    RULE = LOG_NAMES

    TRUE_SAMPLES = [
        "Envelope 8f1c completed by Lim Swee Hock (swee.lim@example.com)",
        'msg="invite sent to Nurul Huda binte Rahmat <nurul.h@example.sg>"',
        "password reset requested by Rachel Tan from 203.0.113.7",
        '{"event":"sign","msg":"Signed by Yeo Seng Chye on behalf of Acme Pte. Ltd."}',
        "reminder queued for KAVITHA D/O RAJAN at 9123 4567",
        'From: "James Whitfield" <j.whitfield@example.com>',
        "UPDATE signer SET display_name = 'Quek Hui Shan' WHERE id = 7",
        "Witness: SITI AMINAH BINTE YUSOF\nDate: 1 May 2024",
    ]
    FALSE_SAMPLES = [
        "message sent to Kafka Topic orders",
        "approved by Admin User",
        "forwarded to Support Team <support@example.com>",
        "request from API Gateway timed out",
        "signed by Acme Holdings Pte. Ltd.",
        "waiting for Leader Election to finish",
        "moved to Cold Storage at 10:00",
        "Tan Ah Kow (S1234567D)",
        "SET display_name = 'Default Service Account'",
        "Name: Payment Gateway\nStatus: ok",
    ]

    def explain(self, metadata: dict[str, Any]) -> str:
        """Which of the name shapes (module docs) the name was found in."""
        return f"person name ({metadata['name_form']})"
