"""Log text that looks like an identifier and is not: every SG recognizer stays silent on the
common noise of machine logs, and on the near misses of its own shape."""

from __future__ import annotations

import pytest

from recognizers.sg.nric import SgNricFinRecognizer, SgNricPartialRecognizer
from recognizers.sg.passport import SgPassportRecognizer
from recognizers.sg.phone import SgPhoneRecognizer
from recognizers.sg.postal import SgPostalCodeRecognizer
from recognizers.sg.uen import SgUenRecognizer
from tests.fixtures.recognizers import spans

LOG_NOISE = [
    "request 123e4567-e89b-12d3-a456-426614174000 done",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "ts=2024-01-15T10:23:45.123Z level=INFO",
    "epoch_ms 1705312345678",
    "order S1234567Z shipped",  # NRIC shape, bad checksum
    "release v1.2.3-rc4 build 20240115.1234567",
    "digits 123456789012345678901234567890",
    "amount 12,345,678.90 SGD",
]

NRIC_NEAR_MISSES = [
    "order S1234567A shipped",
    "ticket T1234567A",
    "session orderS1234567D9",
    "key AS1234567D",
    "serial S12345678D",
    "token S1234567DD",
    "file refS1234567D.txt",
]

NEAR_MISSES = {
    SgNricFinRecognizer: NRIC_NEAR_MISSES,
    SgNricPartialRecognizer: NRIC_NEAR_MISSES,
    SgPassportRecognizer: ["float 1.5E1234567"],
    SgPhoneRecognizer: [
        "md5 81234567a0b1c2d3e4f5a6b7c8d9e0f1",
        "epoch 1705312345",
        "release v1.2.3-rc4 build 20240115.91234567",
        "amount 91,234,567.00",
        "lat 1.91234567 lon 103.81234567",
        "ip 10.91.23.45 port 8123",
    ],
    SgPostalCodeRecognizer: [
        "ts=2024-01-15T10:23:45.123456Z level=INFO",
        "release v1.2.3-rc4 build 20240115.123456",
        "ip 10.123.45.67",
    ],
    SgUenRecognizer: [
        "order 00192200C",  # right shape, bad check letter
        "order 197401143A",
        "invoice INV53143018M",
        "code 53143018M7",
        "nric S1234567D",
    ],
}

CASES = [
    pytest.param(cls, text, id=f"{cls.__name__}-{index}")
    for cls, own in NEAR_MISSES.items()
    for index, text in enumerate(LOG_NOISE + own)
]


@pytest.mark.parametrize(("cls", "text"), CASES)
def test_hard_negatives_produce_nothing(cls, text):
    assert spans(cls(), text) == []
