"""Render a gate result in one format, to a string or atomically to a file.

``--output FILE`` is written after the scan through ``scanner.inventory.atomic``, so a CI step
reading the file never sees half a report.
"""

from __future__ import annotations

import io
from pathlib import Path

from scanner.gate.decide import GateResult
from scanner.gate.reporters import ReportMeta, get_writer
from scanner.inventory.atomic import write_text_atomic


def render(fmt: str, result: GateResult, meta: ReportMeta) -> str:
    """The report in ``fmt`` (one of ``FORMATS``)."""
    buffer = io.StringIO()
    get_writer(fmt)(buffer, result, meta)
    return buffer.getvalue()


def write_report_file(fmt: str, result: GateResult, meta: ReportMeta, output: Path) -> Path:
    """Write the report to ``output`` (its folder created) by write-then-rename."""
    return write_text_atomic(output, render(fmt, result, meta))


__all__ = ["render", "write_report_file"]
