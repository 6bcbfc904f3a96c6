"""PPTX presentations (python-pptx): slide text, tables and speaker notes, by slide.

``page`` is the 1-based slide number. A slide's text is its shapes' text frames in shape order
(grouped shapes included), then its tables cell by cell, then its notes; each unit ends with a
newline and slides are separated by ``PAGE_SEPARATOR``. Offsets and lines point into that text.
Text frames are ``prose`` segments without ``field``; a table cell has ``field``
``table[0].row[2].cell[1]`` (0-based) and its column's header-row text as ``context``; speaker
notes have ``field`` ``notes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from scanner.extract.chunking import iter_chunks, segments_at
from scanner.extract.errors import ExtractError, exception_kind
from scanner.extract.limits import Limits
from scanner.extract.ooxml import check_package
from scanner.extract.seekable import seekable_stream
from scanner.model import Segment

PAGE_SEPARATOR = "\n\f\n"
# Group shapes nest; deeper groups than this are not read (a hostile file could nest thousands).
MAX_GROUP_DEPTH = 32
_MAX_CONTEXT_CHARS = 200
_MAX_REASONS = 5


def _shapes(shapes: Any, failures: list[str], slide_number: int) -> Iterator[Any]:
    """Every shape on a slide, groups flattened in order, without recursion."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    stack: list[tuple[Iterator[Any], int]] = [(iter(shapes), 0)]
    while stack:
        iterator, level = stack[-1]
        shape = next(iterator, None)
        if shape is None:
            stack.pop()
            continue
        if getattr(shape, "shape_type", None) == MSO_SHAPE_TYPE.GROUP:
            if level >= MAX_GROUP_DEPTH:
                failures.append(f"slide {slide_number}: groups nested over {MAX_GROUP_DEPTH} deep")
                continue
            stack.append((iter(shape.shapes), level + 1))
            continue
        yield shape


def _units(slide: Any, number: int, failures: list[str]) -> Iterator[tuple[str, str | None, str]]:
    """(text, field, context) of a slide, in the documented order."""
    tables = []
    for shape in _shapes(slide.shapes, failures, number):
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text, None, ""
        elif getattr(shape, "has_table", False) and shape.has_table:
            tables.append(shape.table)
    for table_index, table in enumerate(tables):
        header: dict[int, str] = {}
        for row_index, row in enumerate(table.rows):
            for cell_index, cell in enumerate(row.cells):
                text = cell.text
                if row_index == 0:
                    header[cell_index] = " ".join(text.split())[:_MAX_CONTEXT_CHARS]
                if cell.is_spanned:
                    continue  # covered by a merged cell: its text is the origin cell's
                field = f"table[{table_index}].row[{row_index}].cell[{cell_index}]"
                yield text, field, header.get(cell_index, "") if row_index else ""
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            yield frame.text, "notes", ""


def extract_pptx(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """Yield ``prose`` segments slide by slide; raise ``ExtractError`` last for damaged slides."""
    import pptx

    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        check_package(seekable, limits, "PPTX")
        try:
            presentation = pptx.Presentation(seekable)
            slides = list(presentation.slides)
        except Exception as exc:  # python-pptx/lxml raise many types on damaged input
            raise ExtractError(f"corrupt PPTX: {exception_kind(exc)}") from exc

    failures: list[str] = []
    offset, line = 0, 1
    for number, slide in enumerate(slides, start=1):
        if number > 1:
            offset += len(PAGE_SEPARATOR)
            line += PAGE_SEPARATOR.count("\n")
        try:
            units = list(_units(slide, number, failures))  # all or nothing per slide
        except Exception as exc:
            failures.append(f"slide {number} unreadable: {exception_kind(exc)}")
            continue
        for text, field, context in units:
            text = text.replace("\v", "\n")  # python-pptx renders a line break as a vertical tab
            chunks = iter_chunks([text], limits, offset=offset, line=line)
            yield from segments_at(
                chunks, name, "prose", page=number, field=field, context=context, skip_blank=True
            )
            offset += len(text) + 1
            line += text.count("\n") + 1
    if failures:
        shown = "; ".join(failures[:_MAX_REASONS])
        more = len(failures) - _MAX_REASONS
        raise ExtractError(shown + (f"; and {more} more" if more > 0 else ""))
