"""The unchanged-file rule of ``--incremental``, run by SQLite (``RunState.carry_unchanged``), is
the rule ``scanner.scan.pipeline._unchanged`` states in Python: same size, mtimes both absent or
within a microsecond, ETags equal where both are known, and never a file the baseline recorded as
incomplete (error, partial). Each case below is one baseline row and one listing of it.

The findings of carried files are copied from the baseline run's findings.parquet (whose rows
are that journal's blobs in order) when that file matches its journal, and parsed from the
copied blobs otherwise; both give the rows of a full scan."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import scanner.scan.journal as journal
import scanner.scan.pipeline as pipeline
from scanner.model import FileRecord
from scanner.scan.journal import ManifestEntry, RunState
from scanner.scan.pipeline import ScanConfig, _unchanged, new_run_id, run_scan
from scanner.sources import SourceFile

from .conftest import HASH_KEY, inventory, make_corpus, run_ids

# (baseline: size, mtime, etag, status) x (listing: size, mtime, etag)
BASE = [
    (10, 1_700_000_000.25, None, "scanned"),
    (10, 1_700_000_000.25, "e1", "scanned"),
    (10, None, None, "scanned"),
    (10, None, "e1", "skipped"),
    (10, 1_700_000_000.25, None, "error"),
    (10, 1_700_000_000.25, "e1", "partial"),
    (0, 1_700_000_000.25, None, "scanned"),
]
LISTED = [
    (10, 1_700_000_000.25, None),
    (10, 1_700_000_000.2500004, None),  # within a microsecond (float noise): unchanged
    (10, 1_700_000_000.250002, None),  # two microseconds later: changed
    (11, 1_700_000_000.25, None),
    (0, 1_700_000_000.25, None),
    (10, None, None),
    (10, 1_700_000_000.25, "e1"),
    (10, 1_700_000_000.25, "e2"),
    (10, None, "e1"),
    (10, None, "e2"),
]


def test_sql_carry_rule_equals_the_python_rule(tmp_path: Path) -> None:
    cases = list(itertools.product(BASE, LISTED))
    base = RunState.create(tmp_path / "base", {})
    for i, ((size, mtime, etag, status), _) in enumerate(cases):
        record = FileRecord(path=f"f{i}.log", size=size, status=status, mtime=mtime, source="s")
        base.record(i, record, [], etag)
    entries = {
        i: ManifestEntry(i + 1, size, mtime, etag, "", status)
        for i, ((size, mtime, etag, status), _) in enumerate(cases)
    }
    base.close()

    run = RunState.create(tmp_path / "run", {})
    run.attach_baseline(tmp_path / "base")
    listed = [
        (100 + i, "s", f"f{i}.log", size, mtime, etag)
        for i, (_, (size, mtime, etag)) in enumerate(cases)
    ]
    carried = run.carry_unchanged(listed)
    want = [
        i
        for i, (_, (size, mtime, etag)) in enumerate(cases)
        if _unchanged(SourceFile("s", f"f{i}.log", "", size, mtime, etag), entries[i], False)
    ]
    assert 0 < len(want) < len(cases)
    assert [seq - 100 for seq, _ in carried] == want
    # The carried rows keep the baseline's record, the listing's ETag and say they were carried.
    for seq, record in carried:
        assert record.carried_forward and record.path == f"f{seq - 100}.log"
    etags = dict(run._conn.execute("SELECT seq, etag FROM files").fetchall())
    assert all(etags[seq] == listed[seq - 100][5] for seq, _ in carried)
    run.close()


def test_a_listed_file_missing_from_the_baseline_is_not_carried(tmp_path: Path) -> None:
    base = RunState.create(tmp_path / "base", {})
    base.record(0, FileRecord(path="a.log", size=3, mtime=5.0, source="s"), [])
    base.close()
    run = RunState.create(tmp_path / "run", {})
    run.attach_baseline(tmp_path / "base")
    carried = run.carry_unchanged(
        [(0, "s", "b.log", 3, 5.0, None), (1, "s", "a.log", 3, 5.0, None)]
    )
    assert [(seq, r.path) for seq, r in carried] == [(1, "a.log")]
    assert run.count() == 1
    run.close()


def _scan(root: Path, out: Path, **kwargs):
    config = ScanConfig(run_id=new_run_id())
    return run_scan([str(root)], out, config, workers=1, **kwargs)


@pytest.fixture
def baseline_reads(monkeypatch) -> list[tuple[int, int]]:
    """(offset, rows) of every read of a baseline's findings.parquet rows."""
    calls: list[tuple[int, int]] = []
    real = journal._BaselineFindings.rows

    def counting(self, offset: int, count: int):
        calls.append((offset, count))
        return real(self, offset, count)

    monkeypatch.setattr(journal._BaselineFindings, "rows", counting)
    return calls


