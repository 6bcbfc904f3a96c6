"""Singapore NRIC/FIN rules: full numbers (checksum-validated) and masked forms.

No agency publishes the check-letter algorithm. The rule below is what independent public
implementations agree on (see ../shared/reference/sg-identifiers.md):

- opengovsg/FormSG ``shared/utils/nric-validation.ts`` (M series written as
  ``"KLJNPQRTUWX"[10 - r]``, i.e. the M table below)
- samliew/singapore-nric ``src/nric.ts`` (test vectors S1234567D, T8890856I, M1134985K, ...)
- IonBazan/NRIC ``src/NRIC.php`` (test vector M2424771J)

r = (offset + sum(d_i * w_i)) mod 11 with weights 2,7,6,5,4,3,2 and offsets S/F 0, T/G 4, M 3.
The M table is the F/G table with J in place of M at r = 8; using the F/G table for M (as
presidio-sg-recognizers 0.2.0 does) rejects about 9% of valid M numbers.
"""

from __future__ import annotations

from recognizers.rules.loader import builtin_pattern_rule

NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
NRIC_OFFSETS = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}
_CITIZEN_TABLE = "JZIHGFEDCBA"
_FOREIGNER_TABLE = "XWUTRQPNMLK"
_FOREIGNER_2022_TABLE = "XWUTRQPNJLK"
NRIC_CHECK_TABLES = {
    "S": _CITIZEN_TABLE,
    "T": _CITIZEN_TABLE,
    "F": _FOREIGNER_TABLE,
    "G": _FOREIGNER_TABLE,
    "M": _FOREIGNER_2022_TABLE,
}


def nric_check_letter(prefix: str, digits: str) -> str:
    """Return the check letter for an NRIC/FIN prefix and its seven digits."""
    prefix = prefix.upper()
    if prefix not in NRIC_OFFSETS:
        raise ValueError("NRIC/FIN prefix must be one of S, T, F, G, M")
    if len(digits) != 7 or not (digits.isascii() and digits.isdigit()):
        raise ValueError("NRIC/FIN needs exactly seven ASCII digits")
    total = NRIC_OFFSETS[prefix] + sum(
        int(d) * w for d, w in zip(digits, NRIC_WEIGHTS, strict=True)
    )
    return NRIC_CHECK_TABLES[prefix][total % 11]


def is_valid_nric(value: str) -> bool:
    """True for a well-formed NRIC/FIN whose check letter matches (case-insensitive)."""
    value = value.strip().upper()
    if len(value) != 9 or value[0] not in NRIC_OFFSETS:
        return False
    digits, letter = value[1:8], value[8]
    if not (digits.isascii() and digits.isdigit()):
        return False
    return nric_check_letter(value[0], digits) == letter


def is_placeholder_nric(value: str) -> bool:
    """All-zero serials (`S0000000J`) are placeholders, not issued numbers."""
    return value[1:8] == "0000000"


# Their patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
NRIC_FIN = builtin_pattern_rule("SgNricFinRecognizer")
NRIC_PARTIAL = builtin_pattern_rule("SgNricPartialRecognizer")
NRIC_PARTIAL_SCORE = NRIC_PARTIAL.patterns[0][2]
