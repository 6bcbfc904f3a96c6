"""Rules for NRIC/FIN numbers that OCR misread by one common confusion (O/0, I/1, S/5, B/8).

Tesseract reads ``G0098206M`` as ``GO098206M`` often enough to lose scanned identity numbers.
The checksum rescues such a value only when exactly one single-character swap among those pairs
makes it valid (two or more candidates: ambiguous, nothing reported). The result carries a
lower score than a clean match and says ``ocr-slip`` in its recognizer name, with the corrected
value in ``recognition_metadata["corrected"]``. Meant for OCR text only: the scanner runs it
on OCR'd pages, not on logs or text layers.
"""

from __future__ import annotations

import re

from recognizers.rules.base import ScoredSpan
from recognizers.rules.loader import builtin_span_rule
from recognizers.rules.sg_nric import NRIC_OFFSETS, is_valid_nric

# Confusable pairs, both ways: what OCR printed -> what the document may say.
_TO_DIGIT = {"O": "0", "I": "1", "S": "5", "B": "8"}
_TO_LETTER = {digit: letter for letter, digit in _TO_DIGIT.items()}
_PREFIXES = "".join(NRIC_OFFSETS)
# Prefix: an NRIC letter or a digit it can be confused with; 7 digits or look-alike letters;
# a check letter or a look-alike digit.
_CANDIDATE = re.compile(rf"(?<!\w)[{_PREFIXES}5][0-9OISB]{{7}}[A-Z0158](?!\w)", re.IGNORECASE)
SLIP_SCORE = 0.6


def slip_corrections(token: str) -> list[str]:
    """Every valid NRIC/FIN one confusable-character swap away from ``token``."""
    token = token.upper()
    if is_valid_nric(token):
        return []
    found = []
    for i, char in enumerate(token):
        if i in (0, 8):
            swap = _TO_LETTER.get(char)
        else:
            swap = _TO_DIGIT.get(char)
        if swap is None:
            continue
        candidate = token[:i] + swap + token[i + 1 :]
        if _shape_ok(candidate) and is_valid_nric(candidate) and candidate[1:8] != "0000000":
            found.append(candidate)
    return found


def _shape_ok(value: str) -> bool:
    return value[0] in _PREFIXES and value[1:8].isdigit() and value[8].isalpha()


def slip_spans(text: str) -> list[ScoredSpan]:
    """``(start, end, SLIP_SCORE, {"corrected": value})`` for each token that exactly one
    confusable swap turns into a valid NRIC/FIN."""
    found = []
    for match in _CANDIDATE.finditer(text):
        corrections = slip_corrections(match.group())
        if len(corrections) == 1:
            found.append((match.start(), match.end(), SLIP_SCORE, {"corrected": corrections[0]}))
    return found


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
OCR_SLIP = builtin_span_rule("SgNricFinRecognizer (ocr-slip)")
