"""findings.csv: the same rows as findings.parquet, for spreadsheets and pandas."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from scanner.inventory.atomic import commit, temp_path
from scanner.inventory.base import FindingsWriter, columns, finding_row
from scanner.model import Finding
from scanner.protect.safe_text import csv_row


class CsvFindingsWriter(FindingsWriter):
    def __init__(self, path: Path, *, reveal: bool = False) -> None:
        super().__init__(path, reveal=reveal)
        self._tmp = temp_path(path)
        self._fh = open(self._tmp, "w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._fh, fieldnames=columns(reveal))
        self._csv.writeheader()

    def write(self, batch: Sequence[Finding]) -> None:
        for f in batch:
            self._csv.writerow(csv_row(finding_row(f, self.reveal)))
        self.rows += len(batch)

    def close(self) -> Path:
        self._fh.close()
        return commit(self._tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)
