"""Canonical forms of detected values, so one identity hashes the same however it was written.

``value_hash`` is an HMAC of ``normalize_value(entity_type, value)``: ``S1234567D`` and
``s1234567d``, or ``+65 9123 4567`` and ``(65) 9123-4567``, must give the same hash so the
inventory counts distinct people, not distinct spellings. Changing a rule here changes every
stored hash (baselines compare hashes), so treat the rules as a versioned format.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import unquote

import phonenumbers

DEFAULT_PHONE_REGION = "SG"

_WHITESPACE = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D")
_MASK_CHARS = re.compile(r"[*xX•●·∙#_]")
_MAC_SEPARATORS = re.compile(r"[-.:]")
_MAC_BARE = re.compile(r"[0-9a-f]{12}")
_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d+)?")
_PHONE_JUNK = re.compile(r"[\s().\-/]")
# A dotted quad already in the form ``ipaddress`` writes (octets 0-255, no leading zero): most
# IPs in logs, normalised without building an ``ipaddress`` object each.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


def _upper_compact(value: str) -> str:
    return _WHITESPACE.sub("", value).upper()


def _nric_partial(value: str) -> str:
    # The last character is the check letter and may itself be an X (F/G/M series).
    text = _WHITESPACE.sub("", value).upper()
    return _MASK_CHARS.sub("*", text[:-1]) + text[-1:]


# Singapore's numbering plan: which national numbers are in service ranges, by type. The IMDA
# National Numbering Plan (https://www.imda.gov.sg/regulations-and-licensing-listing/numbering)
# allocates 8-digit numbers starting 3 (VoIP), 6 (fixed line), 8 and 9 (mobile), 10-digit 800
# and 11-digit 1800 (toll-free), 1900 (premium rate) and 7000 (universal access) numbers;
# the ranges below are libphonenumber's SG metadata (PhoneNumberMetadata_SG), which
# tests/recognizers/test_sg_phone.py checks against `parse` + `is_valid_number` for every prefix
# class, so a metadata update that moves a range fails the test instead of drifting. Reading a
# digit string against it answers `is_valid_number` without `parse` (the phone rule's hot path).
SG_NATIONAL_NUMBER = re.compile(
    r"662[0-24-9][0-9]{4}|6(?:[0-578][0-9]|6[013-57-9]|9[0-35-9])[0-9]{5}"  # fixed line
    r"|80[1-9][0-9]{5}|(?:8[1-9]|9[0-8])[0-9]{6}"  # mobile
    r"|(?:18|8)00[0-9]{7}|1900[0-9]{7}"  # toll-free, premium rate
    r"|(?:3[12][0-9]|666)[0-9]{5}|7000[0-9]{7}"  # VoIP, universal access
)
# Any SG number's shape (the metadata's general description): `parse` reads a leading `65` as
# the country code when the digits do not have this shape and the rest does.
SG_GENERAL_SHAPE = re.compile(r"(?:(?:1[0-9]|8)[0-9][0-9]|7000)[0-9]{7}|[3689][0-9]{7}")
SG_MAX_DIGITS = 11  # longer digits are TOO_LONG for SG, so `parse` strips a leading `65`
_SG_IDD_START = re.compile(r"0[0-3]")  # SG's international prefix `0[0-3]x`
_SG_WRITTEN = re.compile(r"[0-9 \-.()]*")  # ASCII digits with the separators numbers use
_PHONE_NOT_DIGIT = re.compile(r"[^0-9]+")
_CC_WITH_PLUS = phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN
_CC_WITHOUT_PLUS = phonenumbers.CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN
_CC_DEFAULT = phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY


def read_sg_digits(digits: str) -> tuple[str, int] | None:
    """The national number and country-code source ``parse(digits, "SG", keep_raw_input=True)``
    reads in ASCII digits written without `+`, from SG's numbering plan (is_valid_number is then
    ``is_sg_number(national)``); None when they start with SG's international prefix (another
    country's number, which the library reads)."""
    if _SG_IDD_START.match(digits):
        return None
    if digits.startswith("65") and (
        len(digits) > SG_MAX_DIGITS
        or (not SG_GENERAL_SHAPE.fullmatch(digits) and SG_GENERAL_SHAPE.fullmatch(digits, 2))
    ):
        return digits[2:], _CC_WITHOUT_PLUS
    return digits, _CC_DEFAULT


