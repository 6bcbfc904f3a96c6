"""GEO_COORDINATE rules: latitude/longitude pairs, as a bare pair or as keyed values.

A bare pair of decimals is only a coordinate when both are precise (three or more decimals,
about 100 m) or when a location word is near; ``1.5, 2.25`` alone is just numbers. Keyed
pairs (``lat=1.3521&lon=103.8198``, ``"lat": 1.35, "lng": 103.81``) name themselves. Ranges
are checked (|lat| <= 90, |lon| <= 180) and ``0, 0`` (a missing fix) is dropped. A pair
inside a longer list of numbers (a vector, a CSV row of floats) is not reported.
"""

from __future__ import annotations

import re

from recognizers.rules.base import PatternRule

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

_SEP = r"[ \t]{0,3},[ \t]{0,3}"
_NOT_AFTER_NUMBER = r"(?<![\w.]|\d" + _SEP + r"-?)"
_NOT_BEFORE_NUMBER = r"(?![\w.]|" + _SEP + r"-?\d)"
_QUOTE = r"[\"']?"
_KV = r"[ \t]*[=:][ \t]*"


def _pair(decimals: str) -> str:
    return (
        _NOT_AFTER_NUMBER
        + r"-?\d{1,2}\.\d"
        + decimals
        + _SEP
        + r"-?\d{1,3}\.\d"
        + decimals
        + _NOT_BEFORE_NUMBER
    )


# One-pass candidates: a decimal pair, or a `lat` key.
_CANDIDATES = (
    r"[0-9]\.[0-9]{1,12}[ \t]{0,3},[ \t]{0,3}-?[0-9]{1,3}\.[0-9]",
    "lat",
)

_PATTERNS = (
    ("geo_pair_precise", _pair(r"{3,12}"), 0.5),
    ("geo_pair", _pair(r"{1,12}"), 0.1),
    (
        "geo_keyed",
        r"\b(?:lat|latitude)"
        + _QUOTE
        + _KV
        + _QUOTE
        + r"-?\d{1,2}(?:\.\d{1,12})?"
        + _QUOTE
        + r"[ \t]*[,&;][ \t]*"
        + _QUOTE
        + r"(?:lon|lng|long|longitude)"
        + _QUOTE
        + _KV
        + _QUOTE
        + r"-?\d{1,3}(?:\.\d{1,12})?(?![\w.])",
        0.6,
    ),
)

_CONTEXT = (
    "lat",
    "lon",
    "lng",
    "latitude",
    "longitude",
    "coord",
    "gps",
    "geo",
    "location",
    "position",
)


def has_decimal_point(text: str) -> bool:
    """False when ``text`` has no decimal point: every pattern needs one."""
    return "." in text


def is_invalid_coordinate(value: str) -> bool:
    """Out-of-range values and the ``0, 0`` null fix are not coordinates."""
    numbers = _NUMBER.findall(value)
    if len(numbers) != 2:
        return True
    lat, lon = float(numbers[0]), float(numbers[1])
    if abs(lat) > 90 or abs(lon) > 180:
        return True
    return lat == 0 and lon == 0


GEO_COORDINATE = PatternRule(
    name="GeoCoordinateRecognizer",
    entity="GEO_COORDINATE",
    patterns=_PATTERNS,
    context=_CONTEXT,
    candidates=_CANDIDATES,
    invalidate=is_invalid_coordinate,
    precheck=has_decimal_point,
)
