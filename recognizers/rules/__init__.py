"""piimap's detection rules without Presidio or spaCy (see ``recognizers.rules.base``).

Each rule's data (patterns, scores, context words, one-pass candidates) is in
``configs/builtin_recognizers.yaml`` and its code (checksums, numbering plans, span finders) in
the rules module the entry names; ``recognizers.rules.loader`` joins the two.
``default_rules()`` gives the rules of ``recognizers.default_recognizers()`` in the same order
(the YAML's): the scanner runs these directly, and each Presidio recognizer class takes its
patterns, context words and validators from the same rule, so both give the same findings.
Nothing here imports ``presidio_analyzer`` or ``spacy``; ``tests/recognizers/test_rules.py``
checks that.
"""

from __future__ import annotations

from recognizers.rules.base import PatternMatcher, PatternRule, Rule, SpanRule
from recognizers.rules.loader import builtin_rule, default_rule_names

DEFAULT_RULES: tuple[Rule, ...] = tuple(builtin_rule(name) for name in default_rule_names())


def default_rules() -> list[Rule]:
    """The default recognizers' rules, in ``default_recognizers()`` order (rules are immutable,
    so the list may be shared across detectors)."""
    return list(DEFAULT_RULES)


__all__ = ["DEFAULT_RULES", "PatternMatcher", "PatternRule", "Rule", "SpanRule", "default_rules"]
