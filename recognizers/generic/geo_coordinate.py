"""Presidio recognizer for GEO_COORDINATE: latitude/longitude pairs, bare or keyed.

What it matches and why, with sources: ``recognizers.rules.geo_coordinate``.
"""

from __future__ import annotations

from recognizers.class_patterns import presidio_patterns
from recognizers.prechecked import PrecheckedPatternRecognizer
from recognizers.rules.geo_coordinate import (
    GEO_COORDINATE,
    has_decimal_point,
    is_invalid_coordinate,
)


class GeoCoordinateRecognizer(PrecheckedPatternRecognizer):
    """Recognize latitude/longitude pairs."""

    # Patterns, context and range checks: recognizers.rules.geo_coordinate (no Presidio).
    ENTITY = GEO_COORDINATE.entity
    # One-pass candidates: a decimal pair, or a `lat` key.
    CANDIDATE_PATTERNS = GEO_COORDINATE.candidates
    PATTERNS = presidio_patterns(GEO_COORDINATE)
    CONTEXT = list(GEO_COORDINATE.context)
    # Lets a scanner that runs the patterns itself skip text `analyze` would skip.

    TRUE_SAMPLES = [
        "Marina Bay Sands is at 1.2834, 103.8607",
        "GET /nearby?lat=1.3521&lon=103.8198 HTTP/1.1",
        '{"lat": 1.35, "lng": 103.81}',
        "gps fix 1.35, 103.82 acquired",
        "location: -33.8688,151.2093",
    ]
    FALSE_SAMPLES = [
        "ratio 1.5, 2.25 ok",
        "gps 95.1234, 103.8198 invalid",
        "coords 0.000, 0.000 no fix",
        "vector 1.2345, 2.3456, 3.4567, 4.5678",
        "lat=91.0&lon=10.0",
    ]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when ``text`` has no decimal point: every pattern needs one."""
        return has_decimal_point(text)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Out-of-range values and the ``0, 0`` null fix are not coordinates."""
        return is_invalid_coordinate(pattern_text)
