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
    compact, number = parse_phone(_PHONE_JUNK.sub("", value.strip()))
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
