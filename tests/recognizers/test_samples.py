"""Every recognizer's own true/false samples (gitleaks-style): a recognizer whose samples fail
does not ship. Samples run through a real AnalyzerEngine so Presidio's context enhancer
applies, at piimap's reporting threshold."""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

from recognizers import build_nlp_engine, default_recognizers

REPORT_THRESHOLD = 0.3

RECOGNIZERS = default_recognizers()


def _cases(attribute: str) -> list:
    return [
        pytest.param(rec, text, id=f"{type(rec).__name__}-{index}")
        for rec in RECOGNIZERS
        for index, text in enumerate(getattr(rec, attribute, ()))
    ]


@pytest.fixture(scope="module")
def blank_nlp():
    return build_nlp_engine(None)


def _found(rec: EntityRecognizer, text: str, nlp_engine) -> list[str]:
    engine = AnalyzerEngine(registry=RecognizerRegistry([rec]), nlp_engine=nlp_engine)
    results = engine.analyze(
        text, "en", entities=rec.supported_entities, score_threshold=REPORT_THRESHOLD
    )
    return [text[r.start : r.end] for r in results]


@pytest.mark.parametrize("rec", RECOGNIZERS, ids=lambda r: type(r).__name__)
def test_every_recognizer_declares_samples_and_context(rec):
    assert len(rec.TRUE_SAMPLES) >= 3
    assert len(rec.FALSE_SAMPLES) >= 3
    assert rec.context, "the scanner scores context from rec.context"


@pytest.mark.parametrize(("rec", "text"), _cases("TRUE_SAMPLES"))
def test_true_sample_is_found(rec, text, blank_nlp):
    assert _found(rec, text, blank_nlp), f"{type(rec).__name__} missed {text!r}"


@pytest.mark.parametrize(("rec", "text"), _cases("FALSE_SAMPLES"))
def test_false_sample_is_not_found(rec, text, blank_nlp):
    assert _found(rec, text, blank_nlp) == [], f"{type(rec).__name__} fired on {text!r}"
