import pytest

from scanner.protect.masking import mask_value


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
