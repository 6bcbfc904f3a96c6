"""The journal keeps a file's findings as one blob in the file's row, and the inventory is
written from those batches in large row groups, without importing pandas (issue 14 item 3)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.inventory.base import FINDINGS_SCHEMA, REVEAL_SCHEMA
from scanner.inventory.parquet import (
    FILES_SCHEMA,
    ParquetFindingsWriter,
    constant_strings,
    files_table,
)
from scanner.model import FileRecord, Finding
from scanner.scan.journal import RunState, state_path


def _finding(file_no: int, n: int, value: str | None = None) -> Finding:
    return Finding(
        run_id="ignored", source="/data", path=f"f{file_no}.log", source_kind="logs",
        file_type="log", entity_type="EMAIL_ADDRESS", category="contact", declared=n % 2 == 0,
        score=0.9, recognizer="EmailRule", start=n, end=n + 5, line=n + 1,
        page=None if n % 3 else n, field=None if n % 2 else "$.user",
        value_hash=f"h{file_no}-{n}", masked_value=f"u****{n}@x.com", value=value,
    )  # fmt: skip


def _journal(tmp_path: Path, files: int, per_file: int, reveal: bool = False) -> RunState:
    state = RunState.create(tmp_path, {})
    for i in range(files):
        count = 0 if i % 4 == 3 else per_file  # some files have no findings
        found = [_finding(i, n, f"raw{i}-{n}" if reveal else None) for n in range(count)]
        record = FileRecord(path=f"f{i}.log", size=10, source="/data", findings=count)
        state.record(i, record, found)
    return state


def test_one_row_per_file_and_the_batch_reads_back_as_the_same_findings(tmp_path):
    state = _journal(tmp_path, files=8, per_file=5)
    back = [(r.path, list(found)) for r, found in state.iter_files("run-1")]
    state.close()
    with sqlite3.connect(state_path(tmp_path)) as conn:
        rows = conn.execute("SELECT count(*), count(finding_batch) FROM files").fetchone()
    assert rows == (8, 6)  # one row per file; files without findings hold no batch
    assert [path for path, _ in back] == [f"f{i}.log" for i in range(8)]
    assert back[1][1] == [dataclasses.replace(_finding(1, n), run_id="run-1") for n in range(5)]
    assert back[3][1] == []


def test_finding_tables_are_large_ordered_and_carry_the_runs_id(tmp_path):
    state = _journal(tmp_path, files=40, per_file=7)
    tables = list(state.iter_finding_tables("run-9", batch_rows=50))
    state.close()
    assert [t.schema for t in tables] == [FINDINGS_SCHEMA] * len(tables)
    sizes = [t.num_rows for t in tables]
    assert sum(sizes) == 30 * 7  # 10 of the 40 files have none
    assert all(size >= 50 for size in sizes[:-1]) and len(sizes) == 4
    rows = pa.concat_tables(tables)
    assert set(rows["run_id"].to_pylist()) == {"run-9"}
    order = [h.split("-") for h in rows["value_hash"].to_pylist()]
    assert order == sorted(order, key=lambda h: (int(h[0][1:]), int(h[1])))


def test_revealed_values_come_back_with_reveal_and_are_forgotten(tmp_path):
    state = _journal(tmp_path, files=4, per_file=3, reveal=True)
    (table,) = state.iter_finding_tables("r", batch_rows=1000, reveal=True)
    assert table.schema == REVEAL_SCHEMA
    assert table["value"].to_pylist()[:3] == ["raw0-0", "raw0-1", "raw0-2"]
    state.forget_values()
    (table,) = state.iter_finding_tables("r", batch_rows=1000, reveal=True)
    state.close()
    assert set(table["value"].to_pylist()) == {None}
    assert b"raw0-0" not in state_path(tmp_path).read_bytes()


def test_parquet_row_groups_hold_whole_tables(tmp_path):
    state = _journal(tmp_path, files=400, per_file=250)
    writer = ParquetFindingsWriter(tmp_path / "findings.parquet", metadata={"run_id": "r"})
    for table in state.iter_finding_tables("r", batch_rows=65_536):
        writer.write_table(table)
    state.close()
    writer.close()
    meta = pq.ParquetFile(tmp_path / "findings.parquet").metadata
    assert meta.num_rows == 300 * 250
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert groups[0] >= 65_536 and len(groups) == 2  # not one row group per file
    assert pq.read_schema(tmp_path / "findings.parquet").metadata[b"piimap.run_id"] == b"r"


def test_files_table_mtime_is_the_utc_timestamp():
    records = [
        FileRecord(path="a.log", size=1, mtime=1_700_000_000.123456789),
        FileRecord(path="b.log", size=2, mtime=None, status="error", reason='bad "quote"\n'),
    ]
    table = files_table(records)
    assert table.schema == FILES_SCHEMA
    assert table["mtime"].to_pylist() == [
        datetime.fromtimestamp(1_700_000_000.123456789, tz=UTC),
        None,
    ]
    assert table["reason"].to_pylist() == ["", 'bad "quote"\n']
    assert files_table([]).num_rows == 0


def test_files_table_in_chunks_holds_every_record_as_written(monkeypatch):
    """Records are read as column lists a chunk at a time; the rows are the records, in order,
    whatever the chunking (non-ASCII names, quotes, missing mtimes, carried flags)."""
    import scanner.inventory.parquet as parquet

    records = [
        FileRecord(
            path=f"d{i % 3}/café-{i}.log" if i % 4 else f'q"{i}\\.log',
            size=i * 7,
            file_type="log" if i % 2 else "",
            source_kind="logs",
            status="error" if i % 5 == 0 else "scanned",
            reason="" if i % 5 else f"unreadable {i}\n",
            findings=i % 3,
            sha256=f"{i:064x}",
            mtime=None if i % 6 == 0 else 1_700_000_000.5 + i / 7,
            carried_forward=i % 2 == 0,
        )
        for i in range(23)
    ]
    monkeypatch.setattr(parquet, "FILES_CHUNK", 5)
    table = files_table(records)
    assert table.schema == FILES_SCHEMA
    want = [
        {
            **{name: getattr(r, name) for name in FILES_SCHEMA.names},
            "mtime": None if r.mtime is None else datetime.fromtimestamp(r.mtime, tz=UTC),
        }
        for r in records
    ]
    assert table.to_pylist() == want


def test_constant_strings():
    assert constant_strings("run-ä", 3).to_pylist() == ["run-ä"] * 3
    assert constant_strings("x", 0).to_pylist() == []


_NO_PANDAS = r"""
import json, sys
from pathlib import Path
from scanner.inventory.parquet import ParquetFindingsWriter, write_files_parquet
from scanner.model import FileRecord
from scanner.scan.journal import RunState
run = Path(sys.argv[1])
state = RunState.open(run)
writer = ParquetFindingsWriter(run / "again.parquet")
for table in state.iter_finding_tables("r", batch_rows=100):
    writer.write_table(table)
writer.close()
write_files_parquet(run / "files.parquet", state.iter_records())
print(json.dumps("pandas" in sys.modules))
"""


def test_writing_from_the_journal_imports_no_pandas(tmp_path):
    _journal(tmp_path, files=20, per_file=9).close()
    proc = subprocess.run(
        [sys.executable, "-c", _NO_PANDAS, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(proc.stdout) is False
    assert pq.read_table(tmp_path / "again.parquet").num_rows == 15 * 9
    assert pq.read_table(tmp_path / "files.parquet").num_rows == 20
