"""CSV and JSONL findings writers: rows appear only on close; abort leaves nothing behind."""

from __future__ import annotations

import csv
import json

import pytest

from scanner.inventory.csv import CsvFindingsWriter
from scanner.inventory.jsonl import JsonlFindingsWriter
from scanner.model import FINDING_COLUMNS
from tests.fixtures.rundir import make_finding


def _read(path, kind):
    with open(path, encoding="utf-8", newline="") as fh:
        if kind == "csv":
            return list(csv.DictReader(fh))
        return [json.loads(line) for line in fh]


@pytest.mark.parametrize(
    ("writer", "kind"), [(CsvFindingsWriter, "csv"), (JsonlFindingsWriter, "jsonl")]
)
def test_rows_are_written_once_closed_and_raw_values_only_with_reveal(tmp_path, writer, kind):
    target = tmp_path / f"findings.{kind}"
    out = writer(target)
    out.write([make_finding(line=1), make_finding(line=2)])
    out.write([make_finding(line=3)])
    assert not target.exists()  # a half-written file never looks complete
    assert out.close() == target and out.rows == 3
    rows = _read(target, kind)
    assert [str(r["line"]) for r in rows] == ["1", "2", "3"]
    assert list(rows[0]) == list(FINDING_COLUMNS)
    assert rows[0]["masked_value"] == "S****345E"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("writer", "kind"), [(CsvFindingsWriter, "csv"), (JsonlFindingsWriter, "jsonl")]
)
def test_abort_leaves_no_file_and_no_temporary(tmp_path, writer, kind):
    out = writer(tmp_path / f"findings.{kind}")
    out.write([make_finding()])
    out.abort()
    assert list(tmp_path.iterdir()) == []


def test_reveal_adds_the_value_column(tmp_path):
    out = CsvFindingsWriter(tmp_path / "findings.csv", reveal=True)
    out.write([make_finding(value="S1234345E")])
    rows = _read(out.close(), "csv")
    assert rows[0]["value"] == "S1234345E"
