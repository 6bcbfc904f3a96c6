"""Detection rules without Presidio: what a recognizer family matches, checks and scores.

A rule holds the parts of a recognizer that decide its findings: candidate patterns for the
one-pass scan, full patterns with scores, ``validate``/``invalidate`` checks (checksums,
numbering plans), a cheap pre-check, a post-filter, context words. The Presidio recognizer
classes in ``recognizers/`` take their patterns, context and validators from these rules, so a
scanner that runs a rule directly and Presidio's ``analyze`` agree by construction, while the
scanner (the ``logs`` profile, ``piimap check``) needs neither ``presidio_analyzer`` nor spaCy
(importing them costs ~1.5 s of start-up).

Two kinds:

- ``PatternRule``: Presidio's ``PatternRecognizer`` semantics. A match scores its pattern's
  score; ``validate`` True lifts it to 1.0, False drops it, None keeps the score;
  ``invalidate`` True drops it; spans are de-duplicated as Presidio's ``remove_duplicates``
  does (``recognizers.spans``). ``PatternMatcher`` runs one.
- ``SpanRule``: a recognizer whose ``analyze`` is its own code (phone numbers, names in log
  messages, company names): ``spans(text)`` gives ``(start, end, score, metadata)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import regex

from recognizers.spans import remove_duplicate_spans

# Presidio's PatternRecognizer default ``global_regex_flags`` (the values match `re`'s).
PRESIDIO_REGEX_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
MAX_SCORE = 1.0  # Presidio's EntityRecognizer.MAX_SCORE: what a passing validator gives

Span = tuple[int, int, float]
ScoredSpan = tuple[int, int, float, dict[str, Any]]
Window = tuple[int, int]


@dataclass(frozen=True)
class Samples:
    """Texts a recognizer must find something in (``match``) and must find nothing in
    (``no_match``), kept with its rule as gitleaks keeps true/false positives with each rule;
    tests/recognizers/test_samples.py runs them through a real ``AnalyzerEngine``."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatternRule:
    """A pattern recognizer's rules; ``name`` is the recognizer name findings carry."""

    name: str
    entity: str
    patterns: tuple[tuple[str, str, float], ...]  # (pattern name, regex, score)
    context: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # Hyperscan-compatible (scanner/detect/candidates.py)
    validate: Callable[[str], bool | None] | None = None
    invalidate: Callable[[str], bool] | None = None
    precheck: Callable[[str], bool] | None = None  # False: no pattern can match the text
    # (text, de-duplicated spans) -> [(start, end, score, metadata)]: what the recognizer's
    # ``analyze`` does after its patterns.
    postfilter: Callable[[str, list[Span]], list[ScoredSpan]] | None = None
    flags: int = PRESIDIO_REGEX_FLAGS
    samples: Samples = Samples()


# ``(text, sorted candidate end offsets plus every non-ASCII character's end) -> spans``: a span
# rule's search limited to its one-pass candidates, giving the same spans as ``spans(text)``
# (the rule module says why). The scanner uses it instead of running ``spans`` over every line
# that holds a candidate.
CandidateSpans = Callable[[str, list[int]], list[ScoredSpan]]


@dataclass(frozen=True)
class SpanRule:
    """A recognizer with its own matching code: ``spans(text)`` is the whole of its analyze."""

    name: str
    entity: str
    spans: Callable[[str], list[ScoredSpan]]
    context: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    samples: Samples = Samples()
    spans_at: CandidateSpans | None = None  # the search at candidates, when the rule has one


Rule = PatternRule | SpanRule


class PatternMatcher:
    """Runs a ``PatternRule`` (or a Presidio ``PatternRecognizer``'s parts) without per-match
    result objects (explanations, timestamps), which cost more than the regex itself."""

    def __init__(
        self,
        entity: str,
        compiled: Sequence[tuple[Any, float]],
        *,
        validate: Callable[[str], bool | None] | None = None,
        invalidate: Callable[[str], bool] | None = None,
        precheck: Callable[[str], bool] | None = None,
        postfilter: Callable[[str, list[Span]], list[ScoredSpan]] | None = None,
    ) -> None:
        self.entity_type = entity
        self.compiled = list(compiled)
        self.validate = validate
        self.invalidate = invalidate
        self.precheck = precheck
        self.postfilter = postfilter
        # One pattern's finditer never yields overlapping spans: nothing to de-duplicate.
        self.dedupe = len(self.compiled) > 1

    @classmethod
    def for_rule(cls, rule: PatternRule) -> PatternMatcher:
        """The rule's patterns compiled with ``regex`` (Presidio's engine, so matches agree)."""
        return cls(
            rule.entity,
            compiled_patterns(rule),
            validate=rule.validate,
            invalidate=rule.invalidate,
            precheck=rule.precheck,
            postfilter=rule.postfilter,
        )

    def matches(
        self, text: str, windows: Sequence[Window] | None = None
    ) -> list[tuple[str, int, int, float, dict[str, Any]]]:
        """Matches in ``text``, searched only inside ``windows`` (whole lines, so look-arounds
        see the same characters as in a search of the whole text); None searches everything."""
        if self.precheck is not None and not self.precheck(text):
            return []
        spans = []
        validate, invalidate, entity_type = self.validate, self.invalidate, self.entity_type
        bounds = windows if windows is not None else ((0, len(text)),)
        for (compiled, base), (lo, hi) in product(self.compiled, bounds):
            for m in compiled.finditer(text, lo, hi):
                start, end = m.span()
                if start == end:
                    continue
                score = base
                if validate is not None or invalidate is not None:
                    value = m.group()
                    if validate is not None:
                        valid = validate(value)
                        if valid is not None:
                            score = MAX_SCORE if valid else 0.0
                    if invalidate is not None and invalidate(value):
                        score = 0.0
                if score > 0.0:
                    spans.append((start, end, score))
        if self.dedupe and spans:
            spans = remove_duplicate_spans(spans)
        if self.postfilter is not None:
            return [
                (entity_type, start, end, score, meta)
                for start, end, score, meta in self.postfilter(text, spans)
            ]
        return [(entity_type, start, end, score, {}) for start, end, score in spans]


_COMPILED: dict[tuple[str, int], Any] = {}


def compiled_patterns(rule: PatternRule) -> list[tuple[Any, float]]:
    """``(compiled regex, score)`` per pattern; compiled once per process."""
    out = []
    for _, pattern, score in rule.patterns:
        key = (pattern, rule.flags)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = regex.compile(pattern, rule.flags)
        out.append((compiled, score))
    return out


__all__ = [
    "CandidateSpans",
    "MAX_SCORE",
    "PRESIDIO_REGEX_FLAGS",
    "PatternMatcher",
    "PatternRule",
    "Rule",
    "Samples",
    "ScoredSpan",
    "Span",
    "SpanRule",
    "compiled_patterns",
]
