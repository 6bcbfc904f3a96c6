"""A file's findings as one journal value: an Arrow IPC record batch (columns, not rows).

Why: the journal used to hold one SQLite row per finding, so journaling a file took one
statement per finding, an ``--incremental`` re-scan copied every finding row and read them
back as tuples. One blob per file is written in the same statement as the file's record, is
copied forward as one value, and is read back straight into Arrow (``pyarrow.ipc``), which is
what findings.parquet is written from: no Python object per finding, and no pandas import
(``pa.array`` imports pandas; decoding IPC and ``Table.from_batches`` do not).

The batch holds the ``FINDING_COLUMNS`` less ``run_id`` (the run's, added when the inventory is
written). Text columns are binary, UTF-8 with ``surrogatepass``, so a non-UTF-8 file name or a
lone surrogate from JSON comes back as the same str (``scanner.unicode_safe``); the inventory
columns are escaped before they get here, so casting them back to string cannot fail. Raw values
(``--reveal`` only) are not in the batch: the journal keeps them apart and forgets them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from scanner.inventory.base import FINDINGS_SCHEMA
from scanner.model import Finding

# The journaled columns: findings.parquet's, less run_id; strings as binary (lossless).
_STORED = [f for f in FINDINGS_SCHEMA if f.name != "run_id"]
BLOB_SCHEMA = pa.schema(
    [pa.field(f.name, pa.binary()) if f.type == pa.string() else f for f in _STORED]
)
_TEXT = frozenset(f.name for f in _STORED if f.type == pa.string())
# The same columns as the inventory holds them (string, not binary).
TABLE_SCHEMA = pa.schema(_STORED)


def _encoded(value: str | None) -> bytes | None:
    return None if value is None else value.encode("utf-8", "surrogatepass")


def encode(findings: Sequence[Finding]) -> bytes | None:
    """One file's findings as an IPC record batch message (None for a file with none)."""
    if not findings:
        return None
    arrays = []
    for field in BLOB_SCHEMA:
        values = [getattr(f, field.name) for f in findings]
        if field.name in _TEXT:
            values = [_encoded(v) for v in values]
        arrays.append(pa.array(values, type=field.type))
    batch = pa.RecordBatch.from_arrays(arrays, schema=BLOB_SCHEMA)
    return bytes(batch.serialize())


def decode(blob: bytes) -> pa.RecordBatch:
    """The record batch ``encode`` wrote (binary text columns)."""
    return pa.ipc.read_record_batch(pa.py_buffer(blob), BLOB_SCHEMA)


def as_text_table(batches: Sequence[pa.RecordBatch]) -> pa.Table:
    """Decoded batches as one table with the inventory's string columns, in one contiguous
    chunk per column: casting and writing ten thousand one-file chunks costs ten times more."""
    table = pa.Table.from_batches(batches, schema=BLOB_SCHEMA).combine_chunks()
    return table.cast(TABLE_SCHEMA)


def findings_of(blob: bytes | None, run_id: str, values: Sequence[Any]) -> Iterator[Finding]:
    """``Finding`` objects from a blob (tests and small callers; the writers take tables)."""
    if blob is None:
        return
    columns = decode(blob).to_pydict()
    for i in range(len(columns["value_hash"])):
        row = {name: column[i] for name, column in columns.items()}
        for name in _TEXT:
            if row[name] is not None:
                row[name] = row[name].decode("utf-8", "surrogatepass")
        yield Finding(run_id=run_id, value=values[i] if i < len(values) else None, **row)


__all__ = ["BLOB_SCHEMA", "TABLE_SCHEMA", "as_text_table", "decode", "encode", "findings_of"]
