"""EmailRecognizer: spans, offline public-suffix validation, query strings, hard negatives."""

from __future__ import annotations

import pytest

from recognizers.generic.email import EmailRecognizer
from recognizers.rules.email import has_public_suffix
from tests.fixtures.recognizers import found


@pytest.fixture(scope="module")
def rec() -> EmailRecognizer:
    return EmailRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail tan.ah.kow@example.com.sg today", ["tan.ah.kow@example.com.sg"]),
        ("GET /u?email=tan@example.com.sg&x=1", ["tan@example.com.sg"]),
        ("GET /u?email=mary.lim%40gmail.com HTTP/1.1", ["mary.lim%40gmail.com"]),
        ('{"email":"Mary.Lim+news@Company.co.uk"}', ["Mary.Lim+news@Company.co.uk"]),
        ("quoted 'siti@esign.sg'.", ["siti@esign.sg"]),
        ("<o'brien@example.org>", ["o'brien@example.org"]),
        ("two: a@example.com, b_c@example.net", ["a@example.com", "b_c@example.net"]),
        ("end of sentence x@y.com.", ["x@y.com"]),
        ("idn user@xn--80ak6aa92e.com", ["user@xn--80ak6aa92e.com"]),
    ],
)
def test_finds_addresses_with_exact_spans(rec, text, expected):
    results = found(rec, text)
    assert [value for value, _ in results] == sorted(expected)
    assert all(score == 1.0 for _, score in results)


def test_public_suffix_check_uses_bundled_snapshot():
    assert has_public_suffix("example.com.sg")
    assert has_public_suffix("gov.sg") is False  # a bare public suffix is not a domain
    assert has_public_suffix("bar.invalidtld") is False


def test_text_without_at_sign_is_skipped_cheaply(rec):
    assert rec.analyze("no address here " * 1000, entities=["EMAIL_ADDRESS"]) == []


def test_long_runs_do_not_backtrack_catastrophically(rec):
    # Would take minutes with a nested-quantifier local part; must return promptly.
    text = "a." * 5000 + "@" + "b-" * 5000 + "!"
    assert found(rec, text) == []
