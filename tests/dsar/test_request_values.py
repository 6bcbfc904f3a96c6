"""A request's phone values are read as the scanner reads phone numbers (``00`` written for
``+``, region SG), so a number the scan would find is accepted and a mistyped one refused."""

from __future__ import annotations

import pytest

from recognizers.normalize import normalize_value
from scanner.dsar.request_values import RequestValueError, check_request_value


@pytest.mark.parametrize("value", ["+65 9123 4567", "0065 9123 4567", "(65) 9123-4567", "91234567"])
def test_phone_numbers_the_scan_reads_are_accepted(value):
    check_request_value(value, "value 1", "PHONE_NUMBER")
    assert normalize_value("PHONE_NUMBER", value) == "+6591234567"


@pytest.mark.parametrize("value", ["+65 1234 5678", "0065 1234 5678", "12345"])
def test_impossible_phone_numbers_are_refused_masked(value):
    with pytest.raises(RequestValueError) as raised:
        check_request_value(value, "value 1", "PHONE_NUMBER")
    assert "value 1" in str(raised.value)
    assert value not in str(raised.value)
