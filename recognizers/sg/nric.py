"""Singapore NRIC/FIN recognizers: full numbers (checksum-validated) and masked forms.

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

from presidio_analyzer import Pattern

from recognizers.boundaries import TOKEN_END, TOKEN_START
from recognizers.class_patterns import ClassPatternRecognizer

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
_TOKEN_START = TOKEN_START
_TOKEN_END = TOKEN_END
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


class SgNricFinRecognizer(ClassPatternRecognizer):
    """Full NRIC/FIN numbers; only checksum-valid ones are reported (score 1.0).

    The checksum is the evidence, so context words cannot lift a wrong check letter:
    Presidio drops a result whose `validate_result` is False before context is applied.
    """

    COUNTRY_CODE = "sg"

    ENTITY = "SG_NRIC_FIN"
    # One-pass candidate (see recognizers/__init__.py): the pattern without its look-arounds.
    CANDIDATE_PATTERNS = (r"[STFGM][0-9]{7}[A-Z]",)
    PATTERNS = [
        Pattern(
            "NRIC/FIN (checksum)",
            rf"{_TOKEN_START}[STFGM][0-9]{{7}}[A-Z]{_TOKEN_END}",
            0.5,
        ),
    ]

    CONTEXT = [
        "nric",
        "fin",
        "nric/fin",
        "ic",
        "i/c",
        "identity card",
        "identification",
        "singpass",
        "uin",
        "myinfo",
    ]

    # Gitleaks-style samples: found / not found at threshold 0.3 with context applied.
    TRUE_SAMPLES = [
        "nric=S1234567D",
        'user {"nric": "s1234567d", "status": "ok"}',
        "Applicant (T8890856I) signed the agreement",
        "FIN: G1166318X issued",
        "fin M2424771J verified via Singpass",
        "NRIC/FIN F8234009L",
        "export nric_S1234567D_export.log",
    ]
    FALSE_SAMPLES = [
        "order S1234567Z shipped",
        "nric=S1234567A",
        "orderS1234567D9",
        "refS1234567D",
        "S1234567D2",
        "batch X1234567D",
        "nric S0000000J placeholder",
    ]

    def validate_result(self, pattern_text: str) -> bool:
        """The check letter decides: valid scores 1.0, invalid is dropped."""
        return is_valid_nric(pattern_text)

    def invalidate_result(self, pattern_text: str) -> bool:
        """All-zero serials (`S0000000J`) are placeholders, not issued numbers."""
        return pattern_text[1:8] == "0000000"


class SgNricPartialRecognizer(ClassPatternRecognizer):
    """Masked NRIC/FIN (`S****567D`, `XXXXX567A`, `****567A`, `S••••567A`, `S####567D`).

    A masked value cannot be checksum-validated and the shape alone is weak, so the base
    score (0.1) sits below the 0.3 reporting threshold: only a context word nearby (nric,
    fin, ic, identity, singpass, ...) lifts it. Inside a Presidio AnalyzerEngine the default
    LemmaContextAwareEnhancer adds 0.35 (floor 0.4); piimap's scanner applies its own
    context scoring from `self.context`.
    """

    COUNTRY_CODE = "sg"
    BASE_SCORE = 0.1

    ENTITY = "SG_NRIC_PARTIAL"
    # One-pass candidate: four ASCII mask characters, three digits, a letter (lines with
    # `\u2022`/`\u25cf` masks are non-ASCII, which the candidate scan always checks in full).
    CANDIDATE_PATTERNS = (r"[*#X]{4}[0-9]{3}[A-Z]",)
    PATTERNS = [
        Pattern(
            "NRIC/FIN masked (prefix kept)",
            rf"{_MASKED_START}[STFGM]{_MASK}{{4}}[0-9]{{3}}[A-Z]{_MASKED_END}",
            BASE_SCORE,
        ),
        Pattern(
            "NRIC/FIN masked (prefix masked or dropped)",
            rf"{_MASKED_START}{_MASK}{{4,5}}[0-9]{{3}}[A-Z]{_MASKED_END}",
            BASE_SCORE,
        ),
    ]

    CONTEXT = [
        "nric",
        "fin",
        "nric/fin",
        "ic",
        "i/c",
        "identity",
        "identification",
        "id no",
        "id number",
        "singpass",
        "myinfo",
    ]

    TRUE_SAMPLES = [
        "NRIC: S****567D",
        "nric XXXXX567A",
        "masked fin ****567A",
        "NRIC/FIN *****567A",
        "Singpass user S\u2022\u2022\u2022\u2022567A logged in",
        "identity S####567D",
    ]
    FALSE_SAMPLES = [
        "S****567D",
        "ref XXXXX567A",
        "nric ******567A",
        "nric S****5678",
        "nric S1234567D",
        "token abcS****567D",
    ]
