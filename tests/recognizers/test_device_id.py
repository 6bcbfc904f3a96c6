"""DeviceIdRecognizer: IMEI (Luhn, context), MAC (exactly six groups), device UUIDs (context)."""

from __future__ import annotations

import pytest
from stdnum import imei as stdnum_imei

from recognizers.generic.device_id import DeviceIdRecognizer
from tests.fixtures.recognizers import found

NEEDS_CONTEXT = 0.3  # below the reporting threshold: only a device word nearby reports it


@pytest.fixture(scope="module")
def rec() -> DeviceIdRecognizer:
    return DeviceIdRecognizer()


# IMEIs valid per python-stdnum (an independent Luhn implementation) and published examples.
VALID_IMEIS = ["490154203237518", "356938035643809", "353879234252633", "860000000000009"]


@pytest.mark.parametrize("imei", VALID_IMEIS)
def test_valid_imei_is_found_with_low_score(rec, imei):
    assert stdnum_imei.is_valid(imei)
    [(value, score)] = found(rec, f"imei {imei}")
    assert value == imei
    assert score < NEEDS_CONTEXT
    assert "imei" in rec.context and "device" in rec.context


def test_grouped_imei(rec):
    assert [v for v, _ in found(rec, "IMEI: 35-209900-176148-1")] == ["35-209900-176148-1"]


@pytest.mark.parametrize(
    ("text", "mac"),
    [
        ("HWaddr 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"),
        ("bssid aa-bb-cc-dd-ee-01 joined", "aa-bb-cc-dd-ee-01"),
        ("mac=3c:22:fb:01:02:03.", "3c:22:fb:01:02:03"),
    ],
)
def test_mac_is_reported_without_context(rec, text, mac):
    [(value, score)] = found(rec, text)
    assert value == mac
    assert score >= 0.5


def test_uuid_needs_device_context(rec):
    [(value, score)] = found(rec, "idfa=6D92078A-8246-4BA4-AE5B-76104861E7DC")
    assert value == "6D92078A-8246-4BA4-AE5B-76104861E7DC"
    assert score < NEEDS_CONTEXT
    for word in ("idfa", "gaid", "adid", "advertising", "device", "udid"):
        assert word in rec.context
    assert found(rec, "idfa 00000000-0000-0000-0000-000000000000") == []
