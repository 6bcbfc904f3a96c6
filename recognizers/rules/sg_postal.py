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

from recognizers.rules.loader import builtin_pattern_rule

VALID_POSTAL_SECTORS = frozenset(f"{n:02d}" for n in range(1, 83) if n != 74)


def is_invalid_postal_code(value: str) -> bool:
    """Codes outside a postal sector and one-digit fillers (`000000`, `111111`)."""
    return value[:2] not in VALID_POSTAL_SECTORS or len(set(value)) == 1


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
SG_POSTAL = builtin_pattern_rule("SgPostalCodeRecognizer")
POSTAL_SCORE = SG_POSTAL.patterns[0][2]
