"""Presidio recognizer for IP_ADDRESS: IPv4/IPv6 addresses tagged with their ``ip_scope``.

What it matches and why, with sources: ``recognizers.rules.ip_address``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.ip_address import _IPV6_FULL_RE, IP_ADDRESS


class IpAddressRecognizer(ClassPatternRecognizer):
    """Recognize IPv4/IPv6 addresses and tag each with its ``ip_scope``."""

    # Patterns, context and checks (versions dropped, full IPv6 added, each address tagged
    # with its scope after the patterns): recognizers.rules.ip_address (no Presidio).
    RULE = IP_ADDRESS
    ADDED_SPAN_PATTERN = ("ipv6_full", _IPV6_FULL_RE.pattern)

    TRUE_SAMPLES = [
        "Accepted connection from 192.168.1.10",
        "upstream 10.0.0.5:8080 timed out",
        "client 203.0.113.7 GET /login",
        "inet6 fe80::1%eth0 prefixlen 64",
        "src=2001:db8::8a2e:370:7334 dst=2001:db8::1",
        "peer ::ffff:192.0.2.1 closed",
        "X-Forwarded-For: 8.8.8.8, 10.1.2.3",
        "Connecting to node-7.example.org/10.20.30.40:8030",
        "Accepted socket connection from /192.168.77.12:50122",
        "interface en1:fe80::8a1:22ff:fe3c:9d01 up",
    ]
    FALSE_SAMPLES = [
        "app v1.2.3.4 started",
        "running version 10.0.0.1",
        "package version=1.2.8.57",
        "FIN rejected by validator 9.2.7.57 at com.esign",
        "Subject to clause 8.3.3.5, neither party",
        "build 1.2.3.4-beta",
        "requires ~~6.1.1.2",
        "oid 1.2.840.113635.100.6.2.6",
        "sequence 1.2.3.4.5 done",
        "ts 2005-06-04-00.24.32.432192",
        "id FF:F2:9F:16:E5:7D:00:0D:60:E9:1D:DC",
        "Mozilla/5.0 (X11) Chrome/120.0.0.0 Safari/537.36",
        "at 12:30:45 the job ran",
        "std::vector and dead::beef",
        "netmask 255.255.255.0",
        "listen 0.0.0.0:80",
    ]
