"""findings.parquet (the analysts' format) and files.parquet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.inventory.arrow_schema import arrow_schema
from scanner.inventory.atomic import commit, temp_path
from scanner.inventory.base import (
    FINDINGS_SCHEMA,
    REVEAL_SCHEMA,
    FindingsWriter,
)
from scanner.model import FILE_COLUMNS, FileRecord, Finding

FILES_SCHEMA = arrow_schema(FileRecord, FILE_COLUMNS, {"mtime": pa.timestamp("us", tz="UTC")})
# Row groups of at least this many rows (or everything at close): a million-file bucket must not
# give a million row groups.
ROW_GROUP_ROWS = 65_536
# Parquet dictionary encoding for the low-cardinality strings only; hashes and masked values are
# nearly all distinct, where a dictionary only costs.
DICTIONARY_COLUMNS = [
    "run_id",
    "source",
    "path",
    "source_kind",
    "file_type",
    "entity_type",
    "category",
    "recognizer",
    "field",
]


class ParquetFindingsWriter(FindingsWriter):
    """Findings buffered as columns and written in row groups of ``ROW_GROUP_ROWS`` or more.

    ``metadata`` (tool, policy, hash key id, run id) goes into the Parquet footer, so a copied
    findings.parquet still says where it came from.
    """

    def __init__(
        self, path: Path, *, reveal: bool = False, metadata: dict[str, str] | None = None
    ) -> None:
        super().__init__(path, reveal=reveal)
        schema = REVEAL_SCHEMA if reveal else FINDINGS_SCHEMA
        if metadata:
            schema = schema.with_metadata({f"piimap.{k}": str(v) for k, v in metadata.items()})
        self.schema = schema
        self._names = list(schema.names)
        self._columns: dict[str, list[Any]] = {name: [] for name in self._names}
        self._buffered = 0
        self._tmp = temp_path(path)
        self._writer = pq.ParquetWriter(
            self._tmp, self.schema, compression="zstd", use_dictionary=DICTIONARY_COLUMNS
        )

    def write(self, batch: Sequence[Finding]) -> None:
        if not batch:
            return
        for name, column in self._columns.items():
            column.extend([getattr(f, name) for f in batch])
        self._buffered += len(batch)
        self.rows += len(batch)
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def write_columns(self, columns: dict[str, list[Any]]) -> None:
        """A batch already held as columns: appended as is, no object per row."""
        n = len(columns["run_id"])
        if not n:
            return
        for name, column in self._columns.items():
            column.extend(columns[name])
        self._buffered += n
        self.rows += n
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._buffered:
            return
        table = pa.Table.from_pydict(self._columns, schema=self.schema)
        self._writer.write_table(table, row_group_size=max(ROW_GROUP_ROWS, self._buffered))
        self._columns = {name: [] for name in self._names}
        self._buffered = 0

    def close(self) -> Path:
        self._flush()
        self._writer.close()
        return commit(self._tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()
        self._tmp.unlink(missing_ok=True)


def _utc(mtime: float | None) -> datetime | None:
    return None if mtime is None else datetime.fromtimestamp(mtime, tz=UTC)


def write_files_parquet(path: Path, records: Iterable[FileRecord]) -> Path:
    """files.parquet; ``mtime`` as a UTC timestamp (FileRecord keeps POSIX seconds)."""
    records = list(records)
    columns = {name: [getattr(r, name) for r in records] for name in FILE_COLUMNS}
    columns["mtime"] = [_utc(m) for m in columns["mtime"]]
    table = pa.Table.from_pydict(columns, schema=FILES_SCHEMA)
    tmp = temp_path(path)
    pq.write_table(table, tmp, compression="zstd")
    return commit(tmp, path)
