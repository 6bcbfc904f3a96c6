"""Names and keys written by an attacker cannot become spreadsheet formulas or terminal
commands (issue 18 item 11): CSV cells get OWASP's `'` prefix, and every text output shows
control characters as escapes."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.protect.safe_text import csv_cell, escape_controls

FORMULA_NAMES = ["=1+2.log", "@SUM(A1).log", "+1-2.log", "-3+4.log"]
TRIGGERS = tuple("=+-@\t\r")


def _invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.fixture
def formula_run(tmp_path):
    base = tmp_path
    data = base / "data"
    data.mkdir()
    for name in FORMULA_NAMES:
        (data / name).write_text("2026-01-02 INFO user nric=S1234567D mobile +65 9123 4567\n")
    (data / "users.json").write_text(json.dumps({'=HYPERLINK("http://x.example")': "S1234567D"}))
    (data / "users.csv").write_text("=cmd|' /C calc'!A0,note\nS1234567D,x\n")
    out = base / "run"
    result = _invoke("scan", str(data), "--out", str(out), "--format", "csv", "--format", "html",
                     "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_findings_csv_cells_never_start_a_formula(formula_run):
    cells = _cells((formula_run / "findings.csv").read_text(encoding="utf-8"))
    assert any(c.startswith("'=1+2") for c in cells)  # the name is there, defused
    assert any(c.startswith("'=cmd|") for c in cells)  # a CSV header cell, as the field
    assert any(c.startswith("'+65") for c in cells)  # a masked phone is a formula too
    assert not [c for c in cells if c.startswith(TRIGGERS)]


def test_datamap_csv_cells_never_start_a_formula(formula_run):
    cells = _cells((formula_run / "datamap.csv").read_text(encoding="utf-8"))
    assert cells and not [c for c in cells if c.startswith(TRIGGERS)]


def test_locate_and_retention_csv_cells_never_start_a_formula(formula_run):
    located = _invoke("locate", str(formula_run), "--value", "S1234567D", "--format", "csv")
    assert located.exit_code == 0, located.output
    cells = _cells(located.stdout)
    assert any("1+2" in c for c in cells)
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    retention = _invoke("retention", str(formula_run), "--format", "csv")
    assert retention.exit_code in (0, 1), retention.output
    cells = _cells(retention.stdout)
    assert cells and not [c for c in cells if c.startswith(TRIGGERS)]


def test_csv_cell_rule():
    assert csv_cell("=1") == "'=1" and csv_cell("\uff1d1") == "'\uff1d1"
    assert csv_cell("S****567D") == "S****567D" and csv_cell(3) == 3


HOSTILE_NAMES = [
    "a\x1b]0;owned\x07\x1b[2J.log",  # OSC window title, clear screen
    "b\n::error::FAKE all clear\n.log",  # a GitHub workflow command on its own line
    "c\rFAKE: all clear.log",
]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_gate_output_escapes_control_characters(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    for name in HOSTILE_NAMES:
        (tmp_path / "logs" / name).write_text("INFO nric=S1234567D\n")
    (tmp_path / "logs" / "d\x1b[31m.bin").write_bytes(b"\x00\x01\x02\x03" * 64)  # read error
    result = _invoke("check", "logs", "--format", fmt)
    assert result.exit_code == 2
    shown = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    assert "\x1b" not in shown and "\r" not in shown and "\x07" not in shown
    assert not [line for line in shown.splitlines() if line.startswith("::error::FAKE")]
    assert not [line for line in shown.splitlines() if line.startswith("FAKE")]
    assert "\\x1b" in shown  # shown, as an escape


def test_locate_text_escapes_control_characters(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / HOSTILE_NAMES[1]).write_text("INFO nric=S1234567D\n")
    out = tmp_path / "run"
    assert _invoke("scan", str(data), "--out", str(out), "-q").exit_code == 0
    located = _invoke("locate", str(out), "--value", "S1234567D")
    assert located.exit_code == 0
    assert not [ln for ln in located.stdout.splitlines() if ln.startswith("::error::FAKE")]


def test_escape_controls_rule():
    assert escape_controls("a\x1b[0m\nb\u202e") == "a\\x1b[0m\\x0ab\\u202e"
    assert escape_controls("plain S****567D") == "plain S****567D"


def test_no_outputs_written_outside(formula_run):
    assert all(Path(p).is_relative_to(formula_run) for p in [formula_run / "findings.csv"])
    assert os.path.isfile(formula_run / "datamap.csv")
