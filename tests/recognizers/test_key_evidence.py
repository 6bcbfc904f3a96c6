"""Key-aware evidence (scanner/detect/key_evidence.py, configs/key_words.yaml): the key a value is
written under decides phone, card and IP findings both ways, through the real detector."""

from __future__ import annotations

import pytest

from recognizers import default_recognizers
from scanner.detect.detector import Detector
from scanner.detect.key_evidence import key_before, key_words, load_key_words
from scanner.detect.profiles import load_profiles
from scanner.model import Segment

PROFILES = load_profiles()


@pytest.fixture(scope="module")
def logs_detector() -> Detector:
    return Detector(PROFILES["logs"], default_recognizers(), sub_profiles=PROFILES)


def _found(detector: Detector, text: str, kind: str = "log", context: str = "") -> set:
    segment = Segment(text=text, path="svc.log", kind=kind, context=context)
    return {(d.entity_type, d.value) for d in detector.detect_segment(segment)}


# Values under measurement, size, count, duration, version and opaque-id keys (each value
# is a valid SG number or IPv4 address on its own, and a phone context word is nearby).
@pytest.mark.parametrize(
    "text",
    [
        "sms gateway ok sms_latency_us=81234567",
        '{"event":"call_end","call_duration_ms":98765432}',
        "contact sync done bytes_sent=61234567",
        "phone lookup retry_count=87654321",
        '{"contact":"x","bytesReceived":91234568}',
        "mobile push: queue_depth=93456781",
        "Phone: n/a  elapsed_ns=62345678",
        "tel svc LOG:  duration: 81234567.120 ms",
        "sms batch wrote 91234566 bytes",
        '{"client_version":"10.4.2.17"}',
        "host=web-3 build=6.1.7601.2 up",
        "agent_ver=11.2.0.33 client=ok",
        '"resourceVersion":"93456712"',
        "call trace_id=98761234 done",
    ],
)
def test_key_against_drops_the_finding(logs_detector, text):
    found = _found(logs_detector, text)
    assert not {t for t, _ in found} & {"PHONE_NUMBER", "IP_ADDRESS", "CREDIT_CARD"}, found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("notify mobile=91234567 ok", ("PHONE_NUMBER", "91234567")),
        ('{"msisdn":"6598765432"}', ("PHONE_NUMBER", "6598765432")),
        ("client_ip=10.20.30.40 latency_us=81234567", ("IP_ADDRESS", "10.20.30.40")),
        ('{"phone_number":"+65 9123 4567","duration_ms":12}', ("PHONE_NUMBER", "+65 9123 4567")),
        ("remote_addr=203.0.113.9 bytes_sent=512", ("IP_ADDRESS", "203.0.113.9")),
        ('msg="otp sent" to=87654321 provider=x', ("PHONE_NUMBER", "87654321")),
    ],
)
def test_identity_key_keeps_or_lifts_the_finding(logs_detector, text, expected):
    assert expected in _found(logs_detector, text)


def test_field_name_is_the_key_for_structured_values(logs_detector):
    assert not _found(logs_detector, "91234567", kind="field", context="sms_latency_us")
    assert ("PHONE_NUMBER", "91234567") in _found(
        logs_detector, "91234567", kind="field", context="mobileNumber"
    ) | _found(logs_detector, "91234567", kind="field", context="mobile")


def test_key_words_split_camel_and_snake_case():
    assert key_words("bytesTransferredIn") == ("bytes", "transferred", "in")
    assert key_words("call_duration_ms") == ("call", "duration", "ms")
    assert key_words("HTTPStatus") == ("http", "status")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("a latency_us=1", "latency_us"),
        ('{"duration_ms": 1', "duration_ms"),
        ("Duration: 1", "Duration"),
        ("x k8s.io/count='1", "count"),
        ("std::1", None),
        ("no key here 1", None),
    ],
)
def test_key_before(text, key):
    assert key_before(text, len(text) - 1) == key


def test_word_lists_are_loaded_from_configs():
    words = load_key_words()
    assert "latency" in words.strong and "version" in words.against
    assert "phone" in words.identity["PHONE_NUMBER"]
    assert words.verdict("PHONE_NUMBER", "phone_lookup_ns") == "against"
    assert words.verdict("IP_ADDRESS", "client_ip") == "for"
    assert words.verdict("SG_NRIC_FIN", "request_id") is None
