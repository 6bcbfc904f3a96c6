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

from recognizers.boundaries import TOKEN_END, TOKEN_START
from recognizers.rules.base import PatternRule

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

# A token character is a letter or digit in any script, so `orderS1234567D9` never yields a
# match, while `nric=S1234567D`, `"S1234567D"`, `(S1234567D)` and `id_S1234567D` do.
# Masking characters seen in exports and UIs: `*`, bullet, black circle, `#`, `X`/`x`.
_MASK = "[*\u2022\u25cf#X]"
_MASKED_START = r"(?<![\w*\u2022\u25cf#])"
_MASKED_END = r"(?![\w*\u2022\u25cf#])"


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


NRIC_CONTEXT = ("nric", "fin", "nric/fin", "ic", "i/c", "identity card", "identification",
                "singpass", "uin", "myinfo")  # fmt: skip
NRIC_PARTIAL_CONTEXT = ("nric", "fin", "nric/fin", "ic", "i/c", "identity", "identification",
                        "id no", "id number", "singpass", "myinfo")  # fmt: skip
# A masked value cannot be checksum-validated and the shape alone is weak: the base score sits
# below the 0.3 reporting threshold, so only a context word nearby lifts it.
NRIC_PARTIAL_SCORE = 0.1

NRIC_FIN = PatternRule(
    name="SgNricFinRecognizer",
    entity="SG_NRIC_FIN",
    patterns=(("NRIC/FIN (checksum)", rf"{TOKEN_START}[STFGM][0-9]{{7}}[A-Z]{TOKEN_END}", 0.5),),
    context=NRIC_CONTEXT,
    # One-pass candidate (scanner/detect/candidates.py): the pattern without its look-arounds.
    candidates=(r"[STFGM][0-9]{7}[A-Z]",),
    validate=is_valid_nric,
    invalidate=is_placeholder_nric,
)

NRIC_PARTIAL = PatternRule(
    name="SgNricPartialRecognizer",
    entity="SG_NRIC_PARTIAL",
    patterns=(
        (
            "NRIC/FIN masked (prefix kept)",
            rf"{_MASKED_START}[STFGM]{_MASK}{{4}}[0-9]{{3}}[A-Z]{_MASKED_END}",
            NRIC_PARTIAL_SCORE,
        ),
        (
            "NRIC/FIN masked (prefix masked or dropped)",
            rf"{_MASKED_START}{_MASK}{{4,5}}[0-9]{{3}}[A-Z]{_MASKED_END}",
            NRIC_PARTIAL_SCORE,
        ),
    ),
    context=NRIC_PARTIAL_CONTEXT,
    # Four ASCII mask characters, three digits, a letter (lines with `\u2022`/`\u25cf` masks are
    # non-ASCII, which the candidate scan always checks in full).
    candidates=(r"[*#X]{4}[0-9]{3}[A-Z]",),
)
