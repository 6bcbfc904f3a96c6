"""``bench.compare_findings``: two scans of the same folder compare equal; an edited file differs.

Real scans (``piimap scan`` in-process) of the demo data set, which is written in the formats
real systems emit: a plain log, a rotated ``.gz`` log, JSON lines, a CSV export, TXT, DOCX and
PDF contracts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from bench.compare_findings import main as compare
from scanner.cli.main import main as piimap

ROOT = Path(__file__).resolve().parents[2]
# A valid NRIC (check letter computed by the ICA rule) that the demo data does not hold.
NEW_NRIC = "S1234567D"


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "data"
    subprocess.run([sys.executable, str(ROOT / "samples/make_samples.py"), str(out)], check=True)
    return out


def scan(source: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(
        piimap,
        ["scan", str(source), "--out", str(out), "--profile", "logs", "--workers", "1", "-q"]
        + list(extra),
    )
    assert result.exit_code == 0, result.output
    return out


def run_compare(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(compare, [str(a) for a in args])
    return result.exit_code, result.output


def test_two_scans_of_one_folder_are_equal(samples, tmp_path):
    run_a = scan(samples, tmp_path / "a")
    run_b = scan(samples, tmp_path / "b")
    # The runs differ by construction (their ids) and hold real findings in several formats ...
    ids_a = set(pq.read_table(run_a / "findings.parquet").column("run_id").to_pylist())
    ids_b = set(pq.read_table(run_b / "findings.parquet").column("run_id").to_pylist())
    assert len(ids_a) == len(ids_b) == 1 and ids_a != ids_b
    file_types = set(pq.read_table(run_a / "findings.parquet").column("file_type").to_pylist())
    assert {"log", "gzip", "jsonl", "csv", "pdf", "docx"} <= file_types

    # ... and still compare equal row for row.
    code, output = run_compare(run_a, run_b)
    assert code == 0, output
    assert "findings.parquet: equal" in output and "files.parquet: equal" in output
    assert "findings.parquet: run_id" in output  # the ignored column is named


def test_an_edited_file_differs_and_only_masked_values_are_shown(samples, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(samples, folder)
    before = scan(folder, tmp_path / "before", "--reveal")
    log = folder / "logs" / "signing-api-2026-11-01.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"2026-11-01T23:59:59Z INFO  signing-api kyc verified nric={NEW_NRIC}\n")
    after = scan(folder, tmp_path / "after", "--reveal")

    code, output = run_compare(before, after)
    assert code == 1
    assert "findings.parquet: DIFFER" in output and "files.parquet: DIFFER" in output
    assert "only in B: " in output and "S****567D" in output  # the new finding, masked
    assert "path='logs/signing-api-2026-11-01.log'" in output
    # --reveal runs hold raw values; the comparison never prints them.
    raw = set(pq.read_table(after / "findings.parquet").column("value").to_pylist())
    assert NEW_NRIC in raw
    assert "value=<hidden>" in output
    assert not [v for v in raw if v and len(v) > 4 and v in output]


def test_the_root_path_is_compared_unless_ignored(samples, tmp_path):
    other_root = tmp_path / "copy"
    shutil.copytree(samples, other_root, copy_function=shutil.copy2)  # same bytes and mtimes
    run_a = scan(samples, tmp_path / "a")
    run_b = scan(other_root, tmp_path / "b")
    code, output = run_compare(run_a, run_b)
    assert code == 1 and "findings.parquet: DIFFER" in output
    code, output = run_compare(run_a, run_b, "--ignore", "source")
    assert code == 0, output
    assert "findings.parquet: run_id, source" in output


def test_a_folder_that_is_not_a_run_is_a_usage_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    code, output = run_compare(tmp_path / "a", tmp_path / "b")
    assert code == 2 and "findings.parquet" in output
