"""Presidio recognizer for IP_ADDRESS: IPv4/IPv6 addresses tagged with their ``ip_scope``.

What it matches and why, with sources: ``recognizers.rules.ip_address``.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.prechecked import PrecheckedPatternRecognizer
from recognizers.rules.ip_address import (
    _IPV6_FULL_HINT,
    _IPV6_FULL_RE,
    IP_ADDRESS,
    IP_SCOPE_KEY,
    IPV6_FULL_SCORE,
    _full_ipv6_matches,
    _is_version,
    _scope_of,
    ip_scope,
    parse_ip,
)
from recognizers.span_recognizer import span_result

# The patterns, checks and scope rules live in recognizers.rules.ip_address (no Presidio).
__all__ = [
    "IP_SCOPE_KEY",
    "IPV6_FULL_SCORE",
    "IpAddressRecognizer",
    "_IPV6_FULL_RE",
    "_full_ipv6_matches",
    "ip_scope",
    "parse_ip",
]


class IpAddressRecognizer(PrecheckedPatternRecognizer):
    """Recognize IPv4/IPv6 addresses and tag each with its ``ip_scope``."""

    # Patterns, context and checks: recognizers.rules.ip_address (no Presidio).
    RULE = IP_ADDRESS
    # Lets a scanner that runs the patterns itself apply what `analyze` adds to them.
    FAST_PATH_POSTFILTER = "filter_spans"

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

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Pattern matches minus version numbers, each tagged with ``ip_scope``; the base
        class's pre-check covers the full-IPv6 pass too (it needs a colon)."""
        kept = []
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if ":" in text and _IPV6_FULL_HINT.search(text):
            results = self.remove_duplicates(results + self._full_ipv6(text))
        for result in results:
            if _is_version(text, result.start, result.end):
                continue
            scope = _scope_of(text[result.start : result.end])
            if scope is None:  # pragma: no cover - invalidate_result already dropped it
                continue
            result.recognition_metadata[IP_SCOPE_KEY] = scope
            kept.append(result)
        return kept

    def _full_ipv6(self, text: str) -> list[RecognizerResult]:
        """Uncompressed IPv6 (``2001:db8:0:0:1:2:3:4``), built like PatternRecognizer's results."""
        found = []
        for match in _full_ipv6_matches(text):
            if self.invalidate_result(match.group()):
                continue
            # Presidio types validation_result as bool; its own analyze passes None (unvalidated).
            explanation = self.build_regex_explanation(
                self.name,
                "ipv6_full",
                _IPV6_FULL_RE.pattern,
                IPV6_FULL_SCORE,
                None,  # type: ignore[arg-type]
                0,
            )
            found.append(
                span_result(self, match.start(), match.end(), IPV6_FULL_SCORE, explanation)
            )
        return found
