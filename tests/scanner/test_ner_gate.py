"""The NER gate (``scanner.detect.ner_gate``): spaCy reads only clauses that can hold a name, and
what it finds in contracts is the same as when it read every line that could hold one."""

from __future__ import annotations

import random

import pytest

import scanner.detect.detector as detect
from bench.generate import Pools, _build_contract
from recognizers import default_recognizers
from scanner.detect.detector import Detector, load_spacy_ner
from scanner.detect.ner_gate import clause_spans, may_hold_name, ner_spans
from scanner.detect.profiles import load_profiles
from scanner.model import Segment

TERMS = frozenset({"company", "agreement", "singapore"})


def _gated(line: str, terms: frozenset[str] = TERMS, taken=()) -> list[str]:
    return [line[a:b] for a, b in ner_spans(line, iter([(0, len(line))]), terms, taken)]


def test_clauses_break_at_commas_semicolons_and_brackets():
    line = "and Tan Wei Ming (NRIC S1234567D), of Blk 5; Singapore"
    assert [line[a:b] for a, b in clause_spans(line)] == [
        "and Tan Wei Ming",
        "NRIC S1234567D",
        "of Blk 5",
        "Singapore",
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Date: 20 May 2024", False),  # a month in a date
        ("due on May 3, 2024", False),
        ("ask May Tan", True),  # May as a name
        ("NRIC S1234567D", False),  # abbreviation
        ("Invoice No. 12345", False),  # sentence start, label
        ("3.1 Notices", False),  # first word of a numbered clause
        ("the Company", False),  # a defined term
        ('the "Counterparty"', False),
        ("attention Chia Hui Min", True),
        ("of Blk 108 Bedok North Road", True),  # a place: LOCATION is NER's too
        ("GOVERNING LAW", False),  # heading
        ("email chia@example.com", False),
    ],
)
def test_a_clause_is_read_only_when_a_word_could_start_a_name(clause, expected):
    line = f'{clause}, y (the "Counterparty")'  # the clause starts its line
    terms = TERMS | {"counterparty"}
    assert may_hold_name(line, (0, len(clause)), terms) is expected


def test_a_passing_clause_takes_its_neighbours_along():
    line = "3.1 Notices to the Company: attention Chia Hui Min, email c@x.sg, tel 6123 4567."
    assert _gated(line) == ["3.1 Notices to the Company: attention Chia Hui Min, email c@x.sg"]


def test_contract_defined_terms_and_found_names_are_no_evidence():
    text = 'Acme Pte. Ltd. (the "Lessor") and the Lessor shall pay, and so on'
    assert _gated(text, frozenset()) == ['Acme Pte. Ltd. (the "Lessor"']
    # The company is already found by its legal suffix: nothing left for NER.
    assert _gated(text, frozenset(), taken=[(0, 14)]) == []


def _contracts(count: int) -> list[str]:
    pools = Pools(random.Random("7:pools"))
    return [
        _build_contract(f"c{i}.txt", random.Random(f"gate:{i}"), pools, latin1_only=False).text()
        for i in range(count)
    ]


def test_clause_gate_finds_what_the_whole_line_gate_found(monkeypatch):
    """PERSON, ORGANIZATION and LOCATION findings on generated contracts are identical with
    the clause gate and with NER over every line that can hold a name (the gate before it)."""
    recognizers = default_recognizers()
    profiles = load_profiles()
    texts = _contracts(12)

    def findings() -> list[set]:
        det = Detector(
            profiles["contracts"], recognizers, sub_profiles=profiles, nlp_loader=load_spacy_ner
        )
        return [
            {
                (d.entity_type, d.start, d.end, d.value)
                for d in det.detect_segment(Segment(text=t, path="c.txt", kind="prose"))
                if d.entity_type in ("PERSON", "ORGANIZATION", "LOCATION")
            }
            for t in texts
        ]

    gated = findings()

    def whole_lines(text, lines, terms, taken=()):
        return [(a, b) for a, b in lines if detect._may_hold_name(text[a:b])]

    monkeypatch.setattr(detect, "ner_spans", whole_lines)
    assert gated == findings()
    assert sum(len(f) for f in gated) > 3 * len(texts)  # names were found at all
