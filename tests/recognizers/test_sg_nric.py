"""SgNricFinRecognizer / SgNricPartialRecognizer: checksum, spans, hard negatives, context."""

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recognizers.sg.nric import (
    SgNricFinRecognizer,
    SgNricPartialRecognizer,
    is_valid_nric,
    nric_check_letter,
)
from tests.fixtures.recognizers import assert_spans, spans

# Known-valid values from public test data:
#   samliew/singapore-nric tests/validator.test.ts: S1234567D S6995241J T8890856I F8234009L
#     G1166318X M1134985K
#   IonBazan/NRIC tests/NRICTest.php: S6083480F T5717279C F6470401W G8877699U; M2424771J
#     (../shared/reference/sg-identifiers.md)
KNOWN_VALID = [
    "S1234567D",
    "S6995241J",
    "T8890856I",
    "F8234009L",
    "G1166318X",
    "M1134985K",
    "S6083480F",
    "T5717279C",
    "F6470401W",
    "G8877699U",
    "M2424771J",
]


def _bad_twin(value: str) -> str:
    """Same number with the next letter as check letter (always a wrong check letter)."""
    letter = value[-1]
    return value[:-1] + chr((ord(letter) - ord("A") + 1) % 26 + ord("A"))


def _samliew_check(prefix: str, digits: str) -> str:
    """Independent formulation (samliew/singapore-nric, FormSG): M uses KLJNPQRTUWX[10 - r]."""
    total = sum(int(d) * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=True))
    offset = {"T": 4, "G": 4, "M": 3}.get(prefix, 0)
    r = (offset + total) % 11
    if prefix == "M":
        return "KLJNPQRTUWX"[10 - r]
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return table[r]


# text, expected spans, score range -- one flat table like presidio's tests.
FULL_TABLE = [
    ("S1234567D", [(0, 9)], (1.0, 1.0)),
    ("nric=S1234567D", [(5, 14)], (1.0, 1.0)),
    ('{"nric": "S1234567D"}', [(10, 19)], (1.0, 1.0)),
    ("holder (S1234567D) signed", [(8, 17)], (1.0, 1.0)),
    ("lower s1234567d works", [(6, 15)], (1.0, 1.0)),
    ("M2424771J and G1166318X", [(0, 9), (14, 23)], (1.0, 1.0)),
    ("fin:T8890856I,", [(4, 13)], (1.0, 1.0)),
    ("line1\nF8234009L\nline3", [(6, 15)], (1.0, 1.0)),
    ("S1234567A", [], None),
    ("orderS1234567D9", [], None),
    # `_` glues words into a name without making the value part of a word (issue 18).
    ("x_S1234567D", [(2, 11)], (1.0, 1.0)),
    ("S1234567D_x", [(0, 9)], (1.0, 1.0)),
    ("9S1234567D", [], None),
    ("S1234567D9", [], None),
    ("A1234567D", [], None),
    ("S123456D", [], None),
    ("S0000000J", [], None),  # checksum-valid placeholder
]


@pytest.mark.parametrize(("text", "expected", "score_range"), FULL_TABLE)
def test_full_nric_table(text, expected, score_range):
    found = spans(SgNricFinRecognizer(), text)
    assert [(s, e) for s, e, _ in found] == expected
    for _, _, score in found:
        assert score_range[0] <= score <= score_range[1]


@pytest.mark.parametrize("value", KNOWN_VALID)
def test_known_valid_found_and_bad_twin_rejected(value):
    recognizer = SgNricFinRecognizer()
    assert is_valid_nric(value)
    assert spans(recognizer, f"id {value} end") == [(3, 12, 1.0)]
    twin = _bad_twin(value)
    assert not is_valid_nric(twin)
    assert spans(recognizer, f"id {twin} end") == []


