"""Contract NER precision (scanner/detect/ner_precision.py): headings, defined terms and their later
uses, labels before a colon and abbreviations are not names; a company is found whole."""

from __future__ import annotations

import dataclasses

import pytest

from recognizers import default_recognizers
from scanner.detect.detector import Detector, load_spacy_ner
from scanner.detect.ner_precision import defined_terms, is_non_name
from scanner.detect.profiles import load_profiles
from scanner.model import Segment

PROFILES = load_profiles()

CONTRACT = """LEASE AGREEMENT

This Lease is made between Telok Ayer Legal LLP (the "Landlord") and
Boon Lay Precision Engineering Pte. Ltd. ("Lessee"), represented by Margaret Chen Li Hua.

1. DEFINITIONS

"Premises" means the unit at level 3. The Landlord shall keep the Premises dry. The Lessee
shall not store IP or NRIC data of visitors.

9. GOVERNING LAW AND JURISDICTION

This Lease is governed by the laws of Singapore.

Signer: Margaret Chen Li Hua
Witness: Harold Fitzgerald
Witness: NURUL HUDA BINTE RAHMAT
"""


@pytest.fixture(scope="module")
def contract_findings():
    profile = dataclasses.replace(PROFILES["contracts"])
    detector = Detector(
        profile, default_recognizers(), sub_profiles=PROFILES, nlp_loader=load_spacy_ner
    )
    found = detector.detect_segment(Segment(text=CONTRACT, path="lease.txt", kind="prose"))
    return {(d.entity_type, d.value) for d in found}


@pytest.mark.parametrize(
    "value",
    [
        "LEASE AGREEMENT",
        "DEFINITIONS",
        "GOVERNING LAW AND JURISDICTION",
        "JURISDICTION",
        "Landlord",
        "Lessee",
        "Premises",
        "Signer",
        "Witness",
        "IP",
        "NRIC",
        "Boon Lay Precision Engineering Pte",
    ],
)
def test_non_names_are_not_reported(contract_findings, value):
    assert not {
        (t, v) for t, v in contract_findings if v == value and t in ("PERSON", "ORGANIZATION")
    }


def test_names_and_whole_organisations_are_reported(contract_findings):
    assert ("ORGANIZATION", "Telok Ayer Legal LLP") in contract_findings
    assert ("ORGANIZATION", "Boon Lay Precision Engineering Pte. Ltd.") in contract_findings
    assert ("PERSON", "Margaret Chen Li Hua") in contract_findings
    assert ("PERSON", "Harold Fitzgerald") in contract_findings
    assert ("PERSON", "NURUL HUDA BINTE RAHMAT") in contract_findings
    assert not [v for t, v in contract_findings if t == "ORGANIZATION" and "RAHMAT" in v]


def test_defined_terms_are_read_from_the_text():
    text = 'between A (the "Buyer") and B ("Seller"). "Goods" means the items. (each a "Party")'
    assert defined_terms(text) == {"buyer", "seller", "goods", "party"}


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("1. DEFINITIONS\n", "DEFINITIONS", True),
        ("Signer: Tan Ah Kow", "Signer", True),
        ("any PDPA data", "PDPA", True),
        ("LIM SWEE HOCK\nDirector", "LIM SWEE HOCK", False),  # signature block name line
        ("Name: LIM SWEE HOCK", "LIM SWEE HOCK", False),
        ("signed by Tan Ah Kow.", "Tan Ah Kow", False),
    ],
)
def test_is_non_name(text, span, expected):
    start = text.index(span)
    assert is_non_name(text, start, start + len(span), frozenset()) is expected
