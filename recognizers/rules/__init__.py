"""piimap's detection rules without Presidio or spaCy (see ``recognizers.rules.base``).

``default_rules()`` gives the rules of ``recognizers.default_recognizers()`` in the same order:
the scanner runs these directly, and each Presidio recognizer class takes its patterns, context
words and validators from the same rule, so both give the same findings. Nothing here imports
``presidio_analyzer`` or ``spacy``; ``tests/recognizers/test_rules.py`` checks that.
"""

from __future__ import annotations

from recognizers.rules.base import PatternMatcher, PatternRule, Rule, SpanRule
from recognizers.rules.credit_card import CREDIT_CARD
from recognizers.rules.device_id import DEVICE_ID
from recognizers.rules.email import EMAIL
from recognizers.rules.geo_coordinate import GEO_COORDINATE
from recognizers.rules.ip_address import IP_ADDRESS
from recognizers.rules.log_names import LOG_NAMES
from recognizers.rules.organization import COMPANY
from recognizers.rules.sg_nric import NRIC_FIN, NRIC_PARTIAL
from recognizers.rules.sg_passport import SG_PASSPORT
from recognizers.rules.sg_phone import SG_PHONE
from recognizers.rules.sg_postal import SG_POSTAL
from recognizers.rules.sg_uen import SG_UEN

DEFAULT_RULES: tuple[Rule, ...] = (
    NRIC_FIN,
    NRIC_PARTIAL,
    SG_UEN,
    SG_PHONE,
    SG_POSTAL,
    SG_PASSPORT,
    EMAIL,
    IP_ADDRESS,
    DEVICE_ID,
    GEO_COORDINATE,
    CREDIT_CARD,
    COMPANY,
    LOG_NAMES,
)


def default_rules() -> list[Rule]:
    """The default recognizers' rules, in ``default_recognizers()`` order (rules are immutable,
    so the list may be shared across detectors)."""
    return list(DEFAULT_RULES)


__all__ = ["DEFAULT_RULES", "PatternMatcher", "PatternRule", "Rule", "SpanRule", "default_rules"]
