"""DOCX text: body paragraphs, then tables cell by cell, then headers and footers, footnotes,
endnotes, comments and the core properties.

The file's extracted text is every paragraph in that order joined by ``"\\n"``. Consecutive
body paragraphs are grouped into one ``prose`` segment (up to ``chunk_chars``) so NER sees
sentences in context; each table cell is its own segment with ``field`` such as
``table[1].row[2].cell[0]`` (0-based) and the column's header-row text as ``context``.
Footnotes and endnotes have ``field`` ``footnote[N]``/``endnote[N]`` (N is the note's id),
comments ``comment[N]``, and a comment's author ``comment[N].author``. Core properties
(``docProps/core.xml``) are ``field`` segments ``core.author``, ``core.title``...; the author
and last editor carry ``context`` ``name``, so the profile's name fields report them as persons.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import docx

from scanner.extract.archive import _why
from scanner.extract.chunking import iter_chunks, segments_at
from scanner.extract.errors import ExtractError
from scanner.extract.limits import Limits
from scanner.extract.ooxml import check_package
from scanner.extract.seekable import seekable_stream
from scanner.model import Segment

_HEADER_FOOTER_KINDS = (
    "header",
    "first_page_header",
    "even_page_header",
    "footer",
    "first_page_footer",
    "even_page_footer",
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# docProps/core.xml fields that hold free text; (attribute, context).
_CORE_PROPERTIES = (
    ("author", "name"),
    ("last_modified_by", "name"),
    ("title", "title"),
    ("subject", "subject"),
    ("keywords", "keywords"),
    ("comments", "comments"),
    ("category", "category"),
)
_MAX_CONTEXT_CHARS = 200
_MAX_REASONS = 5


@dataclass(frozen=True)
class _Unit:
    """Paragraph texts that share one location (a body paragraph, a cell, a header)."""

    texts: tuple[str, ...]
    field: str | None
    context: str = ""
    kind: str = "prose"


def _cell_texts(cell: Any) -> tuple[str, ...]:
    return tuple(p.text for p in cell.paragraphs)


def _table_units(table: Any, prefix: str) -> Iterator[_Unit]:
    header: dict[int, str] = {}
    seen: set[Any] = set()  # merged cells repeat the same <w:tc>; keep elements, not id()s
    for row_index, row in enumerate(table.rows):
        for cell_index, cell in enumerate(row.cells):
            texts = _cell_texts(cell)
            if row_index == 0:
                header[cell_index] = " ".join(texts).strip()[:_MAX_CONTEXT_CHARS]
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            context = header.get(cell_index, "") if row_index else ""
            field = f"{prefix}.row[{row_index}].cell[{cell_index}]"
            yield _Unit(texts, field, context)
            for nested_index, nested in enumerate(cell.tables):
                yield from _table_units(nested, f"{field}.table[{nested_index}]")


def _units(document: Any, failures: list[str]) -> Iterator[_Unit]:
    for paragraph in document.paragraphs:
        yield _Unit((paragraph.text,), None)
    yield from _tables(document.tables, "", failures)
    seen_parts: set[str] = set()
    for section_index, section in enumerate(document.sections):
        for kind in _HEADER_FOOTER_KINDS:
            location = f"section[{section_index}].{kind}"
            try:
                part = getattr(section, kind)
                if part.is_linked_to_previous:
                    continue  # no definition of its own: the text belongs to an earlier section
                partname = str(part.part.partname)
                if partname in seen_parts:
                    continue
                seen_parts.add(partname)
                texts = tuple(p.text for p in part.paragraphs)
                tables = part.tables
            except Exception as exc:
                failures.append(f"{location} unreadable: {_why(exc)}")
                continue
            yield _Unit(texts, location)
            yield from _tables(tables, f"{location}.", failures)
    yield from _guarded(_notes(document), "footnotes/endnotes", failures)
    yield from _guarded(_comments(document), "comments", failures)
    yield from _guarded(_core_properties(document), "core properties", failures)


def _guarded(units: Iterator[_Unit], what: str, failures: list[str]) -> Iterator[_Unit]:
    """All of ``units`` or, when the part is damaged, none and a reason."""
    try:
        collected = list(units)
    except Exception as exc:
        failures.append(f"{what} unreadable: {_why(exc)}")
        return
    yield from collected


def _paragraph_texts(element: Any) -> tuple[str, ...]:
    return tuple("".join(p.itertext(f"{{{_W}}}t")) for p in element.iter(f"{{{_W}}}p"))


def _notes(document: Any) -> Iterator[_Unit]:
    """Footnotes and endnotes (python-docx has no API for them: read their parts' XML)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    for reltype, kind in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
        for rel in document.part.rels.values():
            if rel.reltype != reltype or rel.is_external:
                continue
            root = parse_xml(rel.target_part.blob)
            for note in root.iter(f"{{{_W}}}{kind}"):
                if note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator"):
                    continue
                note_id = note.get(f"{{{_W}}}id", "?")[:20]
                yield _Unit(_paragraph_texts(note), f"{kind}[{note_id}]")


def _comments(document: Any) -> Iterator[_Unit]:
    comments = getattr(document, "comments", None)  # python-docx >= 1.2
    if comments is None:
        return
    for comment in comments:
        field = f"comment[{comment.comment_id}]"
        yield _Unit(tuple(p.text for p in comment.paragraphs), field)
        if comment.author:
            yield _Unit((comment.author,), f"{field}.author", "name", "field")


def _core_properties(document: Any) -> Iterator[_Unit]:
    props = document.core_properties
    for attribute, context in _CORE_PROPERTIES:
        value = getattr(props, attribute, None)
        if isinstance(value, str) and value.strip():
            yield _Unit((value,), f"core.{attribute}", context, "field")


def _tables(tables: list[Any], prefix: str, failures: list[str]) -> Iterator[_Unit]:
    for table_index, table in enumerate(tables):
        location = f"{prefix}table[{table_index}]"
        try:
            units = list(_table_units(table, location))  # all or nothing per table
        except Exception as exc:
            failures.append(f"{location} unreadable: {_why(exc)}")
            continue
        yield from units


def _segments(
    text: str,
    name: str,
    offset: int,
    line: int,
    field: str | None,
    context: str,
    limits: Limits,
    kind: str = "prose",
) -> Iterator[Segment]:
    chunks = iter_chunks([text], limits, offset=offset, line=line)
    yield from segments_at(chunks, name, kind, field=field, context=context, skip_blank=True)


def extract_docx(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """Yield ``prose`` segments; raise ``ExtractError`` for a corrupt file or, last, a bad table."""
    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        check_package(seekable, limits, "DOCX")
        try:
            document = docx.Document(seekable)
        except Exception as exc:  # python-docx/lxml raise many types on damaged input
            raise ExtractError(f"corrupt DOCX: {_why(exc)}") from exc

    failures: list[str] = []
    offset, line = 0, 1
    body: list[str] = []  # consecutive body paragraphs not yet yielded
    body_offset, body_line, body_chars = 0, 1, 0

    for unit in _units(document, failures):
        text = "\n".join(unit.texts)
        if unit.field is None:
            if not body:
                body_offset, body_line, body_chars = offset, line, 0
            body.append(text)
            body_chars += len(text) + 1
        if body and (unit.field is not None or body_chars >= limits.chunk_chars):
            yield from _segments("\n".join(body), name, body_offset, body_line, None, "", limits)
            body = []
        if unit.field is not None:
            yield from _segments(
                text, name, offset, line, unit.field, unit.context, limits, unit.kind
            )
        offset += len(text) + 1
        line += text.count("\n") + 1
    if body:
        yield from _segments("\n".join(body), name, body_offset, body_line, None, "", limits)

    if failures:
        shown = "; ".join(failures[:_MAX_REASONS])
        more = len(failures) - _MAX_REASONS
        raise ExtractError(shown + (f"; and {more} more unreadable parts" if more > 0 else ""))
