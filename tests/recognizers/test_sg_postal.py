"""SgPostalCodeRecognizer: sector check, token boundaries, hard negatives, context lift."""

import string
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.sg.postal import VALID_POSTAL_SECTORS, SgPostalCodeRecognizer
from tests.fixtures.recognizers import assert_spans, spans

BASE = SgPostalCodeRecognizer.BASE_SCORE

# Real Singapore postal codes from public addresses: 048616 (1 Raffles Place), 238859
# (Orchard Road), 119077 (NUS, 21 Lower Kent Ridge Road), 018956 (10 Bayfront Avenue),
# 819663 (Changi Airport), 079903 (Anson Road), 560123 (Ang Mo Kio HDB block).
KNOWN_VALID = ["048616", "238859", "119077", "018956", "819663", "079903", "560123"]

TABLE = [
    ("Singapore 048616", [(10, 16)]),
    ("Singapore S(048616)", [(12, 18)]),
    ("Singapore S048616", [(11, 17)]),
    ('{"postal":"238859"}', [(11, 17)]),
    ("addr,819663,SG", [(5, 11)]),
    ("Singapore 560123.", [(10, 16)]),
    ("Singapore 740123", []),  # sector 74 does not exist
    ("Singapore 830123", []),  # sectors stop at 82
    ("Singapore 000123", []),
    ("Singapore 111111", []),
    ("Singapore 5601234", []),
    ("Singapore 560123X", []),
    ("Singapore X560123", []),
    ("order #560123", []),
    ("call +560123", []),
    ("t 10:23:45.560123", []),
    ("v 1.560123", []),
    ("Singapore 560123.5", []),
    ("Singapore 560123-01", []),
    ("log 20240115 103045", []),
    ("amount 1,560123", []),
]


_spans = partial(spans, SgPostalCodeRecognizer())


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_postal_table(text, expected):
    assert_spans(SgPostalCodeRecognizer(), text, expected, score=BASE)
    assert BASE < 0.3


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_valid_found(code):
    assert _spans(f"Singapore {code}") == [(10, 16, BASE)]


def test_sector_set():
    assert len(VALID_POSTAL_SECTORS) == 81
    assert "74" not in VALID_POSTAL_SECTORS
    assert {"01", "73", "75", "82"} <= VALID_POSTAL_SECTORS
    assert not {"00", "83", "99"} & VALID_POSTAL_SECTORS


_codes = st.builds(
    lambda sector, rest: sector + rest,
    st.sampled_from(sorted(VALID_POSTAL_SECTORS)),
    st.text(alphabet=string.digits, min_size=4, max_size=4),
).filter(lambda code: len(set(code)) > 1)
_log_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_left_sep = st.sampled_from([" Singapore ", "\npostal=", ' "', " (", " address: ", ", S"])
_right_sep = st.sampled_from([" ", "\n", '"', ")", ", ", ". ", " |"])


@settings(max_examples=200, deadline=None)
@given(code=_codes, before=_log_text, left=_left_sep, right=_right_sep, after=_log_text)
def test_embedded_code_found_and_bad_sector_removes_it(code, before, left, right, after):
    start = len(before) + len(left)
    end = start + 6
    assert (start, end, BASE) in _spans(before + left + code + right + after)
    bad = "74" + code[2:]
    found = _spans(before + left + bad + right + after)
    assert not any(s < end and e > start for s, e, _ in found)


def test_context_overridable():
    assert SgPostalCodeRecognizer(context=["lot"]).context == ["lot"]
    assert {"singapore", "postal", "blk", "road"} <= set(SgPostalCodeRecognizer().context)
