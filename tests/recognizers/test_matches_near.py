"""A pattern rule searched only around its one-pass candidates (``matches_near``) finds exactly
what it finds over the candidates' whole lines (``matches`` with line windows), including
matches that hold non-ASCII characters the candidate scan does not see (Unicode digits, case
folds such as the Kelvin sign, bullet masks), and next to window and line edges."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recognizers.rules import default_rules
from recognizers.rules.base import (
    PRESIDIO_REGEX_FLAGS,
    PatternMatcher,
    PatternRule,
    near_windows,
    pattern_reach,
)
from scanner.detect.candidates import CandidateScanner

RULES = [r for r in default_rules() if isinstance(r, PatternRule) and r.candidates]

# Pieces real log lines are made of, and characters that sit at the edges of matches.
_PIECES = [
    "S1234567D",
    "s1234567d",
    "S****567D",
    "XXXXX567A",
    "S\u2022\u2022\u2022\u2022567A",
    "53143018M",
    "T08LL0003B",
    "560123",
    "E1234567K",
    "tan@example.com",
    "a.b%40example.org",
    "192.168.1.10",
    "10.0.0.5:8080",
    "fe80::1%eth0",
    "2001:db8::8a2e:370:7334",
    "1:2:3:4:5:6:7:8",
    "00:1A:2B:3C:4D:5E",
    "123e4567-e89b-12d3-a456-426614174000",
    "490154203237518",
    "1.3521, 103.8198",
    "lat=1.35&lon=103.8",
    "4111 1111 1111 1111",
    "4111111111111111",
    "3782-822463-10005",
    "\u0661\u0669\u0662.\u0661\u0666\u0668.\u0661.\u0661",  # Arabic-Indic digits
    "\uff15\uff16\uff10\uff11\uff12\uff13",  # full-width digits
    "\u212a1234567D",  # Kelvin sign folds to k
    "\u017f1234567D",  # long s folds to s
    "\u0b9f\u0bae\u0bbf\u0bb2\u0bcd@example.sg",  # Tamil local part
    "\u00fc.b@ex\u00e4mple.com",
    "user%40b\u00fccher.de",
]
_ALPHABET = "0123456789 .,:-/@%#*Xxab SEKTFGM\n\t\u00e9\u0b95\u0661\u2022\uff10\u212a"


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(_PIECES), st.text(_ALPHABET, max_size=8)),
            min_size=1,
            max_size=14,
        )
    )
    return "".join(parts)


def _both(rule: PatternRule, text: str) -> tuple[list, list]:
    scanner = CandidateScanner.build([rule])
    assert scanner is not None
    ends = scanner.ends(text).get(0, [])
    windows = scanner.line_windows(text, {0: ends} if ends else {}).get(0, [])
    matcher = PatternMatcher.for_rule(rule)
    by_line = matcher.matches(text, windows) if windows else []
    near = matcher.matches_near(text, ends) if ends or not text.isascii() else []
    return near, by_line


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts())
def test_near_candidates_equals_whole_lines(rule, text):
    near, by_line = _both(rule, text)
    assert near == by_line


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_samples_found_near_candidates(rule):
    """Every true sample is found by the near search, alone and among non-ASCII lines."""
    texts = list(rule.samples.match) + [
        "\n".join(["h\u00e9llo w\u00f6rld", *rule.samples.match, "\u65e5\u672c\u8a9e"])
    ]
    for text in texts:
        near, by_line = _both(rule, text)
        assert near == by_line, text
    assert any(_both(rule, t)[0] for t in rule.samples.match) or rule.name.startswith("SgNricP")


def test_reach_of_bounded_and_unbounded_patterns():
    nric = pattern_reach(r"(?<![^\W_])[STFGM][0-9]{7}[A-Z](?![^\W_])", PRESIDIO_REGEX_FLAGS)
    assert nric is not None and (nric.width, nric.ahead) == (9, 1)
    # Case folding decides which non-ASCII characters a match can hold: the Kelvin sign, not é.
    assert nric.held(frozenset("\u212a\u00e9")) == frozenset("\u212a")
    digits = pattern_reach(r"\d{6}(?![.\-][0-9])", PRESIDIO_REGEX_FLAGS)
    assert digits is not None and digits.ahead == 2
    assert digits.held(frozenset("\u0661\u00e9\uff10")) == frozenset("\u0661\uff10")
    assert pattern_reach(r"lat[ \t]*=\d+", PRESIDIO_REGEX_FLAGS) is None  # unbounded: lines
    assert pattern_reach(r"(?=x)", PRESIDIO_REGEX_FLAGS) is None  # empty match: lines


def test_windows_stay_inside_their_line():
    """A window reaches a match's width before and after its candidate's end, never past its
    line (a window ends after the newline, as a line window does); overlapping ones merge."""
    reach = pattern_reach(r"[0-9]{6}", PRESIDIO_REGEX_FLAGS)
    text = "ab 123456\n654321 cd 111111 x\n"
    windows = near_windows(text, [9, 16, 26], reach)
    assert [text[a:b] for a, b in windows] == ["123456\n", "654321 cd 111111 x\n"]
    assert [text[a:b] for a, b in near_windows(text, [16], reach)] == ["654321 cd 11"]
    # Whole lines (adjacent ones merged, as the line windows are) when the reach is unknown.
    assert near_windows(text, [9, 16], None) == [(0, 29)]


def test_anchored_reach_spans_the_literal_every_match_holds():
    """A plain candidate the pattern holds at its top level (``@`` in an email) bounds the
    window by the pattern's prefix before it and suffix after it, not its whole width twice."""
    email = pattern_reach(
        r"[a-z]{1,64}@[a-z]{1,20}\.(?:com|sg)(?![a-z])", PRESIDIO_REGEX_FLAGS, ("@", "::")
    )
    assert email is not None and email.anchor == "@"
    assert (email.before, email.after) == (65, 24 + email.ahead)
    # Inside a repeat or an alternative it is not held by every match: no anchor.
    optional = pattern_reach(r"(?:[a-z]{1,9}@)?[a-z]{1,9}\.com", PRESIDIO_REGEX_FLAGS, ("@",))
    assert optional is not None and optional.anchor == ""
