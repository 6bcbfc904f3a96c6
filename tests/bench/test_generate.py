"""The benchmark corpus: deterministic, labels hold the planted values, negatives are invalid."""

from __future__ import annotations

import gzip
import ipaddress
import json
import re
import uuid
from collections import defaultdict
from pathlib import Path

import phonenumbers
import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader
from stdnum.sg import uen as stdnum_uen

from bench import identifiers as ids
from bench.generate import (
    ENTITY_TYPES,
    HARD_NEGATIVE_KINDS,
    HARD_NEGATIVES_FILE,
    LABELS_FILE,
    MANIFEST_FILE,
    generate_corpus,
    main,
)

SCALE = 0.01


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "c"
    generate_corpus(out, seed=7, scale=SCALE)
    return out


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def extracted_text(corpus: Path, rel: str) -> str:
    """The extracted-text convention documented in bench.generate."""
    path = corpus / rel
    if rel.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    if rel.endswith(".docx"):
        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def texts(corpus: Path) -> dict[str, str]:
    manifest = json.loads((corpus / MANIFEST_FILE).read_text("utf-8"))
    return {
        f["path"]: extracted_text(corpus, f["path"])
        for f in manifest["files"]
        if not f["path"].endswith(".pdf")
    }


@pytest.fixture(scope="module")
def labels(corpus: Path) -> list[dict]:
    return read_jsonl(corpus / LABELS_FILE)


@pytest.fixture(scope="module")
def negatives(corpus: Path) -> list[dict]:
    return read_jsonl(corpus / HARD_NEGATIVES_FILE)


