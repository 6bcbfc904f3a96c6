"""The unchanged-file rule of ``--incremental``, run by SQLite (``RunState.carry_unchanged``), is
the rule ``scanner.scan.pipeline._unchanged`` states in Python: same size, mtimes both absent or
within a microsecond, ETags equal where both are known, and never a file the baseline recorded as
incomplete (error, partial). Each case below is one baseline row and one listing of it."""

from __future__ import annotations

import itertools
from pathlib import Path

from scanner.model import FileRecord
from scanner.scan.journal import ManifestEntry, RunState
from scanner.scan.pipeline import _unchanged
from scanner.sources import SourceFile

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
