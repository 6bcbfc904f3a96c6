"""findings.parquet (the analysts' format) and files.parquet.

Both are built without ``pa.array`` on Python lists where it can be avoided: ``pa.array`` imports
pandas (a second of an unchanged ``--incremental`` re-scan), while tables read from the journal's
Arrow batches (``write_table``), a constant column (``constant_strings``) and JSON rows read by
Arrow's own JSON reader (``write_files_parquet``) do not.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json
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

    def write_table(self, table: pa.Table) -> None:
        """Findings already in Arrow (the journal's batches, ``FINDINGS_SCHEMA`` columns): one
        row group per table of ``ROW_GROUP_ROWS`` or more rows, no Python object per row."""
        if not table.num_rows:
            return
        self._flush()
        table = table.select(self._names).cast(self.schema)
        self._writer.write_table(table, row_group_size=max(ROW_GROUP_ROWS, table.num_rows))
        self.rows += table.num_rows

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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _utc_micros(mtime: float | None) -> int | None:
    """POSIX seconds as microseconds, rounded as ``datetime.fromtimestamp`` rounds them."""
    if mtime is None:
        return None
    return (datetime.fromtimestamp(mtime, tz=UTC) - _EPOCH) // _MICROSECOND


def constant_strings(value: str, n: int) -> pa.Array:
    """``n`` copies of ``value`` as a string array, built from buffers (``pa.array`` would
    import pandas): a one-entry dictionary and ``n`` zero indices, cast to plain strings."""
    data = value.encode()
    offsets = pa.py_buffer(b"\0\0\0\0" + len(data).to_bytes(4, "little"))
    dictionary = pa.StringArray.from_buffers(1, offsets, pa.py_buffer(data))
    indices = pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(bytes(4 * n))])
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


# files.parquet's columns as JSON lists (``mtime`` as microseconds), one JSON object a chunk.
_FILES_JSON_SCHEMA = pa.schema(
    [pa.field(f.name, pa.list_(pa.int64() if f.name == "mtime" else f.type)) for f in FILES_SCHEMA]
)
FILES_CHUNK = 50_000  # records per JSON object: bounded line length


def files_table(records: Iterable[FileRecord]) -> pa.Table:
    """files.parquet's rows, built by Arrow's JSON reader with the explicit schema (no pandas
    import): each chunk of records is ONE JSON object of column lists (``json.dumps`` of lists
    is several times faster than of a dict per record), read and flattened into columns;
    ``mtime`` as microseconds cast to a UTC timestamp."""
    lines = io.BytesIO()
    longest = 0
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, FILES_CHUNK)):
        columns: dict[str, list[Any]] = {
            name: [getattr(r, name) for r in chunk] for name in FILE_COLUMNS
        }
        columns["mtime"] = [_utc_micros(m) for m in columns["mtime"]]
        line = json.dumps(columns, ensure_ascii=False).encode("utf-8") + b"\n"
        longest = max(longest, len(line))
        lines.write(line)
    if not lines.tell():
        return FILES_SCHEMA.empty_table()
    lines.seek(0)
    options = pa_json.ParseOptions(
        explicit_schema=_FILES_JSON_SCHEMA, unexpected_field_behavior="error"
    )
    read = pa_json.read_json(
        lines,
        read_options=pa_json.ReadOptions(use_threads=False, block_size=max(1 << 20, 2 * longest)),
        parse_options=options,
    )
    names = FILES_SCHEMA.names
    flat = [read[name].combine_chunks().flatten() for name in names]
    return pa.Table.from_arrays(flat, names=names).cast(FILES_SCHEMA)


def write_files_parquet(path: Path, records: Iterable[FileRecord]) -> Path:
    """files.parquet; ``mtime`` as a UTC timestamp (FileRecord keeps POSIX seconds)."""
    table = files_table(records)
    tmp = temp_path(path)
    pq.write_table(table, tmp, compression="zstd")
    return commit(tmp, path)