def test_m_table_differs_from_fg_table_at_r8():
    # M2424771J: 3 + 2*2+4*7+2*6+4*5+7*4+7*3+1*2 = 118, 118 % 11 = 8.
    assert nric_check_letter("M", "2424771") == "J"
    fg_letter = "XWUTRQPNMLK"[8]
    assert fg_letter == "M"
    assert not is_valid_nric("M2424771" + fg_letter)
    assert spans(SgNricFinRecognizer(), "fin M2424771M") == []
    assert spans(SgNricFinRecognizer(), "fin M2424771J") == [(4, 13, 1.0)]


def test_nric_check_letter_rejects_bad_input():
    with pytest.raises(ValueError):
        nric_check_letter("A", "1234567")
    with pytest.raises(ValueError):
        nric_check_letter("S", "123456")
    assert not is_valid_nric("S123456\u0667D")  # an Arabic-Indic digit is not an NRIC digit


_digits = st.text(alphabet=string.digits, min_size=7, max_size=7)
_prefixes = st.sampled_from("STFGM")


@settings(max_examples=300, deadline=None)
@given(prefix=_prefixes, digits=_digits)
def test_check_letter_agrees_with_independent_formulation(prefix, digits):
    letter = nric_check_letter(prefix, digits)
    assert letter == _samliew_check(prefix, digits)
    assert is_valid_nric(prefix + digits + letter)
    assert is_valid_nric((prefix + digits + letter).lower())
    others = set(string.ascii_uppercase) - {letter}
    assert not any(is_valid_nric(prefix + digits + other) for other in others)


_log_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_left_sep = st.sampled_from([" ", "\n", "\t", " nric=", ' "', " (", ", ", "; ", " | ", "="])
_right_sep = st.sampled_from([" ", "\n", "\t", '"', ")", ", ", "; ", " | ", ".", "-"])


@settings(max_examples=200, deadline=None)
@given(
    prefix=_prefixes,
    digits=_digits,
    lower=st.booleans(),
    before=_log_text,
    left=_left_sep,
    right=_right_sep,
    after=_log_text,
)
def test_embedded_valid_value_found_and_flip_removes_it(
    prefix, digits, lower, before, left, right, after
):
    assume(digits != "0000000")  # placeholder, invalidated on purpose
    value = prefix + digits + nric_check_letter(prefix, digits)
    value = value.lower() if lower else value
    start = len(before) + len(left)
    end = start + len(value)
    recognizer = SgNricFinRecognizer()
    text = before + left + value + right + after
    assert (start, end, 1.0) in spans(recognizer, text)

    flipped = _bad_twin(value.upper())
    flipped = flipped.lower() if lower else flipped
    flipped_text = before + left + flipped + right + after
    assert not any(s < end and e > start for s, e, _ in spans(recognizer, flipped_text))


PARTIAL_TABLE = [
    ("S****567D", [(0, 9)]),
    ("XXXXX567A", [(0, 9)]),
    ("xxxxx567a", [(0, 9)]),
    ("****567A", [(0, 8)]),
    ("*****567A", [(0, 9)]),
    ("S\u2022\u2022\u2022\u2022567A", [(0, 9)]),
    ("S####567D", [(0, 9)]),
    ("nric: S****567D, ok", [(6, 15)]),
    ("******567A", []),  # six masks: not an NRIC shape
    ("S***567D", []),
    ("S****5678", []),
    ("abcS****567D", []),
    ("S****567D9", []),
    ("S1234567D", []),
]


@pytest.mark.parametrize(("text", "expected"), PARTIAL_TABLE)
def test_partial_table(text, expected):
    assert_spans(
        SgNricPartialRecognizer(), text, expected, score=SgNricPartialRecognizer.BASE_SCORE
    )
    assert SgNricPartialRecognizer.BASE_SCORE < 0.3


def test_context_and_patterns_are_overridable():
    recognizer = SgNricFinRecognizer(context=["customer"], name="custom")
    assert recognizer.context == ["customer"]
    assert recognizer.name == "custom"
    assert "nric" in SgNricFinRecognizer().context
    assert "singpass" in SgNricPartialRecognizer().context
    assert SgNricFinRecognizer().supported_language == "en"
