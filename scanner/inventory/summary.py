"""summary.json: counts per category x entity type x source kind, files by status, run facts."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.inventory.atomic import write_text_atomic
from scanner.model import FileRecord, Finding

if TYPE_CHECKING:  # pyarrow is imported by the callers that hold tables
    import pyarrow as pa


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

    def add_table(self, table: pa.Table) -> None:
        """``add_columns`` for findings held as an Arrow table (the journal's batches).

        Arrow first reduces the rows to distinct (cell, value_hash) pairs with their counts
        (dictionary indices combined into one integer, ``value_counts``; no pandas, which
        Arrow's ``group_by`` would import), so Python touches each distinct pair once, not each
        finding: logs repeat the same values across files."""
        import pyarrow.compute as pc

        if not table.num_rows:
            return
        names = ("category", "entity_type", "source_kind", "declared", "value_hash")
        arrays = [table[name].combine_chunks() for name in names]
        if any(a.null_count for a in arrays):  # not what the pipeline writes; the plain path
            self.add_columns(table.select(list(names)).to_pydict())
            return
        encoded = [pc.dictionary_encode(a) for a in arrays]
        sizes = [len(e.dictionary) for e in encoded]
        if math.prod(sizes) >= 1 << 62:  # the combined index would not fit an int64
            self.add_columns(table.select(list(names)).to_pydict())
            return
        code = pc.cast(encoded[0].indices, "int64")
        for e, size in zip(encoded[1:], sizes[1:], strict=True):
            code = pc.add(pc.multiply(code, _int64s(size, len(code))), pc.cast(e.indices, "int64"))
        counted = pc.value_counts(code)
        dictionaries = [e.dictionary.to_pylist() for e in encoded]
        hashes = dictionaries[-1]
        keys: dict[int, tuple[str, str, str, bool]] = {}
        for pair, count in zip(
            counted.field("values").to_pylist(), counted.field("counts").to_pylist(), strict=True
        ):
            cell, h = divmod(pair, sizes[-1])
            key = keys.get(cell)
            if key is None:
                parts = []
                rest = cell
                for d, size in zip(dictionaries[3::-1], sizes[3::-1], strict=True):
                    rest, i = divmod(rest, size)
                    parts.append(d[i])
                key = keys[cell] = (parts[3], parts[2], parts[1], parts[0])
            self.cells[key] += count
            self.cell_values[key].add(hashes[h])
            self.values.add(hashes[h])
            self.declared += count * key[3]
        self.total += table.num_rows

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


def _int64s(value: int, n: int) -> pa.Array:
    """``n`` copies of ``value`` as an int64 array, built from a buffer: a Python int given to a
    compute function becomes a ``pa.scalar``, which imports pandas."""
    import pyarrow as pa

    return pa.Array.from_buffers(
        pa.int64(), n, [None, pa.py_buffer(value.to_bytes(8, "little", signed=True) * n)]
    )


def write_summary(path: Path, summary: dict[str, Any]) -> Path:
    return write_text_atomic(path, json.dumps(summary, indent=2, sort_keys=False) + "\n")
