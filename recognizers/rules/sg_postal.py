"""Singapore postal code rules: six digits whose first two are a postal sector.

Six-digit runs are everywhere (times, amounts, ids), so the base score (0.1) sits below the
0.3 reporting threshold and an address context word nearby (singapore, postal, road, blk,
#unit, ...) must lift it.

Valid sectors: 01-82 except 74, from the postal district table (district -> sectors 01-06,
07-08, 14-16, 09-10, 11-13, 17, 18-19, 20-21, 22-23, 24-27, 28-30, 31-33, 34-37, 38-41, 42-45,
46-48, 49-50 and 81, 51-52, 53-55 and 82, 56-57, 58-59, 60-64, 65-68, 69-71, 72-73, 77-78,
75-76, 79-80) in URA's "List of Postal Districts" and Wikipedia "Postal codes in Singapore".
"""

from __future__ import annotations

from recognizers.rules.base import PatternRule

VALID_POSTAL_SECTORS = frozenset(f"{n:02d}" for n in range(1, 83) if n != 74)
POSTAL_SCORE = 0.1

# Start: not inside a token, not after `+`/`#`, not after `1.`/`ab-`/`12:`/`x/`/`1,`, not
# after a digit and one space (`20240115 103045`); `S123456` / `S(123456)` is a common
# Singapore spelling and is allowed. End: not inside a token, not before `.5`/`-12`/`:00`.
# A comma after a letter is a CSV field separator, not glue.
_START = (
    r"(?:(?<![\w+#])(?<![\w][.\-:/])(?<![0-9][, \t])"
    r"|(?<=(?<!\w)S)|(?<=(?<!\w)S\())"
)
_END = r"(?!\w)(?![.\-:/][0-9])"


def is_invalid_postal_code(value: str) -> bool:
    """Codes outside a postal sector and one-digit fillers (`000000`, `111111`)."""
    return value[:2] not in VALID_POSTAL_SECTORS or len(set(value)) == 1


SG_POSTAL = PatternRule(
    name="SgPostalCodeRecognizer",
    entity="SG_POSTAL_CODE",
    # The leading look-ahead changes no match; it spares the regex engine the look-behinds of
    # `_START` at every position that does not begin six digits (3x faster on logs).
    patterns=(
        ("SG postal code (sector)", rf"(?=[0-9]{{6}}){_START}[0-9]{{6}}{_END}", POSTAL_SCORE),
    ),
    context=("singapore", "postal", "postcode", "post code", "zip", "address", "road", "street",
             "avenue", "blk", "block", "#", "unit", "drive", "crescent", "lorong", "jalan"),
    candidates=(r"[0-9]{6}",),  # one-pass candidate: six digits
    invalidate=is_invalid_postal_code,
)  # fmt: skip
