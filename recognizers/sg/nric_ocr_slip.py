"""Presidio recognizer for SG_NRIC_FIN: NRIC/FIN with one OCR misread.

What it matches and why, with sources: ``recognizers.rules.ocr_slip``.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.rules.ocr_slip import OCR_SLIP, SLIP_SCORE, slip_corrections, slip_spans

# The confusion table and the checksum rescue live in recognizers.rules.ocr_slip (no Presidio);
# the entry and its samples in configs/builtin_recognizers.yaml.
__all__ = ["SLIP_SCORE", "SgNricOcrSlipRecognizer", "slip_corrections"]


class SgNricOcrSlipRecognizer(EntityRecognizer):
    """NRIC/FIN values off by exactly one OCR confusion; score ``SLIP_SCORE``."""

    name: str  # set by Presidio's __init__ (mypy cannot infer it there)
    ENTITY = OCR_SLIP.entity
    # Its samples, kept with the rule in configs/builtin_recognizers.yaml.
    TRUE_SAMPLES = list(OCR_SLIP.samples.match)
    FALSE_SAMPLES = list(OCR_SLIP.samples.no_match)

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=OCR_SLIP.name,
            supported_language="en",
        )

    def load(self) -> None:  # nothing to load
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            RecognizerResult(
                self.ENTITY,
                start,
                end,
                score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    **meta,
                },
            )
            for start, end, score, meta in slip_spans(text)
        ]
