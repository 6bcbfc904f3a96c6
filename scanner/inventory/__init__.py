"""Inventory writers: one module per output format, all with the same small interface.

A writer receives batches of ``Finding`` rows and decides nothing: it writes what it is given to
a temporary file and renames it into place on ``close()``, so an interrupted run never leaves a
half-written file that looks complete.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, assert_never

from scanner.inventory.base import FindingsWriter
from scanner.inventory.csv import CsvFindingsWriter
from scanner.inventory.jsonl import JsonlFindingsWriter
from scanner.inventory.parquet import ParquetFindingsWriter


class FindingsFormat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"
    JSONL = "jsonl"


def findings_writer(
    fmt: FindingsFormat,
    out_dir: Path,
    *,
    reveal: bool = False,
    metadata: dict[str, Any] | None = None,
) -> FindingsWriter:
    """``metadata`` (tool, policy, key id, run id) is kept where the format has a place for it
    (the Parquet footer)."""
    if fmt is FindingsFormat.PARQUET:
        return ParquetFindingsWriter(out_dir / "findings.parquet", reveal=reveal, metadata=metadata)
    if fmt is FindingsFormat.CSV:
        return CsvFindingsWriter(out_dir / "findings.csv", reveal=reveal)
    if fmt is FindingsFormat.JSONL:
        return JsonlFindingsWriter(out_dir / "findings.jsonl", reveal=reveal)
    assert_never(fmt)


__all__ = ["FindingsFormat", "FindingsWriter", "findings_writer"]
