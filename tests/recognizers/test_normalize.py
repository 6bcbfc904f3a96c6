"""normalize_value: one canonical form per identity, whatever the spelling."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recognizers import RECOGNIZER_ENTITY_TYPES
from recognizers.normalize import normalize_value
from tests.fixtures.near_quads import near_quads


@pytest.mark.parametrize(
    ("entity_type", "spellings", "canonical"),
    [
        ("SG_NRIC_FIN", ["S1234567D", " s1234567d ", "S 1234567 D"], "S1234567D"),
        ("SG_UEN", ["201912345k", "201912345K "], "201912345K"),
        ("SG_PASSPORT", ["e1234567n", "E1234567N"], "E1234567N"),
        ("SG_NRIC_PARTIAL", ["*****567A", "XXXXX567a", "S••••567A".replace("S", "*")], None),
        (
            "PHONE_NUMBER",
            ["+65 9123 4567", "(65) 9123-4567", "0065 9123 4567", "65 9123 4567", "91234567"],
            "+6591234567",
        ),
        ("PHONE_NUMBER", ["+1 650-253-0000", "001 650 253 0000"], "+16502530000"),
        ("EMAIL_ADDRESS", ["Tan@Example.COM.sg", "tan%40example.com.sg"], "tan@example.com.sg"),
        ("IP_ADDRESS", ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"], "2001:db8::1"),
        ("CREDIT_CARD", ["4111 1111 1111 1111", "4111-1111-1111-1111"], "4111111111111111"),
        ("DEVICE_ID", ["AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff"], "aa:bb:cc:dd:ee:ff"),
        (
            "DEVICE_ID",
            ["6D92078A-8246-4BA4-AE5B-76104861E7DC"],
            "6d92078a-8246-4ba4-ae5b-76104861e7dc",
        ),
        ("GEO_COORDINATE", ["1.35214, 103.81979", "lat=1.35214&lon=103.81979"], "1.3521,103.8198"),
        ("GEO_COORDINATE", ['lat": -0.00001, "lng": 103.8'], "0.0000,103.8000"),
        ("PERSON", ["Tan  Ah Kow", " tan ah kow,", '"TAN AH KOW"'], "tan ah kow"),
        ("ORGANIZATION", ["Acme Pte. Ltd.", "ACME PTE. LTD"], "acme pte. ltd"),
        ("LOCATION", ["Jurong  West ", "jurong west."], "jurong west"),
        ("ESIGN_ACCOUNT_ID", ["  ESA-12345678 "], "ESA-12345678"),
    ],
)
def test_spellings_share_one_canonical_form(entity_type, spellings, canonical):
    forms = {normalize_value(entity_type, s) for s in spellings}
    assert len(forms) == 1, forms
    if canonical is not None:
        assert forms == {canonical}


def test_partial_nric_keeps_an_x_check_letter():
    assert normalize_value("SG_NRIC_PARTIAL", "xxxxx567x") == "*****567X"
    assert normalize_value("SG_NRIC_PARTIAL", "S••••567A") == "S****567A"


def test_different_values_stay_different():
    assert normalize_value("PHONE_NUMBER", "+65 9123 4567") != normalize_value(
        "PHONE_NUMBER", "+65 9123 4568"
    )
    assert normalize_value("EMAIL_ADDRESS", "a@x.com") != normalize_value(
        "EMAIL_ADDRESS", "b@x.com"
    )


@pytest.mark.parametrize("entity_type", RECOGNIZER_ENTITY_TYPES)
def test_every_entity_type_survives_junk(entity_type):
    assert isinstance(normalize_value(entity_type, "  ??? "), str)


@given(st.ip_addresses())
def test_ip_is_compressed(address):
    assert normalize_value("IP_ADDRESS", address.exploded) == address.compressed
    assert ipaddress.ip_address(normalize_value("IP_ADDRESS", str(address))) == address


@given(st.sampled_from(RECOGNIZER_ENTITY_TYPES), st.text(min_size=1, max_size=40))
def test_normalizing_twice_changes_nothing(entity_type, value):
    once = normalize_value(entity_type, value)
    if not once:
        return
    assert normalize_value(entity_type, once) == once


def _ip_by_ipaddress(value: str) -> str:
    """The IP rule written with ``ipaddress`` only: what the dotted-quad fast path must equal."""
    text = value.strip().strip("[]")
    for parse in (ipaddress.ip_address, ipaddress.ip_interface):
        try:
            return parse(text).compressed
        except ValueError:
            pass
    return text.lower()


@given(near_quads(["", "٣", " 1", "1/24", "0x1"]))  # non-ASCII digit, prefix, hex
def test_ipv4_fast_path_equals_ipaddress(value):
    _assert_ip_like_ipaddress(value)


@pytest.mark.parametrize(
    "value", ["01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3.4.5", "1.2.3", "10.0.0.1/8"]
)
def test_near_quads_normalise_like_ipaddress(value):
    _assert_ip_like_ipaddress(value)


def _assert_ip_like_ipaddress(value: str) -> None:
    assert normalize_value("IP_ADDRESS", value) == _ip_by_ipaddress(value)
    assert normalize_value("IP_ADDRESS", f"[{value}]") == _ip_by_ipaddress(f"[{value}]")