def _changed_tree(root: Path, files: list[Path]) -> None:
    """One file grows, one goes, one is new: carried runs of files with gaps between them."""
    with open(files[4], "a") as fh:
        fh.write("2026-01-03T00:00:00 INFO new mail=late.comer@example.com\n")
    os.utime(files[4], (files[4].stat().st_atime, files[4].stat().st_mtime + 5))
    files[9].unlink()
    (root / "svc0" / "app-000b.log").write_text("2026-01-03 INFO mail=x.y@example.com\n")


def test_carried_rows_come_from_the_baseline_findings_parquet(
    tmp_path, monkeypatch, baseline_reads
):
    monkeypatch.setenv("PIIMAP_HASH_KEY", HASH_KEY)
    # Small batches: the baseline's findings.parquet has many row groups, so carried ranges
    # start and end inside row groups and span several.
    monkeypatch.setattr(pipeline, "WRITE_BATCH_ROWS", 7)
    root = tmp_path / "data"
    files = make_corpus(root, 14, lines=80)
    _scan(root, tmp_path / "runs/r1")
    assert pq.ParquetFile(tmp_path / "runs/r1/findings.parquet").num_row_groups > 3
    _changed_tree(root, files)

    again = _scan(root, tmp_path / "runs/r2", baseline_run=tmp_path / "runs/r1")
    full = _scan(root, tmp_path / "full/r3")
    assert baseline_reads  # the carried files' rows were copied, not parsed from the journal
    assert sum(n for _, n in baseline_reads) < again.summary["findings"]["total"]
    got, want = inventory(tmp_path / "runs/r2"), inventory(tmp_path / "full/r3")
    assert got[0].num_rows > 0 and got[0].equals(want[0]) and got[1].equals(want[1])
    assert run_ids(tmp_path / "runs/r2") == {again.summary["run_id"]}
    assert again.summary["findings"] == full.summary["findings"]
    assert again.summary["by_category"] == full.summary["by_category"]
    # The same row groups as the journal path writes (the writer's batching is unchanged).
    sizes = [
        pq.ParquetFile(tmp_path / d / "findings.parquet").metadata.row_group(i).num_rows
        for d in ("runs/r2", "full/r3")
        for i in range(pq.ParquetFile(tmp_path / d / "findings.parquet").num_row_groups)
    ]
    assert sizes[: len(sizes) // 2] == sizes[len(sizes) // 2 :]


@pytest.mark.parametrize("damage", ["rows", "footer", "missing"])
def test_a_baseline_findings_parquet_that_does_not_match_its_journal_is_not_copied(
    tmp_path, monkeypatch, baseline_reads, damage
):
    monkeypatch.setenv("PIIMAP_HASH_KEY", HASH_KEY)
    root = tmp_path / "data"
    files = make_corpus(root, 12, lines=60)
    _scan(root, tmp_path / "runs/r1")
    parquet = tmp_path / "runs/r1/findings.parquet"
    table = pq.read_table(parquet)
    if damage == "rows":  # a row edited away: the rows no longer line up with the journal
        pq.write_table(table.slice(1), parquet)
    elif damage == "footer":  # another run's file put in its place
        meta = {**table.schema.metadata, b"piimap.run_id": b"20260101T000000Z-000000"}
        pq.write_table(table.replace_schema_metadata(meta), parquet)
    else:
        parquet.unlink()
    _changed_tree(root, files)

    _scan(root, tmp_path / "runs/r2", baseline_run=tmp_path / "runs/r1")
    _scan(root, tmp_path / "full/r3")
    assert baseline_reads == []  # read from the journal's blobs instead
    got, want = inventory(tmp_path / "runs/r2"), inventory(tmp_path / "full/r3")
    assert got[0].num_rows > 0 and got[0].equals(want[0]) and got[1].equals(want[1])
