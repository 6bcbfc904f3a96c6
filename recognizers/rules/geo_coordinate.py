"""GEO_COORDINATE rules: latitude/longitude pairs, as a bare pair or as keyed values.

A bare pair of decimals is only a coordinate when both are precise (three or more decimals,
about 100 m) or when a location word is near; ``1.5, 2.25`` alone is just numbers. Keyed
pairs (``lat=1.3521&lon=103.8198``, ``"lat": 1.35, "lng": 103.81``) name themselves. Ranges
are checked (|lat| <= 90, |lon| <= 180) and ``0, 0`` (a missing fix) is dropped. A pair
inside a longer list of numbers (a vector, a CSV row of floats) is not reported.
"""

from __future__ import annotations

import re

from recognizers.rules.loader import builtin_pattern_rule

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


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


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
GEO_COORDINATE = builtin_pattern_rule("GeoCoordinateRecognizer")
