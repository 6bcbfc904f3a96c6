"""Masked forms of found values: enough to recognise a value, not enough to use it.

A masked value never shows more than ``S****567D``, ``t***@example.com``, ``+65 ****4567`` or
``192.168.*.*`` does: at most the last four characters of an identifier.
"""

from __future__ import annotations

import ipaddress
import re

_DIGITS = re.compile(r"\d")
# A dotted quad exactly as ``str(ipaddress.ip_address(...))`` writes it (octets 0-255, no
# leading zero): most IPs in logs, masked without building an ``ipaddress`` object each.
# (recognizers.normalize has the same one; importing it here would load phonenumbers.)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


def _stars(n: int) -> str:
    return "*" * max(n, 1)


def mask_nric(value: str) -> str:
    v = value.strip().upper()
    return v[0] + "****" + v[-4:] if len(v) == 9 else _mask_generic(v)


def mask_email(value: str) -> str:
    local, _, domain = value.strip().partition("@")
    if not domain:
        return _mask_generic(value)
    return f"{local[:1]}***@{domain.lower()}"


def mask_phone(value: str) -> str:
    digits = _DIGITS.findall(value)
    if len(digits) < 6:
        return _stars(len(value))
    text = value.strip()
    prefix = ""
    if text.startswith("+"):
        m = re.match(r"\+\s*(\d{1,3})", text)
        prefix = f"+{m.group(1)} " if m else "+"
    elif text.startswith("0065") or text.startswith("(65)"):
        prefix = "+65 "
    return prefix + "****" + "".join(digits[-4:])


def mask_ip(value: str) -> str:
    raw = value.strip().split("%")[0]
    if _CANONICAL_IPV4.fullmatch(raw):  # as str(ip_address(raw)) writes it: no object needed
        a, b, _ = raw.split(".", 2)
        return f"{a}.{b}.*.*"
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return _mask_generic(value)
    if ip.version == 4:
        a, b, _, _ = str(ip).split(".")
        return f"{a}.{b}.*.*"
    groups = ip.exploded.split(":")
    return ":".join(groups[:2]) + ":*:*:*:*:*:*"


def mask_card(value: str) -> str:
    digits = "".join(_DIGITS.findall(value))
    return "**** **** **** " + digits[-4:]


def mask_name(value: str) -> str:
    """Initials only: ``Tan Wei Ming`` -> ``T** W** M***``."""
    return " ".join(w[:1] + "*" * max(len(w) - 1, 1) for w in value.split())


def _mask_generic(value: str) -> str:
    v = value.strip()
    if len(v) <= 4:
        return _stars(len(v))
    keep = 4 if len(v) >= 8 else len(v) // 3
    return "*" * (len(v) - keep) + v[-keep:]


def mask_value(entity_type: str, value: str) -> str:
    """Return the masked form of ``value`` for its entity type."""
    if entity_type in ("SG_NRIC_FIN",):
        return mask_nric(value)
    if entity_type == "SG_NRIC_PARTIAL":
        v = value.strip()
        return "*" * (len(v) - 4) + v[-4:] if len(v) > 4 else _stars(len(v))
    if entity_type == "EMAIL_ADDRESS":
        return mask_email(value)
    if entity_type == "PHONE_NUMBER":
        return mask_phone(value)
    if entity_type == "IP_ADDRESS":
        return mask_ip(value)
    if entity_type == "CREDIT_CARD":
        return mask_card(value)
    if entity_type in ("PERSON", "ORGANIZATION", "LOCATION"):
        return mask_name(value)
    if entity_type == "GEO_COORDINATE":
        return re.sub(r"(\d+\.\d)\d+", r"\1**", value.strip())
    return _mask_generic(value)
