"""Singapore UEN (ACRA Unique Entity Number) rules: formats, check characters, patterns.

Three formats, rules as implemented by:
- arthurdejong/python-stdnum ``stdnum/sg/uen.py`` (installed; the tests cross-check against it)
- opengovsg/FormSG ``shared/utils/uen-validation.ts`` (adds entity types BN LC VC EC FS UF)
- microsoft/presidio ``predefined_recognizers/country_specific/singapore/sg_uen_recognizer.py``
  (adds entity type HC)

A  businesses (ROB):        8 digits + letter, weights 10,4,9,3,8,2,7,1, `XMKECAWLJDB`[sum % 11]
B  local companies (ROC):   yyyy + 5 digits + letter (year not in the future),
                            weights 10,8,6,4,9,7,5,3,1, `ZKCMDNERGWH`[sum % 11]
C  other entities:          R/S/T (18/19/20) + yy + entity type + 4 digits + letter; characters
                            map to their index in `ABCDEFGHJKLMNPQRSTUVWX0123456789`, weights
                            4,3,5,3,10,2,2,5,7, check = alphabet[(sum - 5) % 11]; for T, yy is
                            not in the future.
"""

from __future__ import annotations

from datetime import date

from recognizers.rules.loader import builtin_pattern_rule

BUSINESS_WEIGHTS = (10, 4, 9, 3, 8, 2, 7, 1)
BUSINESS_CHECK_LETTERS = "XMKECAWLJDB"
LOCAL_COMPANY_WEIGHTS = (10, 8, 6, 4, 9, 7, 5, 3, 1)
LOCAL_COMPANY_CHECK_LETTERS = "ZKCMDNERGWH"
OTHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWX0123456789"
OTHER_WEIGHTS = (4, 3, 5, 3, 10, 2, 2, 5, 7)
OTHER_PREFIXES = frozenset("RST")

# python-stdnum's OTHER_UEN_ENTITY_TYPES (38 codes).
STDNUM_ENTITY_TYPES = frozenset(
    "CC CD CH CL CM CP CS CX DP FB FC FM FN GA GB GS HS LL LP MB MC MD MH MM "
    "MQ NB NR PA PB PF RF RP SM SS TC TU VH XL".split()
)
# HC from presidio's recognizer; BN LC VC EC FS UF from FormSG's VALID_ENTITY_TYPE_INDICATORS.
UEN_ENTITY_TYPES = STDNUM_ENTITY_TYPES | frozenset("HC BN LC VC EC FS UF".split())


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def business_check_letter(digits: str) -> str:
    """Check letter of a format A (ROB) UEN from its eight digits."""
    return BUSINESS_CHECK_LETTERS[
        sum(int(d) * w for d, w in zip(digits, BUSINESS_WEIGHTS, strict=True)) % 11
    ]


def local_company_check_letter(digits: str) -> str:
    """Check letter of a format B (ROC) UEN from its nine digits."""
    total = sum(int(d) * w for d, w in zip(digits, LOCAL_COMPANY_WEIGHTS, strict=True))
    return LOCAL_COMPANY_CHECK_LETTERS[total % 11]


def other_check_letter(body: str) -> str:
    """Check character of a format C UEN from its first nine characters (upper case)."""
    total = sum(OTHER_ALPHABET.index(c) * w for c, w in zip(body, OTHER_WEIGHTS, strict=True))
    return OTHER_ALPHABET[(total - 5) % 11]


def is_valid_uen(value: str, today: date | None = None) -> bool:
    """True for a UEN of format A, B or C whose check character matches.

    `today` fixes "not in the future" for tests; it defaults to the current date.
    """
    uen = value.strip().upper()
    year = (today or date.today()).year
    if len(uen) == 9:
        return (
            _is_ascii_digits(uen[:8])
            and uen[8].isalpha()
            and business_check_letter(uen[:8]) == uen[8]
        )
    if len(uen) != 10:
        return False
    if _is_ascii_digits(uen[0]):
        return (
            _is_ascii_digits(uen[:9])
            and int(uen[:4]) <= year
            and local_company_check_letter(uen[:9]) == uen[9]
        )
    if uen[0] not in OTHER_PREFIXES or not _is_ascii_digits(uen[1:3] + uen[5:9]):
        return False
    if uen[0] == "T" and int(uen[1:3]) > year % 100:
        return False
    if uen[3:5] not in UEN_ENTITY_TYPES:
        return False
    return other_check_letter(uen[:9]) == uen[9]


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
SG_UEN = builtin_pattern_rule("SgUenRecognizer")
