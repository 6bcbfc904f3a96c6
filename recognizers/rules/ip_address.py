"""IP_ADDRESS rules: IPv4/IPv6 addresses validated with ``ipaddress``, minus dotted look-alikes.

Logs are full of four-part dotted numbers that are not addresses: versions (``v1.2.3.4``,
``version=1.2.8.57``, ``Chrome/120.0.0.0``), OIDs, DB2 timestamps, netmasks. The patterns
refuse a match inside a longer dotted or colon run, and ``analyze`` drops a match preceded by
a version word or a ``product/`` token. Each result carries ``ip_scope`` in its
``recognition_metadata`` (public, private, loopback, link_local, reserved, multicast), so the
policy can tell a customer's address from a data-centre one.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import regex

from recognizers.rules.base import ScoredSpan, Span
from recognizers.rules.loader import builtin_pattern_rule
from recognizers.spans import remove_duplicate_spans

IP_SCOPE_KEY = "ip_scope"

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = _OCTET + r"(?:\." + _OCTET + r"){3}"
_H = r"[0-9A-Fa-f]{1,4}"
# The patterns (IPv4, compressed IPv6) are in configs/builtin_recognizers.yaml. Full IPv6
# (eight groups, or six and an IPv4 tail) has no literal to anchor on, so it runs only when
# the cheap hint (six colon-led groups in a row) finds a candidate.
_IPV6_FULL = r"(?:(?:" + _H + r":){7}" + _H + r"|(?:" + _H + r":){6}" + _IPV4 + r")"
_ZONE = r"(?:%[0-9A-Za-z_.-]{1,32})?"
# Not part of a longer colon or dotted run (MAC addresses, 12-byte ids, OIDs).
# ...but an interface name before the address is allowed: macOS and BSD print the scope
# first (``en0:fe80::1c2a:…``, ``v6(en0:2607:f140:…)``), the address is what follows.
_IFACE = r"(?:en|eth|wlan|wl|lo|bond|br|bridge|ens|eno|enp|utun|awdl|llw|vlan|ppp|tun|tap|ib)"
_V6_START = r"(?:(?<![\w:.~])|(?<=(?<![\w:])" + _IFACE + r"\d[0-9a-z]{0,8}:))"
_V6_END = r"(?![\w:]|\.\d)"
_IPV6_FULL_HINT = regex.compile(r"(?::[0-9A-Fa-f]{1,4}){5}:")
_IPV6_FULL_RE = regex.compile(_V6_START + _IPV6_FULL + _ZONE + _V6_END)
IPV6_FULL_SCORE = 0.6
# A full IPv6 match (at most 8 groups, or 6 and an IPv4 tail, plus a zone: under 80 chars)
# overlaps one of the hint's matches, so the full pattern only runs this far around them.
_IPV6_FULL_REACH = 96


def _full_ipv6_matches(text: str) -> list[regex.Match[str]]:
    """``_IPV6_FULL_RE.finditer(text)``, run only on merged windows around hint matches.

    No match crosses a window start (windows that could share one are merged), and each
    window's end leaves room for the pattern's look-ahead, so the matches are the same."""
    windows: list[list[int]] = []
    for hint in _IPV6_FULL_HINT.finditer(text):
        lo, hi = max(0, hint.start() - _IPV6_FULL_REACH), hint.end() + _IPV6_FULL_REACH
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [
        match
        for lo, hi in windows
        for match in _IPV6_FULL_RE.finditer(text, lo, min(len(text), hi))
    ]


# A dotted quad right after one of these is a version, build or clause number, not an address.
_VERSION_BEFORE = re.compile(
    r"(?:\b(?:v|ver|version|release|build|rev|revision|firmware|fw|sdk|validator|schema|"
    r"clause|section|sec|article|paragraph|para|rule|step|item|§)"
    r"[\s\"']{0,2}[=:]?[\s\"']{0,2}|[A-Za-z][\w.-]*/)$",
    re.IGNORECASE,
)
_VERSION_WINDOW = 24
# Java's InetSocketAddress prints ``hostname/address:port`` (``nn1.example.com/10.1.2.3:8020``,
# ``msra-sa-41/10.1.2.3:8030``, ``LearnerHandler-/10.1.2.3:52225``): a ``name/`` before the
# quad is a host, not a product, when a port follows or the name is shaped like a host name
# (a dot, or a hyphen and a digit). ``Chrome/120.0.0.0`` and ``ESignMobile/3.12.0.1`` are not.
_PORT_AFTER = re.compile(r":\d{1,5}(?!\d)")
_HOST_BEFORE_SLASH = re.compile(
    r"(?:[A-Za-z0-9][\w-]*\.[\w.-]*[A-Za-z0-9]|[A-Za-z][\w]*-(?:[\w-]*\d[\w-]*)?)/$"
)


def _is_version(text: str, start: int, end: int) -> bool:
    """True when the quad at ``text[start:end]`` is a version, build or clause number."""
    lo = max(0, start - _VERSION_WINDOW)
    before = _VERSION_BEFORE.search(text, lo, start)
    if before is None:
        return False
    if not before.group().endswith("/"):
        return True
    return not (_PORT_AFTER.match(text, end) or _HOST_BEFORE_SLASH.search(text, lo, start))


_NETMASK_OCTETS = frozenset({"0", "128", "192", "224", "240", "248", "252", "254", "255"})

_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)


def ip_scope(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Classify an address: loopback, link_local, multicast, private, reserved or public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        return "multicast"
    if any(address in net for net in _PRIVATE_NETWORKS if net.version == address.version):
        return "private"
    if address.is_global:
        return "public"
    return "reserved"


@lru_cache(maxsize=16384)
def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in ``text`` (zone id allowed), or None. Cached: logs repeat addresses."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


# /24 blocks whose addresses do not all share one scope in ``ipaddress``'s tables (every
# special-purpose IPv4 network narrower than /24 lies in one of them, in Python 3.11-3.13:
# 0.0.0.0/32, 192.0.0.0/29, 192.0.0.9/32, 192.0.0.10/32, 192.0.0.170/31, 255.255.255.255/32,
# and Python 3.11.10/3.12.4 changed that block's table): ``ipaddress`` judges these.
_MIXED_BLOCKS = frozenset({0x000000, 0xC00000, 0xFFFFFF})


def _quad_value(text: str) -> int | None:
    """The address ``text`` as an integer when it is a dotted quad ``ipaddress`` accepts
    (ASCII digits, no leading zero, each at most 255), else None.

    The common case in logs, checked without building an ``IPv4Address`` (35k of them cost
    ~0.5 s on the bench logs); anything else goes through ``ipaddress``."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    value = 0
    for part in parts:
        if not (0 < len(part) <= 3 and part.isascii() and part.isdigit()):
            return None
        octet = int(part)
        if part[0] == "0" and len(part) > 1 or octet > 255:
            return None
        value = value << 8 | octet
    return value