def read_sg_written(text: str) -> tuple[str, int] | None:
    """``read_sg_digits`` for a number in ASCII digits with spaces, hyphens, dots or brackets,
    optionally after `+65`; None for anything else (another country code, other characters),
    which the library reads."""
    if not text.isascii():
        return None
    if text.startswith("+65"):
        if _SG_WRITTEN.fullmatch(text, 3) is None:
            return None
        return _PHONE_NOT_DIGIT.sub("", text[3:]), _CC_WITH_PLUS
    if _SG_WRITTEN.fullmatch(text) is None:
        return None
    return read_sg_digits(_PHONE_NOT_DIGIT.sub("", text))


def is_sg_number(national: str) -> bool:
    """``is_valid_number`` for an SG national number (ASCII digits), by the numbering plan."""
    return SG_NATIONAL_NUMBER.fullmatch(national) is not None


def parse_phone(compact: str) -> tuple[str, phonenumbers.PhoneNumber | None]:
    """``compact`` (a number without separators) with a written ``00`` international prefix
    turned into ``+``, and the number libphonenumber reads in it (None when it reads none).

    The scanner's normalized value and a data subject request's check read numbers alike."""
    # "0065 9123 4567": 00 is the common written international prefix, but with region SG
    # libphonenumber reads 006 as the prefix and loses the country code.
    if compact.startswith("00") and len(compact) > 4:
        compact = "+" + compact[2:]
    try:
        return compact, phonenumbers.parse(compact, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return compact, None


def _phone(value: str) -> str:
    compact = _PHONE_JUNK.sub("", value.strip())
    # An SG number (most of what a Singapore scan finds) is read off the numbering plan: its
    # E.164 form is `+65` and the national number, as `parse` + `format_number` give it.
    read = read_sg_written("+" + compact[2:] if compact.startswith("00") else compact)
    if read is not None and is_sg_number(read[0]):
        return "+65" + read[0]
    compact, number = parse_phone(compact)
    if number is None:
        return compact
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    # A query string carries "tan%40example.com"; it is the same address as "tan@example.com".
    text = value.strip()
    if "%" in text:
        text = unquote(text)
    return text.lower()


def _ip(value: str) -> str:
    text = value.strip().strip("[]")
    if _CANONICAL_IPV4.fullmatch(text):
        return text  # what ip_address(text).compressed gives, without the object
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        pass
    try:
        return ipaddress.ip_interface(text).compressed
    except ValueError:
        return text.lower()


def _device_id(value: str) -> str:
    text = _WHITESPACE.sub("", value).lower()
    bare = _MAC_SEPARATORS.sub("", text)
    if _MAC_BARE.fullmatch(bare) and text != bare and len(text) in (14, 17):
        return ":".join(bare[i : i + 2] for i in range(0, 12, 2))
    return text


def _geo(value: str) -> str:
    numbers = _DECIMAL.findall(value)
    if len(numbers) < 2:
        return value.strip()
    lat, lon = (round(float(n), 4) + 0.0 for n in numbers[:2])  # + 0.0 turns -0.0 into 0.0
    return f"{lat:.4f},{lon:.4f}"


def _name(value: str) -> str:
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    text = text.strip(" \t\"'`“”‘’.,;:()[]{}<>")
    return text.casefold()


_RULES = {
    "SG_NRIC_FIN": _upper_compact,
    "SG_UEN": _upper_compact,
    "SG_PASSPORT": _upper_compact,
    "SG_NRIC_PARTIAL": _nric_partial,
    "PHONE_NUMBER": _phone,
    "EMAIL_ADDRESS": _email,
    "IP_ADDRESS": _ip,
    "CREDIT_CARD": lambda v: _NON_DIGITS.sub("", v),
    "DEVICE_ID": _device_id,
    "GEO_COORDINATE": _geo,
    "PERSON": _name,
    "ORGANIZATION": _name,
    "LOCATION": _name,
}


def normalize_value(entity_type: str, value: str) -> str:
    """Return the canonical form of ``value`` that is hashed for ``entity_type``."""
    rule = _RULES.get(entity_type)
    if rule is None:
        return value.strip()
    return rule(value)
