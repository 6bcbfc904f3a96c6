"""Presidio recognizer for ORGANIZATION: company names with a legal-form suffix.

What it matches and why, with sources: ``recognizers.rules.organization``.
"""

from __future__ import annotations

from typing import Any

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.rules.organization import (
    COMPANY_CANDIDATES,
    COMPANY_CONTEXT,
    COMPANY_PATTERNS,
    COMPANY_REGEX_FLAGS,
    _suffix_windows,
    company_spans,
    compile_company_patterns,
)


class CompanySuffixRecognizer(PatternRecognizer):
    """Recognize company names by their legal-form suffix."""

    patterns: list[Pattern]  # set by Presidio's __init__ (mypy cannot infer it there)
    # Patterns, context and candidates: recognizers.rules.organization (no Presidio).
    PATTERNS = [Pattern(name, regex, score) for name, regex, score in COMPANY_PATTERNS]
    CONTEXT = list(COMPANY_CONTEXT)
    # Lets a scanner take ``find_spans`` (what ``analyze`` finds, without result objects).
    FAST_PATH_SPANS = "find_spans"
    # One-pass candidates: the suffixes (`incorporated`/`corporation` hold `inc`/`corp`).
    CANDIDATE_PATTERNS = COMPANY_CANDIDATES

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

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "ORGANIZATION",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name,  # type: ignore[arg-type]  # Presidio types `name: str = None`; None = class name
            # Case matters for the name words; the suffix groups are case-insensitive inline.
            global_regex_flags=COMPANY_REGEX_FLAGS,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Run the (case-sensitive) patterns only on windows that end in a legal suffix."""
        results: dict[tuple[int, int], RecognizerResult] = {}
        for start, end in _suffix_windows(text):
            for result in super().analyze(text[start:end], entities, nlp_artifacts, None):
                result.start += start
                result.end += start
                span = (result.start, result.end)
                if span not in results or results[span].score < result.score:
                    results[span] = result
        return self.remove_duplicates(list(results.values()))

    def find_spans(self, text: str) -> list[tuple[int, int, float, dict[str, Any]]]:
        """``analyze``'s spans and scores as plain ``(start, end, score, metadata)`` tuples."""
        return company_spans(text, self._compiled_patterns())

    def _compiled_patterns(self) -> list[tuple[regex.Pattern[str], float]]:
        compiled = getattr(self, "_compiled", None)
        if compiled is None:
            compiled = compile_company_patterns(
                tuple((p.name, p.regex, p.score) for p in self.patterns)
            )
            self._compiled = compiled
        return compiled
