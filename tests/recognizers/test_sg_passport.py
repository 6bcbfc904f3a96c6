"""SgPassportRecognizer: shape, token boundaries, hard negatives, context lift."""

import string
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.sg.passport import SgPassportRecognizer
from tests.fixtures.recognizers import assert_spans, spans

BASE = SgPassportRecognizer.BASE_SCORE

# No public check algorithm exists, so these are shape-only examples in the E/K series
# (the shape used by scanners and the ICA sample passport, e.g. E1234567A).
TABLE = [
    ("E1234567A", [(0, 9)]),
    ("passport=K7654321B", [(9, 18)]),
    ('{"pp":"e2345678c"}', [(7, 16)]),
    ("(K0000001Z)", [(1, 10)]),
    ("XE1234567A", []),
    ("E1234567AB", []),
    ("E12345678A", []),
    ("E123456A", []),
    ("E1234567", []),
    ("A1234567B", []),
    ("S1234567D", []),  # NRIC shape, not a passport
    ("E1234567A_1", [(0, 9)]),  # `_` does not make it part of a word (issue 18)
]


_spans = partial(spans, SgPassportRecognizer())


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_passport_table(text, expected):
    assert_spans(SgPassportRecognizer(), text, expected, score=BASE)
    assert BASE < 0.3


_numbers = st.builds(
    lambda series, digits, letter: series + digits + letter,
    st.sampled_from("EK"),
    st.text(alphabet=string.digits, min_size=7, max_size=7),
    st.sampled_from(string.ascii_uppercase),
)
_log_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_left_sep = st.sampled_from([" ", "\n", " passport=", ' "', " (", ", "])
_right_sep = st.sampled_from([" ", "\n", '"', ")", ", ", "."])


@settings(max_examples=200, deadline=None)
@given(number=_numbers, before=_log_text, left=_left_sep, right=_right_sep, after=_log_text)
def test_embedded_number_found_and_glued_number_not(number, before, left, right, after):
    start = len(before) + len(left)
    end = start + len(number)
    assert (start, end, BASE) in _spans(before + left + number + right + after)
    glued = _spans(before + left + number + "9" + right + after)
    assert not any(s < end + 1 and e > start for s, e, _ in glued)


def test_context_overridable():
    assert SgPassportRecognizer(context=["visa"]).context == ["visa"]
    assert "passport" in SgPassportRecognizer().context
