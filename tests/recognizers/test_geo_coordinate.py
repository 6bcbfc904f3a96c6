"""GeoCoordinateRecognizer: bare and keyed pairs, precision/context tiers, range checks."""

from __future__ import annotations

import pytest

from recognizers.generic.geo_coordinate import GeoCoordinateRecognizer
from tests.fixtures.recognizers import found

REPORT_THRESHOLD = 0.3


@pytest.fixture(scope="module")
def rec() -> GeoCoordinateRecognizer:
    return GeoCoordinateRecognizer()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("at 1.3521, 103.8198 today", "1.3521, 103.8198"),
        ("sydney -33.8688,151.2093", "-33.8688,151.2093"),
        ("?lat=1.3521&lon=103.8198&z=3", "lat=1.3521&lon=103.8198"),
        ('{"lat": 1.35, "lng": 103.81}', 'lat": 1.35, "lng": 103.81'),
        ("latitude: 1.3, longitude: 103.8", "latitude: 1.3, longitude: 103.8"),
    ],
)
def test_reported_without_context(rec, text, span):
    [(value, score)] = found(rec, text)
    assert value == span
    assert score >= REPORT_THRESHOLD


def test_imprecise_pair_needs_context(rec):
    [(value, score)] = found(rec, "fix 1.35, 103.82")
    assert value == "1.35, 103.82"
    assert score < REPORT_THRESHOLD
    assert {"lat", "lon", "lng", "gps", "location"} <= set(rec.context)
