"""Every recognizer's own true/false samples (gitleaks-style): a recognizer whose samples fail
does not ship. Samples run through a real AnalyzerEngine so Presidio's context enhancer
applies, at piimap's reporting threshold."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer

from recognizers import default_recognizers
from recognizers.sg.nric_ocr_slip import SgNricOcrSlipRecognizer
from tests.fixtures.recognizers import analyzer_for

REPORT_THRESHOLD = 0.3

RECOGNIZERS = default_recognizers()
# The OCR-only recognizer (not a default one, no context words) ships samples too.
SAMPLED = [*RECOGNIZERS, SgNricOcrSlipRecognizer()]


def _cases(attribute: str) -> list:
    return [
        pytest.param(rec, text, id=f"{type(rec).__name__}-{index}")
        for rec in SAMPLED
        for index, text in enumerate(getattr(rec, attribute, ()))
    ]


@pytest.fixture(params=["blank", "ner"])
def engine(request, blank_nlp_engine, nlp_engine):
    """Samples hold with the logs path's tokenizer and with the NER model's lemmas alike."""
    return blank_nlp_engine if request.param == "blank" else nlp_engine


def _found(rec: EntityRecognizer, text: str, nlp_engine) -> list[str]:
    results = analyzer_for(nlp_engine, rec).analyze(
        text, "en", entities=rec.supported_entities, score_threshold=REPORT_THRESHOLD
    )
    return [text[r.start : r.end] for r in results]


@pytest.mark.parametrize("rec", RECOGNIZERS, ids=lambda r: type(r).__name__)
def test_every_recognizer_declares_samples_and_context(rec):
    assert len(rec.TRUE_SAMPLES) >= 3
    assert len(rec.FALSE_SAMPLES) >= 3
    assert rec.context, "the scanner scores context from rec.context"


@pytest.mark.parametrize(("rec", "text"), _cases("TRUE_SAMPLES"))
def test_true_sample_is_found(rec, text, engine):
    assert _found(rec, text, engine), f"{type(rec).__name__} missed {text!r}"


@pytest.mark.parametrize(("rec", "text"), _cases("FALSE_SAMPLES"))
def test_false_sample_is_not_found(rec, text, engine):
    assert _found(rec, text, engine) == [], f"{type(rec).__name__} fired on {text!r}"
