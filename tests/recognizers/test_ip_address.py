"""IpAddressRecognizer: addresses found with exact spans and scope; look-alikes rejected."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.generic.ip_address import IpAddressRecognizer
from recognizers.rules.ip_address import (
    _NETMASK_OCTETS,
    IP_SCOPE_KEY,
    _scope_of,
    ip_scope,
    is_invalid_ip,
)


@pytest.fixture(scope="module")
def rec() -> IpAddressRecognizer:
    return IpAddressRecognizer()


def _found(rec: IpAddressRecognizer, text: str) -> list[tuple[str, str]]:
    results = rec.analyze(text, entities=["IP_ADDRESS"], nlp_artifacts=None)
    return sorted((text[r.start : r.end], r.recognition_metadata[IP_SCOPE_KEY]) for r in results)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 192.168.1.10", [("192.168.1.10", "private")]),
        ("upstream 10.0.0.5:8080 timeout", [("10.0.0.5", "private")]),
        ("client 203.0.113.7 GET /", [("203.0.113.7", "reserved")]),
        ("dns 8.8.8.8", [("8.8.8.8", "public")]),
        ("lo 127.0.0.1", [("127.0.0.1", "loopback")]),
        ("apipa 169.254.10.20", [("169.254.10.20", "link_local")]),
        ("mcast 224.0.0.251", [("224.0.0.251", "multicast")]),
        ("cgnat 100.64.1.1", [("100.64.1.1", "private")]),
        ("inet6 fe80::1%eth0 prefixlen 64", [("fe80::1%eth0", "link_local")]),
        ("src=2001:db8::8a2e:370:7334", [("2001:db8::8a2e:370:7334", "reserved")]),
        ("peer ::ffff:192.0.2.1 closed", [("::ffff:192.0.2.1", "reserved")]),
        ("v6 2404:6800:4003:c00::8a up", [("2404:6800:4003:c00::8a", "public")]),
        ("ula fd12:3456:789a::1", [("fd12:3456:789a::1", "private")]),
        ("url http://[2001:db8::1]:443/x", [("2001:db8::1", "reserved")]),
        (
            "slaac 2404:6800:4003:c00:a1b2:c3d4:e5f6:789a up",
            [("2404:6800:4003:c00:a1b2:c3d4:e5f6:789a", "public")],
        ),
        (
            "full 2001:0db8:0000:0000:0000:0000:0000:0001",
            [("2001:0db8:0000:0000:0000:0000:0000:0001", "reserved")],
        ),
        ("mapped 0:0:0:0:0:ffff:192.0.2.1", [("0:0:0:0:0:ffff:192.0.2.1", "reserved")]),
        ("sentence ends 192.168.1.10.", [("192.168.1.10", "private")]),
        ("XFF: 8.8.8.8, 10.1.2.3", [("10.1.2.3", "private"), ("8.8.8.8", "public")]),
        ("route 10.0.0.0/8 via 10.0.0.1", [("10.0.0.0", "private"), ("10.0.0.1", "private")]),
    ],
)
def test_finds_addresses_with_scope(rec, text, expected):
    assert _found(rec, text) == sorted(expected)


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses())
def test_any_valid_address_is_found_whole(address):
    rec = _REC
    text = f"client {address.compressed} connected"
    found = rec.analyze(text, entities=["IP_ADDRESS"])
    groups = address.compressed.split(":")
    if address.is_unspecified or (
        address.version == 6
        and (
            not any(c.isdigit() for c in address.compressed)
            or ("::" not in address.compressed and all(len(g) == 2 for g in groups))
        )
    ):
        assert found == []
        return
    if address.version == 4 and address.compressed.startswith("255."):
        return  # netmask-shaped addresses are dropped on purpose
    assert [text[r.start : r.end] for r in found] == [address.compressed]
    assert found[0].recognition_metadata[IP_SCOPE_KEY] == ip_scope(address)


_REC = IpAddressRecognizer()


def test_scope_of_ipv4_mapped_follows_the_ipv4_address():
    assert ip_scope(ipaddress.ip_address("::ffff:10.0.0.1")) == "private"
    assert ip_scope(ipaddress.ip_address("::ffff:8.8.8.8")) == "public"


# Socket and interface forms: the address is found, never the host name, port or interface.
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Connecting to manager at rm-3.corp.example.org/10.20.30.40:8030", "10.20.30.40"),
        ("Address change detected. Old: build-node-7/172.16.4.9:8032", "172.16.4.9"),
        ("Accepted socket connection from /192.168.77.12:50122", "192.168.77.12"),
        ("[Handler-/10.9.8.7:41234:Worker@88] closed", "10.9.8.7"),
        ("lost host WIN-8KQ2RP1/10.5.6.7 to peer", "10.5.6.7"),
        ("upstream [2001:db8:4::17]:443 reset", "2001:db8:4::17"),
        ("listener 198.51.100.23:8443 ready", "198.51.100.23"),
        ("interface en1:fe80::8a1:22ff:fe3c:9d01 became active", "fe80::8a1:22ff:fe3c:9d01"),
        (
            "network changed: v6(en0:2406:3003:2077:1c4:9d1:5a2:6b3:1e0f) DNS",
            "2406:3003:2077:1c4:9d1:5a2:6b3:1e0f",
        ),
        ("rx on eth2:2001:db8:aa::5 dropped", "2001:db8:aa::5"),
    ],
)
def test_finds_the_address_in_socket_and_interface_forms(rec, text, address):
    assert [value for value, _ in _found(rec, text)] == [address]


def _scope_by_ipaddress(text: str) -> str | None:
    try:
        return ip_scope(ipaddress.ip_address(text))
    except ValueError:
        return None


def _invalid_by_ipaddress(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return True
    octets = text.split(".")
    return address.is_unspecified or (
        octets[0] == "255" and all(o in _NETMASK_OCTETS for o in octets)
    )


_SPECIAL_V4 = st.sampled_from(
    ["0.0.0.0", "0.0.0.1", "192.0.0.0", "192.0.0.8", "192.0.0.9", "192.0.0.10", "192.0.0.170"]
    + ["192.0.0.171", "192.0.0.255", "255.255.255.255", "255.255.255.0", "100.64.0.1"]
    + ["127.0.0.1", "169.254.1.1", "224.0.0.1", "240.0.0.1", "203.0.113.9", "172.31.255.255"]
)


@settings(max_examples=2000, deadline=None)
@given(st.ip_addresses(v=4).map(str) | _SPECIAL_V4)
def test_dotted_quad_fast_path_gives_ipaddress_scope(text):
    """The IPv4 fast path (no IPv4Address per value) answers exactly as ``ipaddress`` does:
    scope and validity, special-use blocks included."""
    assert _scope_of(text) == _scope_by_ipaddress(text)
    assert is_invalid_ip(text) == _invalid_by_ipaddress(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789.٣ ", max_size=18))
def test_dotted_quad_look_alikes_are_judged_by_ipaddress(text):
    """Leading zeros, 256, five parts, non-ASCII digits, blanks: the fast path agrees with
    ``ipaddress`` on what is not an address too."""
    assert _scope_of(text) == _scope_by_ipaddress(text)
    if "." in text:
        assert is_invalid_ip(text) == _invalid_by_ipaddress(text)


def test_dotted_quad_fast_path_at_every_special_boundary():
    """Deterministic sweep over the edges of the special-purpose networks (every first octet;
    second and third octets at the /10 to /24 boundaries used by the registry)."""
    seconds = (0, 1, 15, 16, 18, 19, 31, 32, 51, 63, 64, 127, 128, 168, 254, 255)
    thirds = (0, 1, 2, 3, 99, 100, 101, 112, 113, 114, 255)
    for first in range(256):
        for second in seconds:
            for third in thirds:
                for fourth in (0, 9, 255):
                    text = f"{first}.{second}.{third}.{fourth}"
                    assert _scope_of(text) == _scope_by_ipaddress(text), text
