"""Singapore passport numbers: `E` or `K` + seven digits + letter.

No check algorithm is public, so this is shape plus context only: the base score (0.1) sits
below the 0.3 reporting threshold and a context word nearby (passport, pp no, travel
document) must lift it.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from recognizers.boundaries import TOKEN_END, TOKEN_START
from recognizers.class_patterns import ClassPatternRecognizer


class SgPassportRecognizer(ClassPatternRecognizer):
    """Singapore passport numbers (`E1234567A`, `K1234567B`); context is required to report."""

    COUNTRY_CODE = "sg"
    BASE_SCORE = 0.1

    ENTITY = "SG_PASSPORT"
    CANDIDATE_PATTERNS = (r"[EK][0-9]{7}[A-Z]",)  # one-pass candidate: no look-arounds
    PATTERNS = [
        Pattern("SG passport (shape)", TOKEN_START + r"[EK][0-9]{7}[A-Z]" + TOKEN_END, BASE_SCORE),
    ]

    CONTEXT = [
        "passport",
        "passport no",
        "pp no",
        "pp#",
        "travel document",
        "travel doc",
    ]

    TRUE_SAMPLES = [
        "Passport No: E1234567A",
        "passport=K7654321B",
        "passport number (E0000001Z) expires 2030",
        'traveller {"passport": "e2345678c"}',
    ]
    FALSE_SAMPLES = [
        "E1234567A",
        "part K7654321B in stock",
        "passport XE1234567A",
        "passport E12345678A",
        "passport E1234567",
        "passport S1234567D",
    ]
