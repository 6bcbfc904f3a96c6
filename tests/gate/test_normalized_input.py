"""The gate reads what a person would read (issue 18 item 6): colour codes, invisible format
characters, full-width digits and `_`-glued tokens do not hide an identifier."""

from __future__ import annotations

import pytest

NRIC = "S8412345E"


@pytest.mark.parametrize(
    "line",
    [
        f"FAILED test_signup - AssertionError: nric \x1b[31m{NRIC}\x1b[0m != None\n",
        "user nric S841\u200b2345E\n",
        "user nric S84\u00ad12345E\n",
        "user nric Ｓ８４１２３４５Ｅ\n",
        f"created user_{NRIC} ok\n",
        f"wrote nric_{NRIC}_export.csv\n",
        "GET /kyc?nric=S8412345%45 200\n",
    ],
)
def test_hidden_nric_on_stdin_fails_the_gate(workdir, check_json, no_raw_values, line):
    code, report = check_json("-", input="INFO start\n" + line)
    assert code == 1, report
    (finding,) = [f for f in report["findings"] if f["entity_type"] == "SG_NRIC_FIN"]
    assert finding["line"] == 2
    assert finding["masked_value"] == "S****345E"
    no_raw_values(str(report))


def test_percent_encoded_phone_in_query_string_fails_the_gate(workdir, check_json):
    code, report = check_json("-", input="GET /otp?mobile=%2B6591234567&lang=en 200\n")
    assert code == 1
    (finding,) = report["findings"]
    assert finding["entity_type"] == "PHONE_NUMBER"
    assert "%" not in finding["masked_value"]
