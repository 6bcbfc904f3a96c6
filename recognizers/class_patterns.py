"""A ``PatternRecognizer`` configured by class constants (``ENTITY``, ``PATTERNS``, ``CONTEXT``)
that a caller may override in the constructor, as Presidio's predefined recognizers allow.

Its ``analyze`` is Presidio's pattern matching between the rule's pre-check and post-filter
(``recognizers.rules``), so no recognizer class writes its own: the Presidio path and the
scanner's (which runs the same rule) apply the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Unpack

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.options import RecognizerOptions, RuleBacked, entity_of, presidio_keywords
from recognizers.rules.base import PatternRule, ScoredSpan, Span
from recognizers.span_recognizer import span_result

PreCheck = Callable[[str], bool]
PostFilter = Callable[[str, list[Span]], list[ScoredSpan]]


def presidio_patterns(rule: PatternRule) -> list[Pattern]:
    """A rule's patterns as Presidio ``Pattern`` objects (``recognizers.rules``)."""
    return [Pattern(name, regex, score) for name, regex, score in rule.patterns]


# A rule's checks and the recognizer methods that run them (Presidio's, and the fast path's).
_RULE_HOOKS = (
    ("validate", "validate_result"),
    ("invalidate", "invalidate_result"),
    ("precheck", "worth_scanning"),
    ("postfilter", "filter_spans"),
)


class ClassPatternRecognizer(RuleBacked, PatternRecognizer):
    name: str  # set by Presidio's __init__ (mypy cannot infer it there)
    PATTERNS: ClassVar[list[Pattern]]
    RULE: ClassVar[PatternRule | None] = None
    # The rule's pre-check and post-filter (set from ``RULE`` as static methods, so typed as
    # plain callables); None skips the step.
    worth_scanning: PreCheck | None = None
    filter_spans: PostFilter | None = None
    # The detector's fast path calls the same two (see scanner/detect/detector.py).
    FAST_PATH_PRECHECK = "worth_scanning"
    FAST_PATH_POSTFILTER = "filter_spans"
    # (pattern name, regex) that explain a span the post-filter adds to the pattern matches.
    ADDED_SPAN_PATTERN: ClassVar[tuple[str, str]] = ("postfilter", "")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass that names its ``RULE`` takes its patterns and checks from it (and, via
        ``RuleBacked``, the rest), so the rule's parts are written once (``recognizers.rules``);
        a method the subclass defines itself wins over the rule's."""
        super().__init_subclass__(**kwargs)
        rule = vars(cls).get("RULE")
        if rule is None:
            return
        cls.PATTERNS = presidio_patterns(rule)
        for part, method in _RULE_HOOKS:
            check = getattr(rule, part)
            if check is not None and method not in vars(cls):
                setattr(cls, method, staticmethod(check))

    def __init__(
        self, patterns: list[Pattern] | None = None, **options: Unpack[RecognizerOptions]
    ) -> None:
        super().__init__(
            supported_entity=entity_of(options, self.ENTITY),
            patterns=list(patterns if patterns else self.PATTERNS),
            **presidio_keywords(options, self.CONTEXT),
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Nothing when the pre-check says no match can be in ``text``; else Presidio's pattern
        matches as the post-filter keeps, scores and tags them (a span it adds becomes a result
        explained by ``ADDED_SPAN_PATTERN``)."""
        if self.worth_scanning is not None and not self.worth_scanning(text):
            return []
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self.filter_spans is None:
            return results
        by_span = {(r.start, r.end): r for r in results}
        kept = []
        for start, end, score, metadata in self.filter_spans(
            text, [(r.start, r.end, r.score) for r in results]
        ):
            result = by_span.get((start, end)) or self._added_result(start, end, score)
            result.score = score
            result.recognition_metadata.update(metadata)
            kept.append(result)
        return kept

    def _added_result(self, start: int, end: int, score: float) -> RecognizerResult:
        """A span the post-filter adds, built like ``PatternRecognizer``'s own results."""
        pattern_name, pattern = self.ADDED_SPAN_PATTERN
        # Presidio types validation_result as bool; its own analyze passes None (unvalidated).
        unvalidated: Any = None
        explanation = self.build_regex_explanation(
            self.name, pattern_name, pattern, score, unvalidated, 0
        )
        return span_result(self, start, end, score, explanation)
