"""findings.jsonl: one JSON object per finding, for log pipelines and jq."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from scanner.inventory.atomic import commit, temp_path
from scanner.inventory.base import FindingsWriter, finding_row
from scanner.model import Finding


class JsonlFindingsWriter(FindingsWriter):
    def __init__(self, path: Path, *, reveal: bool = False) -> None:
        super().__init__(path, reveal=reveal)
        self._tmp = temp_path(path)
        self._fh = open(self._tmp, "w", encoding="utf-8")

    def write(self, batch: Sequence[Finding]) -> None:
        for f in batch:
            self._fh.write(json.dumps(finding_row(f, self.reveal), ensure_ascii=False) + "\n")
        self.rows += len(batch)

    def close(self) -> Path:
        self._fh.close()
        return commit(self._tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)
