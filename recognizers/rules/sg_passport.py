"""Singapore passport rules: `E` or `K` + seven digits + letter.

No check algorithm is public, so this is shape plus context only: the base score (0.1) sits
below the 0.3 reporting threshold and a context word nearby (passport, pp no, travel
document) must lift it.
"""

from __future__ import annotations

from recognizers.boundaries import TOKEN_END, TOKEN_START
from recognizers.rules.base import PatternRule

PASSPORT_SCORE = 0.1

SG_PASSPORT = PatternRule(
    name="SgPassportRecognizer",
    entity="SG_PASSPORT",
    patterns=(
        ("SG passport (shape)", TOKEN_START + r"[EK][0-9]{7}[A-Z]" + TOKEN_END, PASSPORT_SCORE),
    ),
    context=("passport", "passport no", "pp no", "pp#", "travel document", "travel doc"),
    candidates=(r"[EK][0-9]{7}[A-Z]",),  # one-pass candidate: no look-arounds
)
