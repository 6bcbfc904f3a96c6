"""A file's findings as one journal value: JSON lines, read back in bulk by Arrow's JSON reader.

Why: the journal used to hold one SQLite row per finding, so journaling a file took one
statement per finding, and an ``--incremental`` re-scan copied every finding row and read them
back as tuples. One blob per file is written in the same statement as the file's record, is
copied forward as one value, and the blobs of many files are parsed in one call by
``pyarrow.json`` straight into the columns findings.parquet is written from: no Python object
per finding, and no pandas import (``pa.array`` imports pandas; Arrow's JSON reader does not).
JSON rather than an Arrow IPC batch per file: encoding a file's batch cost ~400 us (16
``pa.array`` calls), its JSON lines ~70 us, and the bulk read is as fast as decoding batches.

A row holds the ``FINDING_COLUMNS`` less ``run_id`` (the run's, added when the inventory is
written). ``json.dumps`` escapes a lone surrogate, so ``findings_of`` gives back the same str
(``scanner.unicode_safe``); the inventory columns are escaped before they get here. Raw values
(``--reveal`` only) are not in the blob: the journal keeps them apart and forgets them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json

from scanner.inventory.base import FINDINGS_SCHEMA
from scanner.model import Finding

# The journaled columns, in findings.parquet's order, less run_id.
BLOB_SCHEMA = pa.schema([f for f in FINDINGS_SCHEMA if f.name != "run_id"])
_NAMES = tuple(BLOB_SCHEMA.names)


def encode(findings: Sequence[Finding]) -> bytes | None:
    """One file's findings as JSON lines (None for a file with none)."""
    if not findings:
        return None
    dumps = json.dumps
    return "".join(
        [dumps({name: getattr(f, name) for name in _NAMES}) + "\n" for f in findings]
    ).encode("ascii")


def table_of(blobs: Sequence[bytes]) -> pa.Table:
    """The findings of many files' blobs (in order) as one table of ``BLOB_SCHEMA``."""
    block = max(1 << 20, 2 * max(map(len, blobs), default=0))
    table = pa_json.read_json(
        io.BytesIO(b"".join(blobs)),
        read_options=pa_json.ReadOptions(block_size=block),
        parse_options=pa_json.ParseOptions(
            explicit_schema=BLOB_SCHEMA, unexpected_field_behavior="error"
        ),
    )
    return table.select(list(_NAMES)).cast(BLOB_SCHEMA).combine_chunks()


def findings_of(blob: bytes | None, run_id: str, values: Sequence[Any]) -> Iterator[Finding]:
    """``Finding`` objects from a blob (tests and small callers; the writers take tables)."""
    if blob is None:
        return
    for i, line in enumerate(blob.splitlines()):
        row = json.loads(line)
        yield Finding(run_id=run_id, value=values[i] if i < len(values) else None, **row)


__all__ = ["BLOB_SCHEMA", "encode", "findings_of", "table_of"]
