"""CompanySuffixRecognizer: names before a legal-form suffix, spans, case and leading words."""

from __future__ import annotations

import inspect

import pytest

from recognizers.generic.organization import CompanySuffixRecognizer


@pytest.fixture(scope="module")
def rec() -> CompanySuffixRecognizer:
    return CompanySuffixRecognizer()


def _spans(rec: CompanySuffixRecognizer, text: str) -> list[str]:
    results = rec.analyze(text, entities=["ORGANIZATION"], nlp_artifacts=None)
    return sorted(text[r.start : r.end] for r in results)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("made with ESIGN SG HOLDING PTE. LTD. (the Company)", ["ESIGN SG HOLDING PTE. LTD."]),
        ("invoice from Acme Widgets Pte Ltd for", ["Acme Widgets Pte Ltd"]),
        ("The Acme Widgets Pte Ltd", ["Acme Widgets Pte Ltd"]),
        ("Between Acme Pte Ltd and Foo Bar LLP", ["Acme Pte Ltd", "Foo Bar LLP"]),
        ("ACME PTE LTD AND BETA LLP", ["ACME PTE LTD", "BETA LLP"]),
        ("Orchard Logistics (S) Pte. Ltd., agrees", ["Orchard Logistics (S) Pte. Ltd."]),
        (
            "Tata Consultancy Services Private Limited",
            ["Tata Consultancy Services Private Limited"],
        ),
        ("Kedai Runcit Sdn Bhd signed", ["Kedai Runcit Sdn Bhd"]),
        ("Bank of Singapore Limited", ["Bank of Singapore Limited"]),
        ("A&B Pte Ltd", ["A&B Pte Ltd"]),
        ("supplier Globex Corporation Inc.", ["Globex Corporation Inc."]),
        ("One Two Three Four Five Six Seven Pte Ltd", ["Two Three Four Five Six Seven Pte Ltd"]),
    ],
)
def test_company_names(rec, text, expected):
    assert _spans(rec, text) == sorted(expected)


def test_name_words_are_case_sensitive_and_no_caller_flag_changes_that(rec):
    """The rule compiles its own flags; ``analyze`` is Presidio's ``EntityRecognizer`` one,
    with no ``regex_flags`` through which a caller could make the name words case-blind."""
    assert rec.analyze("made by acme widgets pte ltd", entities=["ORGANIZATION"]) == []
    assert list(inspect.signature(rec.analyze).parameters) == [
        "text",
        "entities",
        "nlp_artifacts",
    ]


def test_offsets_are_global_in_long_text(rec):
    text = "x " * 500 + "Acme Widgets Pte Ltd " + "y" * 500 + " Foo LLP"
    results = sorted(rec.analyze(text, entities=["ORGANIZATION"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results] == ["Acme Widgets Pte Ltd", "Foo LLP"]