def _quad_scope(value: int) -> str:
    """``ip_scope`` of the IPv4 address ``value`` outside ``_MIXED_BLOCKS``, from the networks
    ``ipaddress`` checks (IANA IPv4 Special-Purpose Address Registry, RFC 6890): loopback
    127/8, link-local 169.254/16, multicast 224/4, our private list (10/8, 172.16/12,
    192.168/16, 100.64/10), then not global (``is_private``): 0/8, 192.0.2/24, 198.18/15,
    198.51.100/24, 203.0.113/24, 240/4. Hypothesis-tested against ``ipaddress``."""
    first = value >> 24
    if first == 127:
        return "loopback"
    if value >> 16 == 0xA9FE:
        return "link_local"
    if 224 <= first <= 239:
        return "multicast"
    if first == 10 or value >> 20 == 0xAC1 or value >> 16 == 0xC0A8 or value >> 22 == 0x191:
        return "private"
    block = value >> 8
    if (
        first == 0
        or first >= 240
        or value >> 17 == 0x6309
        or block in (0xC00002, 0xC63364, 0xCB0071)
    ):
        return "reserved"
    return "public"


@lru_cache(maxsize=16384)
def _scope_of(text: str) -> str | None:
    value = _quad_value(text)
    if value is not None and value >> 8 not in _MIXED_BLOCKS:
        return _quad_scope(value)
    address = parse_ip(text)
    return None if address is None else ip_scope(address)


def may_hold_ip(text: str) -> bool:
    """False when ``text`` has neither a dot nor a colon: no address can be in it."""
    return "." in text or ":" in text


def is_invalid_ip(value: str) -> bool:
    """What ``ipaddress`` rejects, the unspecified address and netmasks."""
    if _quad_value(value) is not None:  # a valid IPv4 address: only the shape checks below
        octets = value.split(".")
        if value == "0.0.0.0":
            return True
        return octets[0] == "255" and all(o in _NETMASK_OCTETS for o in octets)
    address = parse_ip(value)
    if address is None or address.is_unspecified:
        return True
    if address.version == 6:
        text = value.split("%", 1)[0]
        # Hex-only colon pairs ("dead::beef", "a::b") are far more often code than hosts,
        # and eight two-digit groups ("FF:F2:9F:16:E5:7D:00:0D") are a byte dump.
        if "::" not in text and all(len(group) == 2 for group in text.split(":")):
            return True
        return not any(c.isdigit() for c in text)
    octets = value.split(".")
    return octets[0] == "255" and all(o in _NETMASK_OCTETS for o in octets)


def filter_ip_spans(text: str, spans: list[Span]) -> list[ScoredSpan]:
    """What the recognizer's ``analyze`` does after its patterns: full IPv6 added, versions
    dropped, each span tagged with its ``ip_scope``."""
    if ":" in text and _IPV6_FULL_HINT.search(text):
        spans = remove_duplicate_spans(
            spans
            + [
                (match.start(), match.end(), IPV6_FULL_SCORE)
                for match in _full_ipv6_matches(text)
                if not is_invalid_ip(match.group())
            ]
        )
    kept = []
    for start, end, score in spans:
        if _is_version(text, start, end):
            continue
        scope = _scope_of(text[start:end])
        if scope is None:  # pragma: no cover - is_invalid_ip already dropped it
            continue
        kept.append((start, end, score, {IP_SCOPE_KEY: scope}))
    return kept


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
IP_ADDRESS = builtin_pattern_rule("IpAddressRecognizer")
