import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.protect.masking import mask_value
from tests.fixtures.near_quads import near_quads


@pytest.mark.parametrize(
    "entity, value, masked",
    [
        ("SG_NRIC_FIN", "S1234567D", "S****567D"),
        ("SG_NRIC_FIN", "s1234567d", "S****567D"),
        ("EMAIL_ADDRESS", "tan@example.com", "t***@example.com"),
        ("PHONE_NUMBER", "+65 9123 4567", "+65 ****4567"),
        ("PHONE_NUMBER", "0065 9123 4567", "+65 ****4567"),
        ("PHONE_NUMBER", "91234567", "****4567"),
        ("IP_ADDRESS", "192.168.1.10", "192.168.*.*"),
        ("IP_ADDRESS", "2001:db8::8a2e:370:7334", "2001:0db8:*:*:*:*:*:*"),
        ("CREDIT_CARD", "4111 1111 1111 1111", "**** **** **** 1111"),
        ("PERSON", "Tan Wei Ming", "T** W** M***"),
        ("SG_UEN", "201912345R", "******345R"),
        ("SG_NRIC_PARTIAL", "S****567D", "*****567D"),
    ],
)
def test_masks(entity, value, masked):
    assert mask_value(entity, value) == masked


@pytest.mark.parametrize(
    "entity, value",
    [
        ("SG_NRIC_FIN", "S8412345E"),
        ("SG_UEN", "T08LL1234H"),
        ("PHONE_NUMBER", "+65 9345 6789"),
        ("CREDIT_CARD", "4111111111111111"),
        ("DEVICE_ID", "a1b2c3d4-0000-4000-8000-000000000001"),
    ],
)
def test_mask_never_shows_the_value(entity, value):
    masked = mask_value(entity, value)
    assert value not in masked
    # never more than four characters of the value in a row
    compact = value.replace(" ", "")
    assert all(compact[i : i + 5] not in masked for i in range(len(compact) - 4))


def _mask_ip_by_ipaddress(value: str) -> str:
    """The masking rule written with ``ipaddress`` only: what the dotted-quad fast path keeps."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(value.strip().split("%")[0])
    except ValueError:
        return mask_value("SG_UEN", value)  # the generic mask, as for any unparsable value
    if ip.version == 4:
        a, b, _, _ = str(ip).split(".")
        return f"{a}.{b}.*.*"
    return ":".join(ip.exploded.split(":")[:2]) + ":*:*:*:*:*:*"


_NEAR_QUADS = [
    "01.2.3.4",
    "1.2.3.04",
    "256.1.1.1",
    "1.2.3.4.5",
    "1.2.3",
    "1.2.3.4 ",
    "1.2.3.4%eth0",
]


@given(near_quads(["", "٣", " 1", "1 ", "0x1"]))  # non-ASCII digit, spaces, hex
def test_ipv4_fast_path_masks_like_ipaddress(value):
    assert mask_value("IP_ADDRESS", value) == _mask_ip_by_ipaddress(value)


@pytest.mark.parametrize("value", _NEAR_QUADS)
def test_near_quads_mask_like_ipaddress(value):
    assert mask_value("IP_ADDRESS", value) == _mask_ip_by_ipaddress(value)


@given(st.ip_addresses(v=4))
def test_every_ipv4_masks_like_ipaddress(address):
    assert mask_value("IP_ADDRESS", str(address)) == _mask_ip_by_ipaddress(str(address))
