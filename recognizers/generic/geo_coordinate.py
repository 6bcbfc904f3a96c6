"""GEO_COORDINATE: latitude/longitude pairs, as a bare pair or as keyed values.

A bare pair of decimals is only a coordinate when both are precise (three or more decimals,
about 100 m) or when a location word is near; ``1.5, 2.25`` alone is just numbers. Keyed
pairs (``lat=1.3521&lon=103.8198``, ``"lat": 1.35, "lng": 103.81``) name themselves. Ranges
are checked (|lat| <= 90, |lon| <= 180) and ``0, 0`` (a missing fix) is dropped. A pair
inside a longer list of numbers (a vector, a CSV row of floats) is not reported.
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
