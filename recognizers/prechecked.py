"""A class-configured ``PatternRecognizer`` that skips its regexes when a cheap character test
says no match can be in the text (no ``@`` -> no email)."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.class_patterns import ClassPatternRecognizer


class PrecheckedPatternRecognizer(ClassPatternRecognizer):
    # The detector's fast path calls the same pre-check (see scanner/detect/detector.py).
    FAST_PATH_PRECHECK = "worth_scanning"

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