def corpus_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_byte_identical_corpus(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_corpus(again, seed=7, scale=SCALE)
    first, second = corpus_bytes(corpus), corpus_bytes(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    assert any(name.endswith(".docx") for name in first)
    assert any(name.endswith(".pdf") for name in first)
    assert any(name.endswith(".gz") for name in first)


def test_another_seed_gives_other_values(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate_corpus(other, seed=8, scale=SCALE)
    assert (other / LABELS_FILE).read_bytes() != (corpus / LABELS_FILE).read_bytes()
    assert json.loads((other / MANIFEST_FILE).read_text("utf-8"))["seed"] == 8


def test_every_label_span_holds_its_planted_value(
    labels: list[dict], texts: dict[str, str]
) -> None:
    checked = 0
    for row in labels:
        if row["file"] in texts:
            assert texts[row["file"]][row["start"] : row["end"]] == row["synthetic_value"], row
            checked += 1
    assert checked > 1000
    assert {Path(f).suffix for f in texts} >= {".log", ".gz", ".jsonl", ".txt", ".docx"}


def test_pdf_text_contains_every_labeled_value(corpus: Path, labels: list[dict]) -> None:
    by_file: dict[str, list[str]] = defaultdict(list)
    for row in labels:
        if row["file"].endswith(".pdf"):
            by_file[row["file"]].append(row["synthetic_value"])
    assert by_file
    for rel, values in by_file.items():
        pages = PdfReader(str(corpus / rel)).pages
        squashed = "".join("".join(page.extract_text().split()) for page in pages)
        for value in values:
            assert "".join(value.split()) in squashed, (rel, value)


def test_json_lines_parse_and_values_sit_inside_string_literals(
    labels: list[dict], texts: dict[str, str]
) -> None:
    for rel in ("logs/app/app.log", "logs/app/events.jsonl"):
        for line in texts[rel].splitlines():
            json.loads(line)
    row = next(
        r for r in labels if r["file"] == "logs/app/app.log" and r["entity_type"] == "SG_NRIC_FIN"
    )
    text = texts[row["file"]]
    assert text[row["start"] - 1] == '"' and text[row["end"]] == '"'


def test_non_ascii_text_precedes_planted_values_on_the_same_line(
    labels: list[dict], texts: dict[str, str]
) -> None:
    """Byte offsets and code-point offsets must disagree for many labels."""
    shifted = 0
    for row in labels:
        text = texts.get(row["file"])
        if text is None:
            continue
        line_start = text.rfind("\n", 0, row["start"]) + 1
        before = text[line_start : row["start"]]
        if len(before.encode("utf-8")) != len(before):
            shifted += 1
    assert shifted > 50


def _phone_is_valid(value: str, variant: str) -> bool:
    if variant == "foreign":
        parsed = phonenumbers.parse(value)
        return (
            phonenumbers.is_valid_number(parsed)
            and phonenumbers.region_code_for_number(parsed) != "SG"
        )
    digits = re.sub(r"\D", "", value)
    if variant in ("0065",):
        digits = digits[4:]
    elif variant in ("plus65", "plus65_compact", "paren65", "65_prefix"):
        digits = digits[2:]
    parsed = phonenumbers.parse(digits, "SG")
    return (
        phonenumbers.is_valid_number(parsed) and phonenumbers.region_code_for_number(parsed) == "SG"
    )


def test_planted_values_are_valid_for_their_type(labels: list[dict]) -> None:
    for row in labels:
        value, kind, variant = row["synthetic_value"], row["entity_type"], row["variant"]
        if kind == "SG_NRIC_FIN":
            assert ids.is_valid_nric(value), row
            if variant == "M_r8":
                assert value.endswith("J") and ids.nric_remainder("M", value[1:8]) == 8
        elif kind == "SG_UEN":
            assert ids.is_valid_uen(value) and stdnum_uen.is_valid(value), row
        elif kind == "PHONE_NUMBER":
            assert _phone_is_valid(value, variant), row
        elif kind == "CREDIT_CARD":
            digits = re.sub(r"\D", "", value)
            assert len(digits) in (15, 16) and ids.luhn_ok(digits), row
        elif kind == "DEVICE_ID" and variant == "imei":
            assert len(value) == 15 and ids.luhn_ok(value), row
        elif kind == "DEVICE_ID":
            assert re.fullmatch(r"([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}", value), row
        elif kind == "IP_ADDRESS":
            address = ipaddress.ip_address(value)
            assert address.is_private == (variant == "private_v4"), row
        elif kind == "EMAIL_ADDRESS":
            assert re.fullmatch(r"[a-z0-9.]+(@|%40)[a-z0-9.-]+\.[a-z]+", value), row
        elif kind == "SG_POSTAL_CODE":
            assert len(value) == 6 and value[:2] in ids.POSTAL_SECTORS, row


def test_hard_negatives_are_invalid_and_unlabeled(
    negatives: list[dict], labels: list[dict], texts: dict[str, str]
) -> None:
    labeled = defaultdict(list)
    for row in labels:
        labeled[row["file"]].append((row["start"], row["end"]))
    seen = set()
    for row in negatives:
        text = texts.get(row["file"])
        if text is None:
            continue
        value, kind = text[row["start"] : row["end"]], row["kind"]
        seen.add(kind)
        assert not any(s < row["end"] and row["start"] < e for s, e in labeled[row["file"]])
        if kind == "nric_bad_check":
            assert re.fullmatch(r"[STFGM]\d{7}[A-Z]", value) and not ids.is_valid_nric(value)
        elif kind == "fin_m_fg_table":
            assert re.fullmatch(r"M\d{7}M", value) and not ids.is_valid_nric(value)
            assert ids.nric_remainder("M", value[1:8]) == 8  # the F/G table's letter at r=8
        elif kind == "uen_bad_check":
            assert not ids.is_valid_uen(value) and not stdnum_uen.is_valid(value), value
            assert re.fullmatch(r"\d{9}[A-Z]|\d{8}[A-Z]|[RST]\d\d[A-Z]{2}\d{4}[A-Z]", value)
        elif kind in ("version_ip_shaped", "clause_ip_shaped"):
            assert re.fullmatch(r"v?\d+\.\d+\.\d+\.\d+", value), value
        elif kind == "counter_8digit":
            assert phonenumbers.is_valid_number(phonenumbers.parse(value, "SG")), value
            before = text[max(0, row["start"] - 30) : row["start"]].lower()
            assert not re.search(r"phone|tel|mobile|call|sms|otp", before), before
        elif kind == "amount_8digit":
            assert re.fullmatch(r"\d{8}\.00", value)
            assert text[: row["start"]].endswith('"amount": ')
        elif kind == "epoch_millis":
            assert 1_717_171_200_000 <= int(value) < 1_717_171_200_000 + 31 * 86_400_000
        elif kind == "uuid":
            assert str(uuid.UUID(value)) == value
        elif kind == "sha256":
            assert re.fullmatch(r"[0-9a-f]{64}", value)
        elif kind == "luhn_fail_16":
            assert len(value) == 16 and value.isdigit() and not ids.luhn_ok(value)
        else:
            pytest.fail(f"unknown hard-negative kind {kind}")
    assert seen == set(HARD_NEGATIVE_KINDS)


def test_manifest_describes_the_files(
    corpus: Path, labels: list[dict], negatives: list[dict]
) -> None:
    manifest = json.loads((corpus / MANIFEST_FILE).read_text("utf-8"))
    assert manifest["seed"] == 7 and manifest["scale"] == SCALE
    on_disk = sorted(
        str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file() and p.parent != corpus
    )
    assert sorted(f["path"] for f in manifest["files"]) == on_disk
    assert manifest["total_bytes"] == sum(
        (corpus / f["path"]).stat().st_size for f in manifest["files"]
    )
    assert sum(manifest["label_counts"].values()) == len(labels)
    assert sum(manifest["hard_negative_counts"].values()) == len(negatives)
    assert set(manifest["label_counts"]) == set(ENTITY_TYPES)
    assert {f["offsets"] for f in manifest["files"] if f["path"].endswith(".pdf")} == {"count_only"}
    assert 3 <= sum(f["path"].startswith("contracts/") for f in manifest["files"])


def test_regenerating_removes_stale_files_and_refuses_foreign_dirs(tmp_path: Path) -> None:
    out = tmp_path / "c"
    generate_corpus(out, seed=1, scale=SCALE)
    stale = out / "contracts" / "999-stale.txt"
    stale.write_text("Tan Wei Ming S1234567D", encoding="utf-8")
    generate_corpus(out, seed=1, scale=SCALE)
    assert not stale.exists()

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate_corpus(foreign, scale=SCALE)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_cli_writes_a_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [str(tmp_path / "cli"), "--seed", "3", "--scale", "0.01"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "cli" / MANIFEST_FILE).read_text("utf-8"))
    assert manifest["seed"] == 3
    assert "labels" in result.output


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("S1234567D", True),
        ("F1234567N", True),
        ("G1234567X", True),
        ("S0000001I", True),
        ("M2424771J", True),  # IonBazan/NRIC test vector; r = 8
        ("M2424771M", False),  # the same digits with the F/G table's letter
        ("S1234567A", False),
        ("s1234567d", True),
        ("S123456D", False),
        ("X1234567D", False),
    ],
)
def test_nric_rule_matches_published_vectors(value: str, valid: bool) -> None:
    assert ids.is_valid_nric(value) is valid


@pytest.mark.parametrize("value", ["00192200M", "197401143C", "S16FC0121D", "T01FC6132D"])
def test_uen_rule_matches_python_stdnum_vectors(value: str) -> None:
    assert ids.is_valid_uen(value)
    assert not ids.is_valid_uen(value[:-1] + ("A" if value[-1] != "A" else "B"))
