"""A ``PatternRecognizer`` that skips its regexes when a cheap character test says no match can
be in the text (no ``@`` -> no email), and whose patterns, context and entity come from class
constants that a caller may override, as in Presidio's predefined recognizers."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


class PrecheckedPatternRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]
    # The detector's fast path calls the same pre-check (see scanner/detect.py).
    FAST_PATH_PRECHECK = "worth_scanning"

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if not self.worth_scanning(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when no pattern can match ``text``; the default scans everything."""
        return True
