"""Presidio recognizer for GEO_COORDINATE: latitude/longitude pairs, bare or keyed.

What it matches and why, with sources: ``recognizers.rules.geo_coordinate``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.geo_coordinate import GEO_COORDINATE


class GeoCoordinateRecognizer(ClassPatternRecognizer):
    """Recognize latitude/longitude pairs."""

    # Patterns, context and range checks: recognizers.rules.geo_coordinate (no Presidio).
    RULE = GEO_COORDINATE

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
