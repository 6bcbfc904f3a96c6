"""A ``ClassPatternRecognizer`` that names its ``RULE`` is built from that rule: what the rule
leaves out stays Presidio's (the detector's fast path tells overridden checks by identity), and
a method the class writes itself wins."""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.base import PatternMatcher, PatternRule, Samples, ScoredSpan

TICKET = PatternRule(
    name="TicketRecognizer",
    entity="TICKET_ID",
    patterns=(("ticket", r"\bTK-\d{4}\b", 0.4),),
    context=("ticket",),
    candidates=(r"TK-\d{4}",),
    invalidate=lambda value: value.endswith("0000"),
    precheck=lambda text: "TK-" in text,
    samples=Samples(match=("ticket TK-1234",), no_match=("ticket TK-0000", "TK-12345")),
)


class TicketRecognizer(ClassPatternRecognizer):
    RULE = TICKET


class StrictTicketRecognizer(ClassPatternRecognizer):
    RULE = TICKET

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text.endswith("9")


def test_class_constants_and_checks_come_from_the_rule() -> None:
    rec = TicketRecognizer()
    assert rec.supported_entities == ["TICKET_ID"]
    assert [(p.name, p.regex, p.score) for p in rec.patterns] == list(TICKET.patterns)
    assert rec.context == ["ticket"]
    assert TicketRecognizer.CANDIDATE_PATTERNS == TICKET.candidates
    assert TicketRecognizer.TRUE_SAMPLES == ["ticket TK-1234"]
    assert TicketRecognizer.FALSE_SAMPLES == ["ticket TK-0000", "TK-12345"]
    found = rec.analyze("TK-1234 TK-0000 TK-5678", ["TICKET_ID"])
    assert [(r.start, r.end, r.score) for r in found] == [(0, 7, 0.4), (16, 23, 0.4)]
    # The rule's pre-check (case-sensitive) skips text the case-blind pattern would match.
    assert len(PatternRecognizer.analyze(rec, "tk-1234", ["TICKET_ID"])) == 1
    assert rec.analyze("tk-1234", ["TICKET_ID"]) == []


def test_checks_the_rule_lacks_stay_presidios() -> None:
    assert TicketRecognizer.validate_result is PatternRecognizer.validate_result
    assert TicketRecognizer.invalidate_result is not PatternRecognizer.invalidate_result


def test_a_method_the_class_writes_wins_over_the_rule() -> None:
    found = StrictTicketRecognizer().analyze("TK-0000 TK-1239", ["TICKET_ID"])
    assert [(r.start, r.end) for r in found] == [(0, 7)]


def test_a_class_without_a_rule_keeps_its_own_constants() -> None:
    class Plain(ClassPatternRecognizer):
        ENTITY = "PLAIN"
        PATTERNS = []
        CONTEXT = ["plain"]

    assert Plain.RULE is None
    assert "CANDIDATE_PATTERNS" not in vars(Plain)


def _tag_and_add(text: str, spans: list[tuple[int, int, float]]) -> list[ScoredSpan]:
    """A post-filter that drops, tags and adds spans, as the IP address rule does."""
    kept: list[ScoredSpan] = [
        (start, end, score, {"kind": "ticket"})
        for start, end, score in spans
        if not text[start:end].endswith("1")
    ]
    legacy = [
        (m.start(), m.end(), 0.7, {"kind": "legacy"}) for m in re.finditer(r"OLD-\d{3}", text)
    ]
    return kept + legacy


FILTERED = PatternRule(
    name="FilteredTicketRecognizer",
    entity="TICKET_ID",
    patterns=TICKET.patterns,
    candidates=TICKET.candidates,
    precheck=lambda text: "-" in text,
    postfilter=_tag_and_add,
)


class FilteredTicketRecognizer(ClassPatternRecognizer):
    RULE = FILTERED
    ADDED_SPAN_PATTERN = ("legacy", r"OLD-\d{3}")


def test_analyze_applies_the_rules_post_filter_as_the_scanner_does() -> None:
    text = "TK-1234 TK-5671 OLD-123"
    found = FilteredTicketRecognizer().analyze(text, ["TICKET_ID"])
    got = [(r.start, r.end, r.score, r.recognition_metadata["kind"]) for r in found]
    assert got == [(0, 7, 0.4, "ticket"), (16, 23, 0.7, "legacy")]
    # The scanner runs the rule itself and finds the same.
    scanned = PatternMatcher.for_rule(FILTERED).matches(text)
    assert [(s, e, score, meta["kind"]) for _, s, e, score, meta in scanned] == got
    # A span the filter adds is a result like Presidio's own, explained by ADDED_SPAN_PATTERN.
    added = found[1]
    assert added.recognition_metadata["recognizer_name"] == "FilteredTicketRecognizer"
    assert (added.analysis_explanation.pattern_name, added.analysis_explanation.pattern) == (
        "legacy",
        r"OLD-\d{3}",
    )
    assert FilteredTicketRecognizer().analyze("TK1234 OLD123", ["TICKET_ID"]) == []


def test_every_builtin_keeps_its_fast_path() -> None:
    """Each default recognizer is run by the detector's pattern matcher or its spans hook,
    never by Presidio's ``analyze`` on the one-pass path."""
    from recognizers import default_recognizers
    from scanner.detect.detector import _FastPatterns, _spans_hook

    for rec in default_recognizers():
        paths = (_FastPatterns.for_recognizer(rec) is not None, _spans_hook(rec) is not None)
        assert paths in ((True, False), (False, True)), rec.name
