"""End to end: scan the synthetic samples with the real pipeline and check the inventory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scanner.model import FILE_COLUMNS, FINDING_COLUMNS
from tests.fixtures.cli import scan_into

ROOT = Path(__file__).resolve().parents[2]
RAW_VALUES = [
    "S8412345E",
    "T0312457B",
    "F9123456N",
    "G5123987W",
    "M2424771J",
    "weiming.tan@example.com.sg",
    "priya.nair@example.sg",
    "+65 9123 4567",
    "8123 4567",
    "201912345R",
    "200512367D",
    "T08LL1234H",
    "4111 1111 1111 1111",
    "Tan Wei Ming",
    "Priya Nair",
]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(ROOT / "samples/make_samples.py"), str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def run_dir(samples, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run")
    scan_into(
        out,
        str(samples),
        "--format",
        "csv",
        "--format",
        "jsonl",
        env={"PIIMAP_HASH_KEY": "e2e-key-0123456789abcdef0123456789"},
    )
    return out


def test_inventory_files_and_columns(run_dir):
    findings = pq.read_table(run_dir / "findings.parquet")
    assert tuple(findings.column_names) == FINDING_COLUMNS
    files = pq.read_table(run_dir / "files.parquet")
    assert tuple(files.column_names) == FILE_COLUMNS
    statuses = dict(zip(files["path"].to_pylist(), files["status"].to_pylist(), strict=True))
    assert statuses["contracts/service-agreement-2026-100.pdf"] == "scanned"
    assert statuses["contracts/nda-2026-102.docx"] == "scanned"
    assert statuses["logs/auth.log.1.gz"] == "scanned"
    csv_rows = pd.read_csv(run_dir / "findings.csv")
    jsonl_rows = [json.loads(x) for x in (run_dir / "findings.jsonl").read_text().splitlines()]
    assert len(csv_rows) == len(jsonl_rows) == findings.num_rows > 0


def test_summary_counts_match_rows(run_dir):
    summary = json.loads((run_dir / "summary.json").read_text())
    df = pd.read_parquet(run_dir / "findings.parquet")
    assert summary["findings"]["total"] == len(df)
    assert summary["findings"]["undeclared"] == int((~df["declared"]).sum())
    assert summary["findings"]["distinct_values"] == df["value_hash"].nunique()
    assert sum(r["findings"] for r in summary["by_category"]) == len(df)
    assert summary["files"]["error"] == 0
    assert summary["revealed"] is False
    assert summary["hash_key_id"]


def test_policy_mapping_on_samples(run_dir):
    df = pd.read_parquet(run_dir / "findings.parquet")

    def rows(entity, kind):
        return df[(df.entity_type == entity) & (df.source_kind == kind)]

    assert len(rows("SG_NRIC_FIN", "contracts")) > 0
    assert rows("SG_NRIC_FIN", "contracts").declared.all()
    assert len(rows("SG_NRIC_FIN", "logs")) > 0
    assert not rows("SG_NRIC_FIN", "logs").declared.any()
    assert not rows("PHONE_NUMBER", "logs").declared.any()
    assert rows("IP_ADDRESS", "logs").declared.all()
    cards = df[df.entity_type == "CREDIT_CARD"]
    assert len(cards) > 0 and not cards.declared.any() and (cards.category == "").all()
    assert rows("SG_NRIC_FIN", "identity_records").declared.all()


def test_same_value_correlates_across_files(run_dir):
    df = pd.read_parquet(run_dir / "findings.parquet")
    nric = df[(df.entity_type == "SG_NRIC_FIN") & (df.masked_value == "S****345E")]
    assert nric.path.nunique() >= 2
    assert nric.value_hash.nunique() == 1


def test_no_raw_value_in_any_output(run_dir):
    for path in run_dir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".parquet":
            data = pd.read_parquet(path).to_csv().encode()
        text = data.decode("utf-8", "replace")
        for raw in RAW_VALUES:
            assert raw not in text, f"{raw!r} leaked into {path.name}"


def test_outputs_rescanned_hold_only_masked_values(run_dir, tmp_path):
    """Scan the run's own outputs with piimap: no checksum-valid identifier may be found."""
    out = tmp_path / "rescan"
    scan_into(out, str(run_dir), "--source-kind", "logs", "--profile", "logs", exit_codes=(0, 3))
    df = pd.read_parquet(out / "findings.parquet")
    leaked = df[df.entity_type.isin(["SG_NRIC_FIN", "SG_UEN", "EMAIL_ADDRESS", "CREDIT_CARD"])]
    assert leaked.empty, leaked[["path", "entity_type", "masked_value"]]
