"""A Presidio recognizer whose ``analyze`` is a ``SpanRule``'s span function (names in logs,
phone numbers): the spans come from ``recognizers.rules`` and only the result objects are
built here, so the rule run on its own and Presidio's ``analyze`` agree by construction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Unpack

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.options import RecognizerOptions, RuleBacked, entity_of, presidio_keywords
from recognizers.rules.base import ScoredSpan, SpanRule


def span_result(
    rec: LocalRecognizer,
    start: int,
    end: int,
    score: float,
    explanation: AnalysisExplanation,
    metadata: dict[str, Any] | None = None,
) -> RecognizerResult:
    """A result as Presidio's own recognizers build it: the recognizer's name and id in its
    metadata (the analyzer's de-duplication and decision process read them), then ``metadata``."""
    return RecognizerResult(
        entity_type=rec.supported_entities[0],
        start=start,
        end=end,
        score=score,
        analysis_explanation=explanation,
        recognition_metadata={
            # Presidio sets `name` in __init__ from an Optional default mypy cannot type.
            RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,  # type: ignore[has-type]
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
            **(metadata or {}),
        },
    )


class SpanRuleRecognizer(RuleBacked, LocalRecognizer):
    """Built from the ``SpanRule`` a subclass names as ``RULE``: its spans (and, via
    ``RuleBacked``, its entity, context words, candidates and samples); a subclass may define
    ``spans`` itself (to pass options) and says in ``explain`` how a span's metadata reads in
    the result's explanation."""

    name: str  # set by Presidio's __init__ (mypy cannot infer it there)
    RULE: ClassVar[SpanRule]
    # (start, end, score, metadata) of each match, in text order: the rule's span function,
    # or a method of the subclass's own.
    spans: Callable[[str], list[ScoredSpan]]
    # Lets a scanner take ``spans`` (what ``analyze`` finds, without result objects).
    FAST_PATH_SPANS = "spans"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rule = vars(cls).get("RULE")
        if rule is not None and "spans" not in vars(cls):
            cls.spans = staticmethod(rule.spans)

    def __init__(self, **options: Unpack[RecognizerOptions]) -> None:
        super().__init__(
            supported_entities=[entity_of(options, self.ENTITY)],
            **presidio_keywords(options, self.CONTEXT),
        )

    def load(self) -> None:  # noqa: D102 - the rule loads what it needs on first use
        pass

    def explain(self, metadata: dict[str, Any]) -> str:
        """The textual explanation of a span with this ``metadata``."""
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The rule's spans as Presidio results (none when ``entities`` leaves ours out)."""
        if entities and self.supported_entities[0] not in entities:
            return []
        return [
            span_result(
                self,
                start,
                end,
                score,
                AnalysisExplanation(
                    recognizer=self.name,
                    original_score=score,
                    textual_explanation=self.explain(meta),
                ),
                meta,
            )
            for start, end, score, meta in self.spans(text)
        ]
