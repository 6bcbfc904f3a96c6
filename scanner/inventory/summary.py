"""summary.json: counts per category x entity type x source kind, files by status, run facts."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scanner.inventory.atomic import write_text_atomic
from scanner.model import FileRecord, Finding


class SummaryBuilder:
    """Accumulates counts while findings stream past; memory grows with distinct values only."""

    def __init__(self) -> None:
        self.files: Counter[str] = Counter()
        self.bytes_scanned = 0
        self.total = 0
        self.declared = 0
        self.cells: Counter[tuple[str, str, str, bool]] = Counter()
        self.cell_values: dict[tuple[str, str, str, bool], set[str]] = defaultdict(set)
        self.values: set[str] = set()
        self.carried_forward = 0

    def add_file(self, record: FileRecord) -> None:
        self.files[record.status] += 1
        self.carried_forward += bool(record.carried_forward)
        if record.status != "skipped":
            self.bytes_scanned += record.size or 0

    def add_findings(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            key = (f.category, f.entity_type, f.source_kind, f.declared)
            self.cells[key] += 1
            self.cell_values[key].add(f.value_hash)
            self.values.add(f.value_hash)
            self.total += 1
            self.declared += f.declared

    def add_columns(self, columns: dict[str, list[Any]]) -> None:
        """``add_findings`` for a batch of findings held as columns (``FINDING_COLUMNS``)."""
        keys = zip(
            columns["category"],
            columns["entity_type"],
            columns["source_kind"],
            columns["declared"],
            strict=True,
        )
        for key, hashed in zip(keys, columns["value_hash"], strict=True):
            self.cells[key] += 1
            self.cell_values[key].add(hashed)
            self.values.add(hashed)
            self.declared += key[3]
        self.total += len(columns["value_hash"])

    def to_dict(self, **meta: Any) -> dict[str, Any]:
        by_category = [
            {
                "category": cat,
                "entity_type": ent,
                "source_kind": kind,
                "declared": declared,
                "findings": n,
                "distinct_values": len(self.cell_values[(cat, ent, kind, declared)]),
            }
            for (cat, ent, kind, declared), n in sorted(
                self.cells.items(), key=lambda kv: (kv[0][3], kv[0][0], kv[0][1], kv[0][2])
            )
        ]
        files = {"total": sum(self.files.values())}
        files.update({s: self.files.get(s, 0) for s in ("scanned", "partial", "skipped", "error")})
        files["carried_forward"] = self.carried_forward
        summary = dict(meta)
        summary.update(
            {
                "bytes_scanned": self.bytes_scanned,
                "files": files,
                "findings": {
                    "total": self.total,
                    "declared": self.declared,
                    "undeclared": self.total - self.declared,
                    "distinct_values": len(self.values),
                },
                "by_category": by_category,
            }
        )
        return summary


def write_summary(path: Path, summary: dict[str, Any]) -> Path:
    return write_text_atomic(path, json.dumps(summary, indent=2, sort_keys=False) + "\n")
