"""findings.parquet (the analysts' format) and files.parquet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.inventory.atomic import commit, temp_path
from scanner.inventory.base import (
    FINDINGS_SCHEMA,
    REVEAL_SCHEMA,
    FindingsWriter,
    finding_row,
)
from scanner.model import FILE_COLUMNS, FileRecord, Finding

FILES_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("size", pa.int64()),
        ("file_type", pa.string()),
        ("source_kind", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("findings", pa.int64()),
        ("sha256", pa.string()),
        ("mtime", pa.float64()),
        ("carried_forward", pa.bool_()),
    ]
)


class ParquetFindingsWriter(FindingsWriter):
    def __init__(self, path: Path, *, reveal: bool = False) -> None:
        super().__init__(path, reveal=reveal)
        self.schema = REVEAL_SCHEMA if reveal else FINDINGS_SCHEMA
        self._tmp = temp_path(path)
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")

    def write(self, batch: Sequence[Finding]) -> None:
        if not batch:
            return
        rows = [finding_row(f, self.reveal) for f in batch]
        self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))
        self.rows += len(rows)

    def close(self) -> Path:
        self._writer.close()
        return commit(self._tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
        self._tmp.unlink(missing_ok=True)


def write_files_parquet(path: Path, records: Iterable[FileRecord]) -> Path:
    rows = [{name: getattr(r, name) for name in FILE_COLUMNS} for r in records]
    table = pa.Table.from_pylist(rows, schema=FILES_SCHEMA)
    tmp = temp_path(path)
    pq.write_table(table, tmp, compression="zstd")
    return commit(tmp, path)
