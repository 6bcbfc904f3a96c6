"""Presidio recognizer for PERSON: names in log messages, by their shape.

What it matches and why, with sources: ``recognizers.rules.log_names``.
"""

from __future__ import annotations

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.rules.log_names import (
    LOG_NAME_CANDIDATES,
    LOG_NAME_CONTEXT,
    log_name_spans,
    plausible_name,
)

# The name shapes and evidence rules live in recognizers.rules.log_names (no Presidio).
__all__ = ["LogMessageNameRecognizer", "plausible_name"]


class LogMessageNameRecognizer(LocalRecognizer):
    """PERSON in log messages: display names before addresses and names after by/to/for."""

    ENTITY = "PERSON"
    CONTEXT = list(LOG_NAME_CONTEXT)
    FAST_PATH_SPANS = "spans"
    # One-pass candidates: recognizers.rules.log_names (every line holding a name holds one).
    CANDIDATE_PATTERNS = LOG_NAME_CANDIDATES

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

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entities=[supported_entity or self.ENTITY],
            name=name,
            supported_language=supported_language,
            context=list(context if context else self.CONTEXT),
        )

    def load(self) -> None:  # noqa: D102 - the first-name dictionary loads on first use
        pass

    def spans(self, text: str) -> list[tuple[int, int, float, dict]]:
        """(start, end, score, metadata) of each name, in text order, without overlaps."""
        return log_name_spans(text)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Names in ``text`` (see module docs)."""
        if entities and self.supported_entities[0] not in entities:
            return []
        results = []
        for start, end, score, meta in self.spans(text):
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=score,
                textual_explanation=f"person name ({meta['name_form']})",
            )
            results.append(
                RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=start,
                    end=end,
                    score=score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        **meta,
                    },
                )
            )
        return results
