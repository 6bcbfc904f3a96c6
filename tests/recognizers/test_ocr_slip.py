"""OCR slip rescue: exactly one O/0, I/1, S/5 or B/8 confusion, checksum decides."""

from __future__ import annotations

import pytest

from recognizers.sg.nric import is_valid_nric
from recognizers.sg.nric_ocr_slip import SLIP_SCORE, SgNricOcrSlipRecognizer, slip_corrections
from tests.fixtures.recognizers import analyzer_for


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("GO098206M", "G0098206M"),  # O for 0 in the digits
        ("S1234S67D", "S1234567D"),  # S for 5
        ("51234567D", "S1234567D"),  # 5 for the prefix S
        ("T889O856I", "T8890856I"),
        ("T88908561", "T8890856I"),  # 1 for the check letter I
    ],
)
def test_one_confusion_is_rescued(read, meant):
    assert is_valid_nric(meant) and not is_valid_nric(read)
    assert slip_corrections(read) == [meant]
    [result] = SgNricOcrSlipRecognizer().analyze(f"NRIC/FIN No: {read}", ["SG_NRIC_FIN"])
    assert result.score == SLIP_SCORE < 1.0
    assert result.recognition_metadata["corrected"] == meant
    assert "ocr-slip" in result.recognition_metadata["recognizer_name"]


@pytest.mark.parametrize(
    "text",
    [
        "S1234567D",  # valid as read: the ordinary recognizer's
        "SO1O34567D",  # wrong length
        "SO23456OD",  # two confusions
        "S1234567A",  # wrong check letter, no confusable character to blame
        "B1234567D",  # B is no NRIC prefix and 8 is none either
    ],
)
def test_no_rescue_without_exactly_one_confusion(text):
    assert SgNricOcrSlipRecognizer().analyze(text, ["SG_NRIC_FIN"]) == []


def test_valid_shaped_value_with_a_wrong_check_letter_is_not_rescued():
    # Only a character that cannot stand where it is (O among digits, 1 as check letter) is
    # swapped; a well-formed number with a wrong checksum stays a non-match.
    assert slip_corrections("S1234568D") == []


def test_works_inside_an_analyzer_engine(blank_nlp_engine):
    engine = analyzer_for(blank_nlp_engine, SgNricOcrSlipRecognizer())
    [result] = engine.analyze("IC: GO098206M", language="en")
    assert result.entity_type == "SG_NRIC_FIN"
