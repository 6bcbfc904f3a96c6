"""Context words in a real AnalyzerEngine: they lift a shape-only match over the reporting
threshold (Presidio's LemmaContextAwareEnhancer: +0.35, floor 0.4), and they cannot change
what a checksum decided."""

from __future__ import annotations

import pytest

from recognizers.sg.nric import SgNricFinRecognizer, SgNricPartialRecognizer
from recognizers.sg.passport import SgPassportRecognizer
from recognizers.sg.phone import SgPhoneRecognizer
from recognizers.sg.postal import SgPostalCodeRecognizer
from recognizers.sg.uen import SgUenRecognizer
from tests.fixtures.recognizers import analyzer_for

REPORT_THRESHOLD = 0.3

# recognizer, text without context, the same value after a context word, score without context
LIFTED = [
    (SgPassportRecognizer, "part E1234567A", "passport E1234567A", 0.1),
    (SgPostalCodeRecognizer, "took 560123 us", "Singapore 560123", 0.1),
    (SgPhoneRecognizer, "seq 91234567 done", "mobile 91234567 done", 0.2),
    (SgNricPartialRecognizer, "record S****567D stored", "NRIC: S****567D stored", 0.1),
]

# recognizer, value without and with context, a checksum-invalid twin after a context word
CHECKSUMMED = [
    (SgUenRecognizer, "ref 53143018M", "UEN 53143018M", "UEN 53143018X"),
    (SgNricFinRecognizer, "record S1234567D", "NRIC: S1234567D", "NRIC: S1234567A"),
]


@pytest.mark.parametrize(("cls", "bare_text", "context_text", "base"), LIFTED)
def test_context_lifts_a_shape_match_over_the_threshold(
    nlp_engine, cls, bare_text, context_text, base
):
    analyzer = analyzer_for(nlp_engine, cls())
    bare = analyzer.analyze(bare_text, language="en")
    with_context = analyzer.analyze(context_text, language="en")
    assert [r.score for r in bare] == [pytest.approx(base)]
    assert len(with_context) == 1
    assert with_context[0].score - bare[0].score == pytest.approx(0.35)
    assert analyzer.analyze(bare_text, language="en", score_threshold=REPORT_THRESHOLD) == []
    assert analyzer.analyze(context_text, language="en", score_threshold=REPORT_THRESHOLD)


@pytest.mark.parametrize(("cls", "plain", "context_text", "invalid"), CHECKSUMMED)
def test_context_cannot_change_a_checksum_decision(nlp_engine, cls, plain, context_text, invalid):
    analyzer = analyzer_for(nlp_engine, cls())
    for text in (plain, context_text):
        assert [r.score for r in analyzer.analyze(text, language="en")] == [1.0]
    assert analyzer.analyze(invalid, language="en") == []
