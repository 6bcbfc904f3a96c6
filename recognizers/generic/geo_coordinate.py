"""Presidio recognizer for GEO_COORDINATE: latitude/longitude pairs, bare or keyed.

What it matches and why, with sources: ``recognizers.rules.geo_coordinate``.
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.geo_coordinate import GEO_COORDINATE


class GeoCoordinateRecognizer(ClassPatternRecognizer):
    """Recognize latitude/longitude pairs."""

    # Patterns, context and samples: configs/builtin_recognizers.yaml; the range checks:
    # recognizers.rules.geo_coordinate (no Presidio).
    RULE = GEO_COORDINATE
