"""The data's-side corpus: deterministic, labels hold the planted values, scored by bench.score;
and the LogHub reference count's rules on examples of our own."""

from __future__ import annotations

import json
from pathlib import Path

import phonenumbers
import pytest

from bench.identifiers import is_valid_nric
from bench.loghub_truth import ip_scores, reference_spans
from bench.realistic import REALISTIC_TYPES, generate_realistic
from bench.realistic_bench import realistic_markdown
from bench.score import score


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("realistic") / "c"
    generate_realistic(out, scale=0.05)
    return out


def _labels(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in (corpus / "labels.jsonl").read_text().splitlines()]


def test_same_seed_same_bytes(corpus, tmp_path):
    again = tmp_path / "again"
    generate_realistic(again, scale=0.05)
    for row in json.loads((corpus / "manifest.json").read_text())["files"]:
        assert (corpus / row["path"]).read_bytes() == (again / row["path"]).read_bytes()


def test_labels_hold_the_planted_values(corpus):
    labels = _labels(corpus)
    assert {row["entity_type"] for row in labels} == set(REALISTIC_TYPES)
    for row in labels:
        text = (corpus / row["file"]).read_bytes().decode("utf-8")
        value = text[row["start"] : row["end"]]
        assert value == row["synthetic_value"]
        if row["entity_type"] == "PHONE_NUMBER":
            # SG dials abroad with 00X, so `0065 …` is the `+65` number written with an IDD.
            number = "+" + value[2:] if value.startswith("0065") else value
            assert phonenumbers.is_valid_number(phonenumbers.parse(number, "SG")), value
        if row["entity_type"] == "SG_NRIC_FIN":
            assert is_valid_nric(value)


def test_perfect_predictions_score_one_and_labels_of_every_format(corpus):
    labels = _labels(corpus)
    assert len({row["file"].split("/")[1] for row in labels}) >= 10
    result = score(
        [{**row, "path": row["file"]} for row in labels], corpus, entity_types=REALISTIC_TYPES
    )
    assert result.micro.precision == result.micro.recall == 1.0
    markdown = realistic_markdown(
        {
            "per_entity": {},
            "hard_negatives": {},
            "micro": {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0},
        }
    )
    assert "| micro | 1 | 0 | 0 | 1.000 | 1.000 | 1.000 |" in markdown


@pytest.mark.parametrize(
    ("line", "addresses"),
    [
        ("Old: node-7/10.20.30.40:8030 New", ["10.20.30.40"]),
        ("from 198.51.100.4 (host4.100.51.198.example.net)", ["198.51.100.4"]),
        ("dsl-static-004.100.51.198.example.net", []),
        ("ts 2005-06-03-15.42.50.675872 x", []),
        ("(wcp.dll version 0.0.0.6) Package~~6.1.1.0, bind 0.0.0.0:80", []),
        ("v6(en0:2001:db8:0:8:1:2:3:4) fe80::1%en0", ["2001:db8:0:8:1:2:3:4", "fe80::1"]),
        ("at 12:30:45 std::map", []),
    ],
)
def test_loghub_reference_rules(line, addresses):
    assert [line[a:b] for a, b in reference_spans(line)] == addresses


def test_ip_scores_counts_hits_misses_and_false_findings(tmp_path):
    (tmp_path / "a.log").write_bytes(b"x 10.1.2.3 y 10.1.2.4\r\nz 1.2.3\r\n")
    predictions = [
        {"path": "a.log", "entity_type": "IP_ADDRESS", "start": 2, "end": 10},
        {"path": "a.log", "entity_type": "IP_ADDRESS", "start": 25, "end": 30},
    ]
    ref = ip_scores(tmp_path, predictions)
    assert (ref["reference"], ref["tp"], ref["fp"], ref["fn"]) == (2, 1, 1, 1)
