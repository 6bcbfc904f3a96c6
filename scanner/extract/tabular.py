"""CSV / TSV (csv module, streamed) and Parquet (pyarrow, by batches): one segment per cell.

``field`` and ``context`` are the column name (from the header row for CSV/TSV, the schema for
Parquet; data-like names become ``column_N``, see ``fieldnames``).

CSV/TSV offsets are into the decoded file text: ``offset`` points at the cell's first character
(after the opening quote of a quoted cell; a cell with doubled quotes ``""`` is reported
unescaped, so only its start is exact). ``line`` is the physical line of the cell's first
character, so a cell after a quoted multi-line cell has the later line.

Parquet has no text of its own. Its text is defined as the rows rendered one line per row, the
cells of a row joined by a tab and each row ended by ``\\n``; a cell renders as ``str`` of its
value (null as empty, booleans ``true``/``false``, bytes decoded as UTF-8 with replacement,
lists and structs as JSON). Offsets are into that virtual text and ``line`` is the 1-based row
number (a value that itself holds a newline does not shift later rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import chain
from typing import Any, BinaryIO

from scanner.extract.chunking import iter_chunks, iter_lines, iter_value_pieces, segments_at
from scanner.extract.decode import iter_text_blocks
from scanner.extract.errors import ExtractError
from scanner.extract.fieldnames import column_name, looks_like_data
from scanner.extract.limits import Limits
from scanner.model import Segment

QUOTE = '"'
_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?%?")


def cell_offsets(raw: str, row: list[str], delimiter: str) -> list[int]:
    """Start of each cell of ``row`` inside ``raw``, the record's text as read (default dialect)."""
    offsets: list[int] = []
    pos = 0
    for cell in row:
        if raw.startswith(QUOTE, pos):
            offsets.append(pos + 1)
            close = pos + 1
            while True:
                close = raw.find(QUOTE, close)
                if close < 0 or not raw.startswith(QUOTE * 2, close):
                    break
                close += 2
            if close < 0:
                pos = len(raw)
            else:
                after = raw.find(delimiter, close + 1)
                pos = len(raw) if after < 0 else after + 1
        else:
            offsets.append(pos)
            pos += len(cell) + 1
    return offsets


def extract_delimited(
    name: str, stream: BinaryIO, limits: Limits, *, delimiter: str = ","
) -> Iterator[Segment]:
    """Cells of a CSV (``delimiter=","``) or TSV (``"\\t"``) file, the first row's included.

    The first row names the columns unless it looks like a record (``first_row_is_header``).

    A row the csv module rejects ends the table: the rest of the file is scanned as plain text,
    then ``ExtractError`` names the line.
    """
    # Process-wide setting of the csv module; a long cell is data, not an error.
    if csv.field_size_limit() < limits.max_line_chars:
        csv.field_size_limit(limits.max_line_chars)
    blocks = iter_text_blocks(stream, name, limits.read_block_bytes)
    lines = iter_lines(blocks, limits.max_line_chars)
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for piece, _whole in lines:
            consumed.append(piece)
            yield piece

    reader = csv.reader(feed(), delimiter=delimiter)
    offset, line = 0, 1
    header: list[str] | None = None
    try:
        for row in reader:
            raw = "".join(consumed)
            consumed.clear()
            if row:
                is_header = False
                if header is None:
                    is_header = first_row_is_header(row)
                    header = [column_name(c, i) for i, c in enumerate(row)] if is_header else []
                yield from _row_segments(
                    name, row, raw, offset, line, header, delimiter, limits, is_header=is_header
                )
            offset += len(raw)
            line += raw.count("\n")
    except csv.Error as exc:
        rest = chain(["".join(consumed)], (piece for piece, _whole in lines))
        yield from segments_at(iter_chunks(rest, limits, offset=offset, line=line), name, "log")
        raise ExtractError(
            f"malformed {'TSV' if delimiter == chr(9) else 'CSV'} record at line {line} "
            f"({exc}); the rest of the file was scanned as plain text"
        ) from None


def first_row_is_header(row: list[str]) -> bool:
    """Whether a CSV's first row names the columns rather than holding a record.

    ``csv.Sniffer.has_header`` guesses from type differences against later rows and calls a
    lone first row a header, so a headerless export (``S1234567D,tan@example.com,...``) lost
    its first record. Here a row with any value-like cell (a number, an email, a run of four
    digits, ``+`` and a digit: ``fieldnames.looks_like_data``) is a record. Nothing depends on
    the guess being right: header cells are scanned as values too (``_row_segments``); the
    guess only decides whether the columns get the header's names or ``column_N``.
    """
    cells = [cell.strip() for cell in row if cell.strip()]
    return not any(looks_like_data(cell) or _NUMBER.fullmatch(cell) for cell in cells)


def _row_segments(
    name: str,
    row: list[str],
    raw: str,
    offset: int,
    line: int,
    header: list[str],
    delimiter: str,
    limits: Limits,
    *,
    is_header: bool,
) -> Iterator[Segment]:
    """Segments of one record's cells. Newlines are counted once per record, from cell to
    cell (counting from the record's start for every cell was quadratic in the cell count),
    and a long cell is cut in pieces like a long line. A header cell is scanned as a value
    too (a column named after an NRIC is still an NRIC), with no context: a column's name is
    not evidence about itself."""
    counted = 0
    for index, (cell, start) in enumerate(zip(row, cell_offsets(raw, row, delimiter), strict=True)):
        if not cell.strip():
            continue
        line += raw.count("\n", counted, start)
        counted = start
        column = header[index] if index < len(header) else f"column_{index + 1}"
        pieces = iter_value_pieces(cell, limits, offset=offset + start, line=line)
        context = "" if is_header else column
        yield from segments_at(pieces, name, "field", field=column, context=context)


def render_cell(value: Any) -> tuple[str, bool]:
    """A Parquet value as text, and whether that text is worth scanning."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, str):
        return value, True
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace"), True
    if isinstance(value, int | float | Decimal):
        return str(value), True
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(), True
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str), True
    return str(value), True


def extract_parquet(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """Cells of a Parquet file, read batch by batch (``stream`` must be seekable)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(stream)
        columns = [column_name(n, i) for i, n in enumerate(parquet.schema_arrow.names)]
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ExtractError(f"unreadable Parquet file ({type(exc).__name__})") from None
    offset, row_number = 0, 0
    batches = parquet.iter_batches(batch_size=limits.parquet_batch_rows)
    try:
        for batch in batches:
            values = [column.to_pylist() for column in batch.columns]
            for row in range(batch.num_rows):
                row_number += 1
                for index, column_values in enumerate(values):
                    if index:
                        offset += 1  # the tab between cells
                    text, scan = render_cell(column_values[row])
                    if scan and text.strip():
                        yield Segment(
                            text=text,
                            path=name,
                            offset=offset,
                            line=row_number,
                            field=columns[index],
                            context=columns[index],
                            kind="field",
                        )
                    offset += len(text)
                offset += 1  # the newline ending the row
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ExtractError(
            f"unreadable Parquet data after row {row_number} ({type(exc).__name__})"
        ) from None
