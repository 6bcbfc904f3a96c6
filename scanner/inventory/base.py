"""The writer interface and the row conversion every format shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from scanner.inventory.arrow_schema import arrow_schema
from scanner.inventory.atomic import commit, temp_path
from scanner.model import FINDING_COLUMNS, Finding

FINDINGS_SCHEMA = arrow_schema(Finding, FINDING_COLUMNS)
REVEAL_SCHEMA = arrow_schema(Finding, (*FINDING_COLUMNS, "value"))


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

    def write_columns(self, columns: dict[str, list[Any]]) -> None:
        """A batch held as columns (``FINDING_COLUMNS``, and ``value``); formats that write
        rows get them as ``Finding`` objects."""
        names = [n for n in (*FINDING_COLUMNS, "value") if n in columns]
        rows = zip(*(columns[n] for n in names), strict=True)
        self.write([Finding(**dict(zip(names, row, strict=True))) for row in rows])

    def write_table(self, table: Any) -> None:
        """A batch held as an Arrow table (the journal's findings); formats that write rows get
        its columns (``write_columns``)."""
        self.write_columns(table.to_pydict())

    @abstractmethod
    def close(self) -> Path: ...

    @abstractmethod
    def abort(self) -> None:
        """Drop the temporary file (an interrupted run leaves nothing that looks complete)."""


class TextFindingsWriter(FindingsWriter):
    """A text format written row by row to a temporary file that ``close`` renames into place;
    a format says only how a row is written (and what comes before the rows)."""

    newline: ClassVar[str | None] = None  # ``open``'s newline; csv wants "" (it writes CRLF)

    def __init__(self, path: Path, *, reveal: bool = False) -> None:
        super().__init__(path, reveal=reveal)
        self._tmp = temp_path(path)
        self._fh = open(self._tmp, "w", encoding="utf-8", newline=self.newline)
        self._begin()

    def _begin(self) -> None:
        """Write what precedes the rows (a header); nothing by default."""

    @abstractmethod
    def _write_row(self, row: dict[str, Any]) -> None: ...

    def write(self, batch: Sequence[Finding]) -> None:
        for f in batch:
            self._write_row(finding_row(f, self.reveal))
        self.rows += len(batch)

    def close(self) -> Path:
        self._fh.close()
        return commit(self._tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)
