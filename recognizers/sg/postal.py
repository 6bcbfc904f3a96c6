"""Singapore postal codes: six digits whose first two are a postal sector.

Six-digit runs are everywhere (times, amounts, ids), so the base score (0.1) sits below the
0.3 reporting threshold and an address context word nearby (singapore, postal, road, blk,
#unit, ...) must lift it.

Valid sectors: 01-82 except 74, from the postal district table (district -> sectors 01-06,
07-08, 14-16, 09-10, 11-13, 17, 18-19, 20-21, 22-23, 24-27, 28-30, 31-33, 34-37, 38-41, 42-45,
46-48, 49-50 and 81, 51-52, 53-55 and 82, 56-57, 58-59, 60-64, 65-68, 69-71, 72-73, 77-78,
75-76, 79-80) in URA's "List of Postal Districts" and Wikipedia "Postal codes in Singapore".
"""

from __future__ import annotations

from recognizers.class_patterns import ClassPatternRecognizer, presidio_patterns
from recognizers.rules.sg_postal import (
    POSTAL_SCORE,
    SG_POSTAL,
    VALID_POSTAL_SECTORS,
    is_invalid_postal_code,
)

__all__ = ["VALID_POSTAL_SECTORS", "SgPostalCodeRecognizer"]


class SgPostalCodeRecognizer(ClassPatternRecognizer):
    """Six-digit Singapore postal codes in a valid sector; context is required to report."""

    COUNTRY_CODE = "sg"
    BASE_SCORE = POSTAL_SCORE

    # Patterns, context words and the sector check: recognizers.rules.sg_postal (no Presidio).
    ENTITY = SG_POSTAL.entity
    CANDIDATE_PATTERNS = SG_POSTAL.candidates
    PATTERNS = presidio_patterns(SG_POSTAL)
    CONTEXT = list(SG_POSTAL.context)

    TRUE_SAMPLES = [
        "Blk 123 Ang Mo Kio Avenue 6 #01-234 Singapore 560123",
        "postal code: 238859",
        "1 Raffles Place, Singapore 048616",
        'address {"postal": "119077"}',
        "10 Anson Road Singapore S(079903)",
    ]
    FALSE_SAMPLES = [
        "request took 560123 us",
        "Singapore 740123",
        "Singapore 000000",
        "postal 5601234",
        "time 10:23:45.560123",
        "build 20240115 103045",
        "amount 1,560,123.00",
        "order #560123",
        "Singapore 560123.5",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop codes outside a postal sector and one-digit fillers (`000000`, `111111`)."""
        return is_invalid_postal_code(pattern_text)
