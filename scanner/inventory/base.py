"""The writer interface and the row conversion every format shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from scanner.model import FINDING_COLUMNS, Finding

FINDINGS_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("source", pa.string()),
        ("path", pa.string()),
        ("source_kind", pa.string()),
        ("file_type", pa.string()),
        ("entity_type", pa.string()),
        ("category", pa.string()),
        ("declared", pa.bool_()),
        ("score", pa.float64()),
        ("recognizer", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("line", pa.int64()),
        ("page", pa.int64()),
        ("field", pa.string()),
        ("value_hash", pa.string()),
        ("masked_value", pa.string()),
    ]
)
REVEAL_SCHEMA = FINDINGS_SCHEMA.append(pa.field("value", pa.string()))


def columns(reveal: bool) -> tuple[str, ...]:
    return FINDING_COLUMNS + (("value",) if reveal else ())


def finding_row(f: Finding, reveal: bool) -> dict[str, Any]:
    row = {name: getattr(f, name) for name in FINDING_COLUMNS}
    if reveal:
        row["value"] = f.value
    return row


class FindingsWriter(ABC):
    """Receives batches of findings; ``close`` makes the file appear complete."""

    def __init__(self, path: Path, *, reveal: bool = False) -> None:
        self.path = path
        self.reveal = reveal
        self.rows = 0

    @abstractmethod
    def write(self, batch: Sequence[Finding]) -> None: ...

    @abstractmethod
    def close(self) -> Path: ...

    @abstractmethod
    def abort(self) -> None:
        """Drop the temporary file (an interrupted run leaves nothing that looks complete)."""
