"""Output columns are declared once, by the row dataclasses (scanner.model), in the README order."""

from __future__ import annotations

import ast
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pytest

from scanner.inventory.arrow_schema import arrow_schema
from scanner.inventory.base import FINDINGS_SCHEMA, REVEAL_SCHEMA
from scanner.inventory.parquet import FILES_SCHEMA
from scanner.model import FILE_COLUMNS, FINDING_COLUMNS, NOT_A_COLUMN, FileRecord, columns_of
from scanner.scan.finding_blob import BLOB_SCHEMA
from scanner.scan.journal import RunState, state_path

ROOT = Path(__file__).resolve().parents[2]


def _documented(output_file: str) -> tuple[str, ...]:
    """The column list the README's run-directory table gives for ``output_file``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{re.escape(output_file)}` \| [^`|]*`([^`]+)` \|$", readme, re.M)
    assert row, f"README documents no column list for {output_file}"
    return tuple(name.strip() for name in row.group(1).split(","))


def test_the_columns_are_the_documented_ones_in_order() -> None:
    assert _documented("findings.parquet") == FINDING_COLUMNS
    assert _documented("files.parquet") == FILE_COLUMNS


def test_the_arrow_schemas_follow_the_dataclasses() -> None:
    assert tuple(FINDINGS_SCHEMA.names) == FINDING_COLUMNS
    assert REVEAL_SCHEMA.names == [*FINDING_COLUMNS, "value"]
    assert tuple(FILES_SCHEMA.names) == FILE_COLUMNS
    assert FINDINGS_SCHEMA.field("declared").type == pa.bool_()
    assert FINDINGS_SCHEMA.field("page").type == pa.int64()  # int | None
    assert FILES_SCHEMA.field("mtime").type == pa.timestamp("us", tz="UTC")  # the override


def test_a_field_marked_not_a_column_is_left_out_and_order_is_kept() -> None:
    @dataclass
    class Row:
        b: str
        raw: str = field(default="", metadata=NOT_A_COLUMN)
        a: float | None = None

    assert columns_of(Row) == ("b", "a")
    assert arrow_schema(Row, columns_of(Row)) == pa.schema(
        [("b", pa.string()), ("a", pa.float64())]
    )


def test_an_annotation_without_an_arrow_type_is_refused() -> None:
    @dataclass
    class Row:
        when: bytes

    with pytest.raises(TypeError, match="no Arrow type"):
        arrow_schema(Row, ("when",))


def test_the_journal_stores_every_field(tmp_path: Path) -> None:
    RunState.create(tmp_path, {}).close()
    conn = sqlite3.connect(state_path(tmp_path))
    try:
        files = {row[1] for row in conn.execute("PRAGMA table_info(files)")}
    finally:
        conn.close()
    assert {f for f in FileRecord.__dataclass_fields__} <= files
    assert {"finding_batch", "revealed"} <= files  # the findings batch and --reveal's values
    # The batch holds every findings.parquet column but the run's id, in the documented order.
    assert tuple(BLOB_SCHEMA.names) == tuple(c for c in FINDING_COLUMNS if c != "run_id")


def _string_sequences(path: Path) -> list[tuple[int, list[str]]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List):
            names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            found.append((node.lineno, [n for n in names if isinstance(n, str)]))
    return found


def _restates(names: list[str], columns: tuple[str, ...], at_least: int) -> bool:
    """``names`` repeats ``at_least`` of ``columns`` in their order (other words may mix in)."""
    picked = [n for n in names if n in columns]
    return len(picked) >= at_least and picked == [c for c in columns if c in picked]


def _copies(path: Path) -> list[int]:
    """Lines of ``path`` that write out (most of) a column list in its order. Other outputs
    with an order of their own (the gate's JSON keys, locate's CSV) are not copies."""
    return [
        line
        for line, names in _string_sequences(path)
        if _restates(names, FINDING_COLUMNS, 12) or _restates(names, FILE_COLUMNS, 8)
    ]


def test_no_module_writes_a_column_list_again() -> None:
    copies = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "scanner").rglob("*.py"))
        for line in _copies(path)
    ]
    assert copies == []


def test_the_copy_check_sees_a_copy(tmp_path: Path) -> None:
    """Guards the test above with the kind of copy report/model.py used to hold."""
    copy = tmp_path / "copy.py"
    copy.write_text(f"COLUMNS = {FILE_COLUMNS[:-1]!r}\n", encoding="utf-8")
    assert _copies(copy) == [1]
