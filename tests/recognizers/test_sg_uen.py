"""SgUenRecognizer: three formats, cross-checked against python-stdnum, spans, hard negatives."""

import string
from datetime import date
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.sg import uen as stdnum_uen

from recognizers.sg.uen import (
    OTHER_ALPHABET,
    STDNUM_ENTITY_TYPES,
    UEN_ENTITY_TYPES,
    SgUenRecognizer,
    business_check_letter,
    is_valid_uen,
    local_company_check_letter,
    other_check_letter,
)
from tests.fixtures.recognizers import spans

# Known-valid values found online, from arthurdejong/python-stdnum tests/test_sg_uen.doctest
# (also used by opengovsg/FormSG's UEN tests): formats A, B and C.
KNOWN_VALID = [
    "00192200M",
    "53143018M",
    "10839500J",
    "197401143C",
    "201831257M",
    "200402245Z",
    "S16FC0121D",
    "T01FC6132D",
    "T08LL0003B",
    "S65SS0033F",
]


def _bad_twin(value: str) -> str:
    letter = value[-1].upper()
    return value[:-1] + chr((ord(letter) - ord("A") + 1) % 26 + ord("A"))


_spans = partial(spans, SgUenRecognizer())


TABLE = [
    ("53143018M", [(0, 9)], (1.0, 1.0)),
    ("UEN: 197401143C.", [(5, 15)], (1.0, 1.0)),
    ('{"uen":"S16FC0121D"}', [(8, 18)], (1.0, 1.0)),
    ("(t01fc6132d)", [(1, 11)], (1.0, 1.0)),
    ("00192200M, 200402245Z", [(0, 9), (11, 21)], (1.0, 1.0)),
    ("00192200C", [], None),
    ("A53143018M", [], None),
    ("53143018M_", [(0, 9)], (1.0, 1.0)),  # `_` does not make it part of a word (issue 18)
    ("153143018M", [], None),  # a 10-character B candidate with a wrong check letter
    ("T99LL6789H", [], None),
    ("S16XX0121D", [], None),  # unknown entity type
    ("W23LL6789H", [], None),
]


@pytest.mark.parametrize(("text", "expected", "score_range"), TABLE)
def test_uen_table(text, expected, score_range):
    found = _spans(text)
    assert [(s, e) for s, e, _ in found] == expected
    for _, _, score in found:
        assert score_range[0] <= score <= score_range[1]


@pytest.mark.parametrize("value", KNOWN_VALID)
def test_known_valid_found_and_bad_twin_rejected(value):
    assert stdnum_uen.is_valid(value)
    assert is_valid_uen(value)
    assert _spans(f"uen {value} ok") == [(4, 4 + len(value), 1.0)]
    twin = _bad_twin(value)
    assert not is_valid_uen(twin)
    assert not stdnum_uen.is_valid(twin)
    assert _spans(f"uen {twin} ok") == []


def test_year_not_in_the_future():
    body_b = "203001234"
    b = body_b + local_company_check_letter(body_b)
    assert is_valid_uen(b, today=date(2030, 1, 1))
    assert not is_valid_uen(b, today=date(2029, 12, 31))
    body_c = "T30LL1234"
    c = body_c + other_check_letter(body_c)
    assert is_valid_uen(c, today=date(2030, 6, 1))
    assert not is_valid_uen(c, today=date(2029, 6, 1))
    # R (18yy) and S (19yy) carry no future-year check.
    body_s = "S99LL1234"
    assert is_valid_uen(body_s + other_check_letter(body_s), today=date(2001, 1, 1))


@pytest.mark.parametrize("entity_type", sorted(UEN_ENTITY_TYPES - STDNUM_ENTITY_TYPES))
def test_entity_types_beyond_stdnum(entity_type):
    body = f"T15{entity_type}0042"
    value = body + other_check_letter(body)
    assert is_valid_uen(value)
    assert _spans(f"uen {value}") == [(4, 14, 1.0)]


_CHECK_CHARS = string.ascii_uppercase + string.digits
_format_a = st.text(alphabet=string.digits, min_size=8, max_size=8)
_format_b = st.builds(
    lambda year, rest: f"{year:04d}{rest}",
    st.integers(min_value=0, max_value=date.today().year + 5),
    st.text(alphabet=string.digits, min_size=5, max_size=5),
)
_format_c = st.builds(
    lambda prefix, yy, kind, digits: f"{prefix}{yy:02d}{kind}{digits}",
    st.sampled_from("RSTU"),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(sorted(STDNUM_ENTITY_TYPES | {"WW", "ZZ"})),
    st.text(alphabet=string.digits, min_size=4, max_size=4),
)


@settings(max_examples=400, deadline=None)
@given(body=st.one_of(_format_a, _format_b, _format_c))
def test_agrees_with_python_stdnum_for_every_check_character(body):
    for check in _CHECK_CHARS:
        value = body + check
        assert is_valid_uen(value) == stdnum_uen.is_valid(value), value


def _valid_uen_strategy():
    a = _format_a.map(lambda d: d + business_check_letter(d))
    b = st.builds(
        lambda year, rest: f"{year:04d}{rest}",
        st.integers(min_value=1900, max_value=date.today().year),
        st.text(alphabet=string.digits, min_size=5, max_size=5),
    ).map(lambda d: d + local_company_check_letter(d))
    c = st.builds(
        lambda prefix, yy, kind, digits: f"{prefix}{yy:02d}{kind}{digits}",
        st.sampled_from("RS"),
        st.integers(min_value=0, max_value=99),
        st.sampled_from(sorted(UEN_ENTITY_TYPES)),
        st.text(alphabet=string.digits, min_size=4, max_size=4),
    ).map(lambda d: d + other_check_letter(d))
    return st.one_of(a, b, c)


_log_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_left_sep = st.sampled_from([" ", "\n", "\t", " uen=", ' "', " (", ", ", "; ", " | "])
_right_sep = st.sampled_from([" ", "\n", "\t", '"', ")", ", ", "; ", " | ", "."])


@settings(max_examples=200, deadline=None)
@given(
    value=_valid_uen_strategy(),
    before=_log_text,
    left=_left_sep,
    right=_right_sep,
    after=_log_text,
)
def test_embedded_valid_value_found_and_flip_removes_it(value, before, left, right, after):
    start = len(before) + len(left)
    end = start + len(value)
    assert (start, end, 1.0) in _spans(before + left + value + right + after)
    flipped = value[:-1] + next(
        c
        for c in OTHER_ALPHABET[:11] + "MXZ"
        if c != value[-1] and not is_valid_uen(value[:-1] + c)
    )
    found = _spans(before + left + flipped + right + after)
    assert not any(s < end and e > start for s, e, _ in found)


def test_context_overridable():
    assert SgUenRecognizer(context=["vendor"]).context == ["vendor"]
    assert "uen" in SgUenRecognizer().context
