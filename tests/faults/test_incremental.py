"""`piimap scan --incremental`: unchanged files are not read; the inventory equals a full scan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import scanner.scan.pipeline as pipeline
from scanner.cli.main import main
from scanner.scan.journal import read_meta
from scanner.scan.pipeline import ScanConfig, new_run_id, run_scan

from .conftest import HASH_KEY, inventory, make_corpus, run_ids

NEW_NRIC = "T0312457B"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("PIIMAP_HASH_KEY", HASH_KEY)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Paths the pipeline opens (the scan reads) during a test."""
    calls: list[str] = []
    real = pipeline.open_source_file

    def counting(f):
        calls.append(f.path)
        return real(f)

    monkeypatch.setattr(pipeline, "open_source_file", counting)
    return calls


def _scan(root: Path, out: Path, **kwargs):
    return run_scan([str(root)], out, ScanConfig(run_id=new_run_id()), workers=1, **kwargs)


def test_incremental_equals_full_rescan_and_reads_only_changes(tmp_path, opened):
    root = tmp_path / "data"
    files = make_corpus(root, 12, lines=60)
    _scan(root, tmp_path / "runs/r1")
    assert len(opened) == 12

    changed, deleted = files[3], files[7]
    with open(changed, "a") as fh:
        fh.write(f"2026-01-03T00:00:00 INFO new nric={NEW_NRIC}\n")
    os.utime(changed, (changed.stat().st_atime, changed.stat().st_mtime + 5))
    deleted.unlink()
    added = root / "svc9" / "new.log"
    added.parent.mkdir()
    added.write_text(f"2026-01-03T00:00:00 INFO added nric={NEW_NRIC} mail=a.b@example.com\n")

    opened.clear()
    incremental = _scan(root, tmp_path / "runs/r2", baseline_run=tmp_path / "runs/r1")
    assert sorted(opened) == sorted(str(p.relative_to(root)) for p in (changed, added))

    opened.clear()
    full = _scan(root, tmp_path / "full/r3")
    assert len(opened) == 12

    got, want = inventory(tmp_path / "runs/r2"), inventory(tmp_path / "full/r3")
    assert got[0].num_rows == want[0].num_rows > 0
    assert got[0].equals(want[0])
    assert got[1].equals(want[1])
    assert str(deleted.relative_to(root)) not in got[1]["path"].to_pylist()
    # Carried rows belong to the new run.
    assert run_ids(tmp_path / "runs/r2") == {incremental.summary["run_id"]}
    assert incremental.summary["findings"] == full.summary["findings"]


def test_same_size_and_mtime_needs_verify_hash(tmp_path, opened):
    root = tmp_path / "data"
    files = make_corpus(root, 4, lines=30)
    _scan(root, tmp_path / "r1")
    target = files[1]
    st = target.stat()
    text = target.read_text()
    target.write_text(text.replace("DEBUG", "TRACE", 1))  # same size, different bytes
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))

    opened.clear()
    _scan(root, tmp_path / "r2", baseline_run=tmp_path / "r1")
    assert opened == []  # size+mtime say unchanged: nothing read

    opened.clear()
    _scan(root, tmp_path / "r3", baseline_run=tmp_path / "r1", verify_hash=True)
    rel = str(target.relative_to(root))
    assert opened.count(rel) == 2  # hashed, found different, scanned
    assert all(opened.count(str(p.relative_to(root))) == 1 for p in files if p != target)


def test_baseline_with_other_settings_is_not_used(tmp_path, opened):
    root = tmp_path / "data"
    make_corpus(root, 3, lines=20)
    _scan(root, tmp_path / "r1")
    opened.clear()
    config = ScanConfig(run_id=new_run_id(), profile="logs")
    run_scan([str(root)], tmp_path / "r2", config, workers=1, baseline_run=tmp_path / "r1")
    assert len(opened) == 3
    assert read_meta(tmp_path / "r2")["baseline_used"] is False


def test_cli_incremental_finds_the_previous_run_in_the_out_parent(tmp_path, opened):
    root = tmp_path / "data"
    make_corpus(root, 5, lines=20)
    runner = CliRunner()
    args = ["scan", str(root), "--workers", "1", "-q"]
    first = runner.invoke(main, [*args, "--out", str(tmp_path / "reports/a")])
    assert first.exit_code == 0, first.output
    opened.clear()
    second = runner.invoke(main, [*args, "--out", str(tmp_path / "reports/b"), "--incremental"])
    assert second.exit_code == 0, second.output
    assert opened == []
    meta = read_meta(tmp_path / "reports/b")
    assert Path(meta["baseline_run"]) == tmp_path / "reports/a"
    assert meta["baseline_used"] is True
    a, b = inventory(tmp_path / "reports/a"), inventory(tmp_path / "reports/b")
    assert a[0].equals(b[0]) and a[1].equals(b[1])


def test_scan_help_documents_the_new_options():
    result = CliRunner().invoke(main, ["scan", "--help"])
    for option in ("--resume", "--incremental", "--baseline-run", "--verify-hash"):
        assert option in result.output


def test_a_scanned_file_is_read_once_and_its_sha256_is_right(tmp_path, opened):
    """The sniffing rewind must not force a second read just to hash the file."""
    import hashlib

    import pyarrow.parquet as pq

    root = tmp_path / "data"
    files = make_corpus(root, 3, lines=3000) + make_corpus(root / "small", 2, lines=5)
    _scan(root, tmp_path / "r1")
    assert sorted(opened) == sorted(str(p.relative_to(root)) for p in files)
    records = pq.read_table(tmp_path / "r1/files.parquet").to_pylist()
    for record in records:
        assert record["sha256"] == hashlib.sha256((root / record["path"]).read_bytes()).hexdigest()
