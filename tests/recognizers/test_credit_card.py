"""CreditCardRecognizer: Luhn + issuer prefix, grouping, digit-run boundaries, 19-digit rule."""

from __future__ import annotations

import pytest
from stdnum import luhn

from recognizers.generic.credit_card import CreditCardRecognizer
from recognizers.rules.credit_card import issuer_matches
from tests.fixtures.recognizers import found

REPORT_THRESHOLD = 0.3

# Issuers' published test card numbers (Stripe / Adyen test card lists).
TEST_CARDS = [
    "4242424242424242",  # Visa
    "4000056655665556",  # Visa debit
    "5555555555554444",  # Mastercard
    "2223003122003222",  # Mastercard 2-series
    "378282246310005",  # American Express
    "371449635398431",  # American Express
    "6011111111111117",  # Discover
    "3056930009020004",  # Diners Club 16
    "36227206271667",  # Diners Club 14
    "3566002020360505",  # JCB
    "6200000000000005",  # UnionPay
    "4222222222222",  # Visa 13
]


@pytest.fixture(scope="module")
def rec() -> CreditCardRecognizer:
    return CreditCardRecognizer()


@pytest.mark.parametrize("card", TEST_CARDS)
def test_published_test_cards(rec, card):
    assert luhn.is_valid(card)  # independent implementation agrees
    assert found(rec, f"paid with {card} today") == [(card, 1.0)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("card 4111 1111 1111 1111 exp", "4111 1111 1111 1111"),
        ("card 4111-1111-1111-1111", "4111-1111-1111-1111"),
        ("amex 3782 822463 10005", "3782 822463 10005"),
        ("visa19 4111 1111 1111 1111 110", "4111 1111 1111 1111 110"),
    ],
)
def test_grouped_numbers(rec, text, span):
    assert found(rec, text) == [(span, 1.0)]


def test_bare_19_digits_need_card_context(rec):
    number = "4111111111111111110"
    assert luhn.is_valid(number)
    [(value, score)] = found(rec, f"ref {number}")
    assert value == number
    assert score < REPORT_THRESHOLD
    assert "card" in rec.context


def test_issuer_table():
    assert issuer_matches("4" + "0" * 15)
    assert not issuer_matches("4" + "0" * 14)  # Visa has no 15-digit numbers
    assert issuer_matches("34" + "0" * 13) and not issuer_matches("34" + "0" * 14)
    assert issuer_matches("2720" + "0" * 12) and not issuer_matches("2721" + "0" * 12)
