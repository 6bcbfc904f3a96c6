"""Singapore passport rules: `E` or `K` + seven digits + letter.

No check algorithm is public, so this is shape plus context only: the base score (0.1) sits
below the 0.3 reporting threshold and a context word nearby (passport, pp no, travel
document) must lift it.
"""

from __future__ import annotations

from recognizers.rules.loader import builtin_pattern_rule

# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
SG_PASSPORT = builtin_pattern_rule("SgPassportRecognizer")
PASSPORT_SCORE = SG_PASSPORT.patterns[0][2]
