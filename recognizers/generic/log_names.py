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

    def explain(self, metadata: dict[str, Any]) -> str:
        """Which of the name shapes (module docs) the name was found in."""
        return f"person name ({metadata['name_form']})"
