"""Line columns for reported findings, for SARIF's ``startColumn``/``endColumn``.

Findings keep a line number and offsets into the extracted text, not a column. For the plain-text
files the gate already reads back (``scanner.gate.inline.LINE_FILE_TYPES``), the line of each
reported finding is read again and detected again; a detection on that line with the same entity
type and the same keyed value hash gives the columns. A finding that cannot be found again (a
value found through its JSON field name, say) simply has no columns: they are optional in SARIF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from scanner.gate.inline import read_lines
from scanner.model import Finding, Segment

# (path, line, entity type, value hash) -> (startColumn, endColumn), 1-based, end exclusive,
# counted in Unicode code points (the SARIF run's columnKind).
ColumnKey = tuple[str, int, str, str]
Columns = dict[ColumnKey, tuple[int, int]]


class _Context(Protocol):
    @property
    def detector(self) -> object: ...

    def protected_value(self, entity_type: str, value: str) -> tuple[str, str]: ...


def column_key(f: Finding) -> ColumnKey:
    return (f.path, f.line, f.entity_type, f.value_hash)


def find_columns(
    context: _Context, findings: Iterable[Finding], files: Mapping[str, str]
) -> Columns:
    """Columns of ``findings`` in ``files`` (reported path -> local file of a line format)."""
    wanted: dict[str, set[ColumnKey]] = {}
    for f in findings:
        if f.path in files and f.line >= 1:
            wanted.setdefault(f.path, set()).add(column_key(f))
    columns: Columns = {}
    for path, keys in wanted.items():
        try:
            lines = read_lines(files[path], {line for _, line, _, _ in keys})
        except OSError:
            continue
        for number, text in lines.items():
            for d in context.detector.detect_segment(Segment(text=text, path=path)):  # type: ignore[attr-defined]
                hashed, _ = context.protected_value(d.entity_type, d.value)
                key = (path, number, d.entity_type, hashed)
                if key in keys and key not in columns:
                    columns[key] = (d.start + 1, d.end + 1)
    return columns
