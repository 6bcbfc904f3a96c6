"""Presidio recognizer for IP_ADDRESS: IPv4/IPv6 addresses tagged with their ``ip_scope``.

What it matches and why, with sources: ``recognizers.rules.ip_address``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.ip_address import _IPV6_FULL_RE, IP_ADDRESS


class IpAddressRecognizer(ClassPatternRecognizer):
    """Recognize IPv4/IPv6 addresses and tag each with its ``ip_scope``."""

    # Patterns, context and samples: configs/builtin_recognizers.yaml; the checks (versions
    # dropped, full IPv6 added, each address tagged with its scope after the patterns):
    # recognizers.rules.ip_address (no Presidio).
    RULE = IP_ADDRESS
    ADDED_SPAN_PATTERN = ("ipv6_full", _IPV6_FULL_RE.pattern)
