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

from presidio_analyzer import Pattern

from recognizers.class_patterns import ClassPatternRecognizer

VALID_POSTAL_SECTORS = frozenset(f"{n:02d}" for n in range(1, 83) if n != 74)

# Start: not inside a token, not after `+`/`#`, not after `1.`/`ab-`/`12:`/`x/`/`1,`, not
# after a digit and one space (`20240115 103045`); `S123456` / `S(123456)` is a common
# Singapore spelling and is allowed. End: not inside a token, not before `.5`/`-12`/`:00`.
# A comma after a letter is a CSV field separator, not glue.
_START = (
    r"(?:(?<![\w+#])(?<![\w][.\-:/])(?<![0-9][, \t])"
    r"|(?<=(?<!\w)S)|(?<=(?<!\w)S\())"
)
_END = r"(?!\w)(?![.\-:/][0-9])"


class SgPostalCodeRecognizer(ClassPatternRecognizer):
    """Six-digit Singapore postal codes in a valid sector; context is required to report."""

    COUNTRY_CODE = "sg"
    BASE_SCORE = 0.1

    # The leading look-ahead changes no match; it spares the regex engine the look-behinds of
    # `_START` at every position that does not begin six digits (3x faster on logs).
    ENTITY = "SG_POSTAL_CODE"
    CANDIDATE_PATTERNS = (r"[0-9]{6}",)  # one-pass candidate: six digits
    PATTERNS = [
        Pattern("SG postal code (sector)", rf"(?=[0-9]{{6}}){_START}[0-9]{{6}}{_END}", BASE_SCORE)
    ]

    CONTEXT = [
        "singapore",
        "postal",
        "postcode",
        "post code",
        "zip",
        "address",
        "road",
        "street",
        "avenue",
        "blk",
        "block",
        "#",
        "unit",
        "drive",
        "crescent",
        "lorong",
        "jalan",
    ]

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
        return pattern_text[:2] not in VALID_POSTAL_SECTORS or len(set(pattern_text)) == 1
