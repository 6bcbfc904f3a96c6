"""Scoring rules on hand-made label sets, plus perfect predictions on a generated corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.generate import generate_corpus
from bench.score import format_score_table, main, read_predictions, score


def write_labels(root: Path, labels: list[dict], negatives: list[dict], files: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in labels), "utf-8")
    (root / "hard_negatives.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in negatives), "utf-8"
    )
    (root / "manifest.json").write_text(
        json.dumps({"files": [{"path": f} for f in files]}), "utf-8"
    )
    return root


def label(file: str, entity_type: str, start: int, end: int, variant: str = "") -> dict:
    return {
        "file": file,
        "entity_type": entity_type,
        "start": start,
        "end": end,
        "variant": variant,
        "synthetic_value": "x" * (end - start),
    }


def pred(file: str, entity_type: str, start: int, end: int) -> dict:
    return {"file": file, "entity_type": entity_type, "start": start, "end": end}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    labels = [
        label("a.log", "PHONE_NUMBER", 0, 8, "bare"),
        label("a.log", "PHONE_NUMBER", 20, 28, "plus65"),
        label("a.log", "EMAIL_ADDRESS", 40, 60, "field"),
        label("docs/b.pdf", "PERSON", 0, 10),
        label("docs/b.pdf", "PERSON", 50, 60),
    ]
    negatives = [
        {"file": "a.log", "kind": "counter_8digit", "start": 100, "end": 108},
        {"file": "a.log", "kind": "uuid", "start": 120, "end": 156},
        {"file": "docs/b.pdf", "kind": "clause_ip_shaped", "start": 30, "end": 38},
    ]
    return write_labels(tmp_path / "small", labels, negatives, ["a.log", "docs/b.pdf", "empty.txt"])


SMALL_PREDICTIONS = [
    pred("a.log", "PHONE_NUMBER", 2, 6),  # TP on the first phone
    pred("a.log", "PHONE_NUMBER", 3, 8),  # duplicate of the first phone
    pred("a.log", "PHONE_NUMBER", 30, 35),  # FP: touches nothing
    pred("a.log", "EMAIL_ADDRESS", 45, 50),  # TP
    pred("a.log", "CREDIT_CARD", 0, 8),  # FP, confused with PHONE_NUMBER
    pred("a.log", "DATE_TIME", 0, 5),  # other type: not scored
    {"path": "./docs/b.pdf", "entity_type": "PERSON", "start": 0, "end": 3},  # count file
    pred("docs/b.pdf", "PERSON", 900, 905),
    pred("docs/b.pdf", "PERSON", 1000, 1005),  # third PERSON in a file with two: one FP
    pred("elsewhere.log", "PHONE_NUMBER", 0, 8),  # outside the corpus
]


def test_hand_computed_precision_recall_f1(small: Path) -> None:
    result = score(SMALL_PREDICTIONS, small)
    phone = result.per_entity["PHONE_NUMBER"]
    assert (phone.tp, phone.fp, phone.fn) == (1, 1, 1)
    assert (phone.precision, phone.recall, phone.f1) == (0.5, 0.5, 0.5)
    email = result.per_entity["EMAIL_ADDRESS"]
    assert (email.tp, email.fp, email.fn, email.f1) == (1, 0, 0, 1.0)
    card = result.per_entity["CREDIT_CARD"]
    assert (card.tp, card.fp, card.fn, card.precision, card.recall, card.f1) == (
        0,
        1,
        0,
        0.0,
        0.0,
        0.0,
    )
    person = result.per_entity["PERSON"]
    assert (person.tp, person.fp, person.fn) == (2, 1, 0)
    assert person.precision == pytest.approx(2 / 3)
    assert person.f1 == pytest.approx(0.8)
    micro = result.micro
    assert (micro.tp, micro.fp, micro.fn) == (4, 3, 1)
    assert micro.precision == pytest.approx(4 / 7)
    assert micro.recall == pytest.approx(4 / 5)
    assert micro.f1 == pytest.approx(2 / 3)
    assert result.duplicates == 1
    assert result.unscored_predictions == 1
    assert result.other_types == {"DATE_TIME": 1}
    assert result.confusions == {("CREDIT_CARD", "PHONE_NUMBER"): 1}
    assert result.count_files == ("docs/b.pdf",)
    assert set(result.per_entity) == {"PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "PERSON"}


def test_recall_by_variant_covers_span_files(small: Path) -> None:
    result = score(SMALL_PREDICTIONS, small)
    assert result.recall_by_variant == {
        ("EMAIL_ADDRESS", "field"): (1, 1),
        ("PHONE_NUMBER", "bare"): (1, 1),
        ("PHONE_NUMBER", "plus65"): (0, 1),
    }


def test_hard_negative_hits_by_kind(small: Path) -> None:
    predictions = [
        pred("a.log", "PHONE_NUMBER", 100, 108),
        pred("a.log", "PHONE_NUMBER", 101, 108),  # a second recognizer on the same counter
        pred("a.log", "DATE_TIME", 120, 130),  # other types never count as hits
        pred("docs/b.pdf", "IP_ADDRESS", 30, 38),  # count files: negatives not scored
    ]
    result = score(predictions, small)
    counter = result.hard_negatives["counter_8digit"]
    assert (counter.total, counter.hit, counter.predictions) == (1, 1, 2)
    assert result.hard_negatives["uuid"].hit == 0
    assert "clause_ip_shaped" not in result.hard_negatives
    assert result.per_entity["PHONE_NUMBER"].fp == 2
    assert result.per_entity["IP_ADDRESS"].fp == 1


def test_a_prediction_spanning_two_labels_matches_one(tmp_path: Path) -> None:
    root = write_labels(
        tmp_path / "two",
        [label("n.txt", "PERSON", 0, 5), label("n.txt", "PERSON", 6, 11)],
        [],
        ["n.txt"],
    )
    result = score([pred("n.txt", "PERSON", 0, 11)], root)
    person = result.per_entity["PERSON"]
    assert (person.tp, person.fp, person.fn) == (1, 0, 1)
    result = score([pred("n.txt", "PERSON", 0, 11), pred("n.txt", "PERSON", 7, 9)], root)
    assert result.per_entity["PERSON"].tp == 2


def test_touching_spans_do_not_overlap(tmp_path: Path) -> None:
    root = write_labels(tmp_path / "touch", [label("t.log", "IP_ADDRESS", 10, 20)], [], ["t.log"])
    result = score([pred("t.log", "IP_ADDRESS", 0, 10), pred("t.log", "IP_ADDRESS", 20, 25)], root)
    ip = result.per_entity["IP_ADDRESS"]
    assert (ip.tp, ip.fp, ip.fn) == (0, 2, 1)


def test_count_mode_compares_counts_everywhere(small: Path) -> None:
    result = score(SMALL_PREDICTIONS, small, match="count")
    phone = result.per_entity["PHONE_NUMBER"]
    assert (phone.tp, phone.fp, phone.fn) == (2, 1, 0)  # 3 predicted, 2 labeled in a.log
    assert result.duplicates == 0
    assert result.recall_by_variant == {}
    with pytest.raises(ValueError, match="match"):
        score([], small, match="exact")


def test_path_prefix_maps_a_scan_of_a_subfolder(tmp_path: Path) -> None:
    root = write_labels(tmp_path / "p", [label("logs/x.log", "SG_UEN", 0, 9)], [], ["logs/x.log"])
    assert score([pred("x.log", "SG_UEN", 0, 9)], root).micro.tp == 0
    assert score([pred("x.log", "SG_UEN", 0, 9)], root, path_prefix="logs").micro.tp == 1


def test_no_predictions_give_zero_recall(small: Path) -> None:
    result = score([], small)
    assert result.micro.tp == 0 and result.micro.fn == 5
    assert (result.micro.precision, result.micro.recall, result.micro.f1) == (0.0, 0.0, 0.0)


def test_format_score_table_lists_every_section(small: Path) -> None:
    table = format_score_table(score(SMALL_PREDICTIONS, small))
    phone_row = next(line for line in table.splitlines() if line.startswith("PHONE_NUMBER "))
    assert phone_row.split() == ["PHONE_NUMBER", "1", "1", "1", "0.500", "0.500", "0.500"]
    micro_row = next(line for line in table.splitlines() if line.startswith("micro "))
    assert micro_row.split() == ["micro", "4", "3", "1", "0.571", "0.800", "0.667"]
    assert "CREDIT_CARD -> PHONE_NUMBER: 1" in table
    assert "DATE_TIME=1" in table
    assert "PHONE_NUMBER/plus65" in table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("score-corpus") / "c"
    generate_corpus(out, seed=11, scale=0.01)
    return out


def test_perfect_predictions_score_one(corpus: Path) -> None:
    labels = list(read_predictions(corpus / "labels.jsonl"))
    findings = [
        {
            "path": row["file"],
            "entity_type": row["entity_type"],
            "start": row["start"],
            "end": row["end"],
        }
        for row in labels
    ]
    result = score(findings, corpus)
    assert result.micro.tp == len(labels)
    assert (result.micro.precision, result.micro.recall, result.micro.f1) == (1.0, 1.0, 1.0)
    assert all(e.f1 == 1.0 for e in result.per_entity.values())
    assert all(n.hit == 0 for n in result.hard_negatives.values())
    assert result.hard_negatives and result.count_files


def test_predicting_every_hard_negative_is_all_false_positives(corpus: Path) -> None:
    negatives = list(read_predictions(corpus / "hard_negatives.jsonl"))
    predictions = [pred(n["file"], "SG_NRIC_FIN", n["start"], n["end"]) for n in negatives]
    result = score(predictions, corpus)
    spans = [n for n in negatives if not n["file"].endswith(".pdf")]
    assert result.per_entity["SG_NRIC_FIN"].tp <= len(negatives) - len(spans)
    assert sum(n.hit for n in result.hard_negatives.values()) == len(spans)


def test_cli_scores_a_jsonl_file(small: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text("".join(json.dumps(p) + "\n" for p in SMALL_PREDICTIONS), "utf-8")
    result = CliRunner().invoke(main, [str(small), str(predictions)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "0.571" in result.output
