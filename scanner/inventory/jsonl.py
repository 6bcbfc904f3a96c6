"""findings.jsonl: one JSON object per finding, for log pipelines and jq."""

from __future__ import annotations

import json
from typing import Any

from scanner.inventory.base import TextFindingsWriter


class JsonlFindingsWriter(TextFindingsWriter):
    def _write_row(self, row: dict[str, Any]) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
