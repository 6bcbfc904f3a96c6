"""The gate's text report: expired allowlist entries and unreadable files as titled lists."""

from __future__ import annotations

import datetime as dt
import io

from scanner.gate.allowlist import AllowEntry
from scanner.gate.decide import ExpiredEntry, FailOn, GateResult, ReadError
from scanner.gate.reporters import ReportMeta
from scanner.gate.reporters.text import write


def _text(**fields) -> str:
    result = GateResult(
        items=(),
        suppressed=(),
        expired=fields.get("expired", ()),
        errors=fields.get("errors", ()),
        fail_on=FailOn.UNDECLARED,
        exit_code=2 if fields.get("errors") else 0,
        files_scanned=3,
    )
    out = io.StringIO()
    write(out, result, ReportMeta(tool_version="9.9"))
    return out.getvalue()


def test_expired_entries_and_read_errors_are_listed_under_their_headings():
    entry = AllowEntry(
        line=7, reason="test\x1bdata", path="fixtures/*", expires=dt.date(2000, 1, 1)
    )
    text = _text(
        expired=(ExpiredEntry(entry, would_match=2),),
        errors=(ReadError("a.zip", "corrupt ZIP"), ReadError("b\nc.log", "denied")),
    )
    assert (
        "\nexpired allowlist entries (no longer suppress anything):\n"
        f"  line 7: {entry.describe()} expired 2000-01-01 (2 finding(s) now reported): "
        "test\\x1bdata\n"
        "\nfiles that could not be read (the gate cannot vouch for them):\n"
        "  a.zip: corrupt ZIP\n"
        "  b\\x0ac.log: denied\n"
    ) in text


def test_empty_lists_leave_no_heading():
    text = _text()
    assert "expired allowlist" not in text and "could not be read" not in text
    assert text.startswith("piimap check 9.9: policy -, fail on undeclared\n")
