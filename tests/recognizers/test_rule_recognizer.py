"""A ``ClassPatternRecognizer`` that names its ``RULE`` is built from that rule: what the rule
leaves out stays Presidio's (the detector's fast path tells overridden checks by identity), and
a method the class writes itself wins."""

from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from recognizers.class_patterns import ClassPatternRecognizer
from recognizers.rules.base import PatternRule

TICKET = PatternRule(
    name="TicketRecognizer",
    entity="TICKET_ID",
    patterns=(("ticket", r"\bTK-\d{4}\b", 0.4),),
    context=("ticket",),
    candidates=(r"TK-\d{4}",),
    invalidate=lambda value: value.endswith("0000"),
    precheck=lambda text: "TK-" in text,
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
