"""Text that looks like an identifier and is not: every SG recognizer stays silent on the common
noise of machine logs and on the near misses of its own shape; every generic recognizer on its
own look-alikes."""

from __future__ import annotations

import pytest

from recognizers.generic.credit_card import CreditCardRecognizer
from recognizers.generic.device_id import DeviceIdRecognizer
from recognizers.generic.email import EmailRecognizer
from recognizers.generic.geo_coordinate import GeoCoordinateRecognizer
from recognizers.generic.ip_address import IpAddressRecognizer
from recognizers.generic.log_names import LogMessageNameRecognizer
from recognizers.generic.organization import CompanySuffixRecognizer
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

# Generic recognizers: their own look-alikes only (some report bare log noise such as a UUID
# at a low score on purpose, for context to lift).
GENERIC_NEAR_MISSES = {
    CreditCardRecognizer: [
        "4111111111111112",  # Luhn fails
        "0000000000000000",  # Luhn-valid but one repeated digit
        "0000 0000 0000 0000",
        "1234567812345670",  # Luhn-valid, no issuer starts with 1
        "94242424242424242",  # inside a longer digit run (17 digits, bad prefix)
        "x4242424242424242",  # glued to a word
        "0.4242424242424242",  # a decimal
        "4242424242424242.5",
        "4111 1111-1111 1111",  # mixed separators
        "4111 1111 1111 1111 1234",  # longer grouped run
        "490154203237518",  # an IMEI (15 digits, no 15-digit issuer starts with 49)
    ],
    DeviceIdRecognizer: [
        "imei 490154203237519",  # bad check digit
        "imei 000000000000000",
        "imei 4901542032375180",  # 16 digits
        "id 1490154203237518",  # inside a longer run
        "t=0.490154203237518",  # a decimal
        "FF:F2:9F:16:E5:7D:00:0D:60:E9:1D:DC",  # 12 groups
        "00:1A:2B:3C:4D:5E:6F",  # 7 groups
        "x:00:1A:2B:3C:4D:5E",  # tail of a longer colon run
        "00:1A-2B:3C-4D:5E",  # mixed separators
        "ff:ff:ff:ff:ff:ff",
        "00:00:00:00:00:00",
        "12:30:45",
    ],
    EmailRecognizer: [
        "ssh user@localhost",
        "send to foo@bar.invalidtld now",
        "root@1.2.3.4 accepted",
        "icon@2x.png",
        "npm i lodash@4.17.21",
        "git@example",
        "@mention only",
        "a@b.c",
        "user@@example.com",
    ],
    GeoCoordinateRecognizer: [
        "95.1234, 103.8198",  # latitude out of range
        "1.3521, 203.8198",  # longitude out of range
        "0.0000, 0.0000",  # no fix
        "1.2345, 2.3456, 3.4567",  # part of a longer vector
        "x 9.8765, 1.2345, 2.3456",
        "lat=91.5&lon=10.0",
        "version 1.2.3, 4.5.6",
        "12, 103",  # no decimals at all
    ],
    IpAddressRecognizer: [
        "v1.2.3.4",
        "app v1.2.3.4 started",
        "running version 10.0.0.1",
        "version=1.2.8.57",
        "Version: 4.3.2.1",
        "1.2.3.4-beta",
        "~~6.1.1.2",
        "oid 1.2.840.113635.100.6.2.6",
        "1.2.3.4.5",
        "2005-06-04-00.24.32.432192",
        "FF:F2:9F:16:E5:7D:00:0D:60:E9:1D:DC",
        "FF:F2:9F:16:E5:7D:00:0D",  # 8 groups of 2, part of a hex dump
        "aa:bb:cc:dd:ee:ff",
        "Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36",
        "12:30:45",
        "std::vector",
        "dead::beef",
        "256.1.1.1",
        "1.2.3",
        "netmask 255.255.255.0",
        "bind 0.0.0.0:80",
        "bind [::]:80",
        "pi 3.14159.2.6",
        "UA okhttp-android/4.12.0.1 and Firefox/121.0.0.1",  # product/version, no port
        "agent python-requests/2.31.0.1",
        "std::map and foo:dead::beef",  # not an interface name
        "mtu en0:1500 up",
    ],
    LogMessageNameRecognizer: [
        "event forwarded to Kafka Topic payments",
        "token issued by Identity Provider",
        "request from Load Balancer health check",
        "report sent to Finance Team <finance@example.com>",
        "synced from Google Drive at 10:00",
        "signed by Keppel Harbour Ventures Pte Ltd",
        "waiting for Leader Election",
        "retry scheduled for Monday Morning",
        "escalated to HTTP Server",  # mixed casing is not one name
        "moved to Singapore Region",
        "Tan Ah Kow (S1234567D) logged in",  # no message shape around it
        "sent to bee.ong@example.com",
        "for Marcus",  # one word
        "Name: Payment Gateway",
        "SET display_name = 'Service Account 7'",
        '{"owner":"Platform Team","approver":"Change Board"}',
    ],
    CompanySuffixRecognizer: [
        "the company is a private limited entity",
        "this is a limited offer",
        "we are a pte ltd company",
        "Ltd",
        "Pte Ltd",
        "ltd. edition",
    ],
}

CASES = [
    pytest.param(cls, text, id=f"{cls.__name__}-{index}")
    for cls, own in NEAR_MISSES.items()
    for index, text in enumerate(LOG_NOISE + own)
] + [
    pytest.param(cls, text, id=f"{cls.__name__}-{index}")
    for cls, own in GENERIC_NEAR_MISSES.items()
    for index, text in enumerate(own)
]


@pytest.mark.parametrize(("cls", "text"), CASES)
def test_hard_negatives_produce_nothing(cls, text):
    assert spans(cls(), text) == []
