"""findings.csv: the same rows as findings.parquet, for spreadsheets and pandas."""

from __future__ import annotations

import csv
from typing import Any

from scanner.inventory.base import TextFindingsWriter, columns
from scanner.protect.safe_text import csv_row


class CsvFindingsWriter(TextFindingsWriter):
    newline = ""

    def _begin(self) -> None:
        self._csv = csv.DictWriter(self._fh, fieldnames=columns(self.reveal))
        self._csv.writeheader()

    def _write_row(self, row: dict[str, Any]) -> None:
        self._csv.writerow(csv_row(row))
