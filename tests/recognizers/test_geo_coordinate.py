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


@pytest.mark.parametrize(
    "text",
    [
        "95.1234, 103.8198",  # latitude out of range
        "1.3521, 203.8198",  # longitude out of range
        "0.0000, 0.0000",  # no fix
        "1.2345, 2.3456, 3.4567",  # part of a longer vector
        "x 9.8765, 1.2345, 2.3456",
        "lat=91.5&lon=10.0",
        "version 1.2.3, 4.5.6",
        "12, 103",  # no decimals at all
    ],
)
def test_not_coordinates(rec, text):
    assert found(rec, text) == []
