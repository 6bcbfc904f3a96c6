"""XLSX/XLSM workbooks (openpyxl, read-only): one ``field`` segment per non-empty cell.

``field`` is the cell's location as Excel writes it, ``Staff!B7`` (``'Staff list'!B7`` when the
sheet name needs quotes; a sheet name that looks like data becomes ``sheet3``). Like a CSV column,
the first non-empty row of a sheet is its header: a cell below it gets its column's header cell
as ``context`` (data-like headers become ``column_N``, see ``fieldnames``). Header cells are
scanned too (a sheet may have no header row) but carry no context. Cached values are read, not
formulas (``data_only``), since the value is what a reader of the sheet sees.

A workbook has no text of its own. Its text is defined as each sheet's non-empty rows rendered
one line per row (the row's non-empty cells in column order, joined by a tab, rendered as in
``tabular.render_cell``), sheets separated by ``PAGE_SEPARATOR``; offsets and lines point into
that text.

Sheets are parsed as a stream (openpyxl's worksheet parser, fed from the ZIP member): memory is
bounded by one row, and only cells present in the XML are visited, so a cell at ``XFD1048576``
costs one cell, not a billion. The shared-strings table is loaded whole by openpyxl; a table
bigger than ``Limits.max_document_chars`` bytes is refused before it is read.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any, BinaryIO

from scanner.extract.chunking import iter_value_pieces, segments_at
from scanner.extract.errors import ExtractError, exception_kind
from scanner.extract.fieldnames import column_name, looks_like_data
from scanner.extract.limits import Limits
from scanner.extract.ooxml import check_package
from scanner.extract.seekable import seekable_stream
from scanner.extract.tabular import render_cell
from scanner.model import Segment

PAGE_SEPARATOR = "\n\f\n"
_PLAIN_SHEET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_MAX_REASONS = 5


def sheet_label(title: str, index: int) -> str:
    """The sheet part of a cell location: ``Staff``, ``'Staff list'``, or ``sheet3`` for data."""
    if not title or looks_like_data(title):
        return f"sheet{index}"
    if _PLAIN_SHEET_NAME.fullmatch(title):
        return title
    printable = "".join(ch if ch.isprintable() else "?" for ch in title)
    return "'" + printable.replace("'", "''") + "'"


def _shared_strings_bytes(parts: dict[str, int]) -> int:
    return sum(size for name, size in parts.items() if name.lower().endswith("sharedstrings.xml"))


def extract_xlsx(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """Yield the cells of every worksheet; raise ``ExtractError`` for damage, after the rest."""
    import openpyxl

    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        parts = check_package(seekable, limits, "XLSX")
        shared = _shared_strings_bytes(parts)
        if shared > limits.max_document_chars:
            raise ExtractError(
                f"XLSX shared-strings table of {shared} bytes is over max_document_chars "
                f"{limits.max_document_chars}; not loaded"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
                workbook = openpyxl.load_workbook(
                    seekable, read_only=True, data_only=True, keep_links=False
                )
        except Exception as exc:  # openpyxl/lxml/zipfile raise many types on damaged input
            raise ExtractError(f"corrupt XLSX: {exception_kind(exc)}") from exc
        try:
            yield from _workbook(name, workbook, limits)
        finally:
            workbook.close()


def _workbook(name: str, workbook: Any, limits: Limits) -> Iterator[Segment]:
    failures: list[str] = []
    position = [0, 1]  # offset, line of the next character of the workbook's text
    sheets = [ws for ws in workbook.worksheets if hasattr(ws, "_get_source")]  # no chartsheets
    for index, sheet in enumerate(sheets, start=1):
        label = sheet_label(sheet.title, index)
        if index > 1:
            position[0] += len(PAGE_SEPARATOR)
            position[1] += PAGE_SEPARATOR.count("\n")
        try:
            yield from _sheet(name, workbook, sheet, label, limits, position)
        except Exception as exc:  # a damaged sheet: the cells before the damage were yielded
            failures.append(f"sheet {label} unreadable: {exception_kind(exc)}")
    if failures:
        shown = "; ".join(failures[:_MAX_REASONS])
        more = len(failures) - _MAX_REASONS
        raise ExtractError(shown + (f"; and {more} more unreadable sheets" if more > 0 else ""))


def _rows(workbook: Any, sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(row number, cells present in the XML) of ``sheet``, streamed."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from parser.parse()


def _sheet(
    name: str, workbook: Any, sheet: Any, label: str, limits: Limits, position: list[int]
) -> Iterator[Segment]:
    from openpyxl.utils import get_column_letter

    header: dict[int, str] | None = None
    for row_number, cells in _rows(workbook, sheet):
        rendered = []
        for cell in sorted(cells, key=lambda c: c["column"]):
            text, scan = render_cell(cell["value"])
            if text:
                rendered.append((cell["column"], text, scan))
        if not rendered:
            continue
        context: dict[int, str] = {}
        if header is None:
            header = {col: column_name(text, col - 1) for col, text, _ in rendered}
        else:
            context = header
        offset, line = position
        for number, (column, text, scan) in enumerate(rendered):
            if number:
                offset += 1  # the tab between cells
            if scan and text.strip():
                field = f"{label}!{get_column_letter(column)}{row_number}"
                column_context = context.get(column, "")
                yield from _cell_segments(text, name, offset, line, field, column_context, limits)
            offset += len(text)
            line += text.count("\n")
        position[0] = offset + 1  # the newline ending the row
        position[1] = line + 1


def _cell_segments(
    text: str, name: str, offset: int, line: int, field: str, context: str, limits: Limits
) -> Iterator[Segment]:
    pieces = iter_value_pieces(text, limits, offset=offset, line=line)
    yield from segments_at(pieces, name, "field", field=field, context=context)
