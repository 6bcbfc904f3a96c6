"""DOCX extraction on real documents made with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from scanner.extract.docx import extract_docx
from scanner.extract.errors import ExtractError
from scanner.extract.limits import Limits
from scanner.model import Segment

BODY = [
    "Tenancy agreement",
    "Tenant: Tan Ah Kow, NRIC S1234567D",
    "",
    "Signed in Singapore\nwith a line break",
]
TABLE = [["Name", "NRIC", "Phone"], ["Lim Mei Ling", "T0123456G", "+65 9123 4567"]]
CORE_AUTHOR = "Tan Ah Kow"


def make_docx() -> bytes:
    document = docx.Document()
    for text in BODY:
        document.add_paragraph(text)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.sections[0].header.paragraphs[0].text = "Confidential - ref S7654321A"
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    document.core_properties.author = CORE_AUTHOR
    document.core_properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def run(data: bytes, limits: Limits | None = None) -> list[Segment]:
    return list(extract_docx("lease.docx", io.BytesIO(data), limits or Limits()))


def expected_full_text() -> str:
    """The documented order: body paragraphs, table cells row by row, header, footer, core."""
    cells = [value for row in TABLE for value in row]
    return "\n".join([*BODY, *cells, "Confidential - ref S7654321A", "Page footer", CORE_AUTHOR])


def assert_offsets(segments: list[Segment], full_text: str) -> None:
    for segment in segments:
        start = segment.offset
        assert full_text[start : start + len(segment.text)] == segment.text, segment
        assert segment.line == full_text.count("\n", 0, start) + 1, segment


def test_paragraphs_tables_headers_and_footers() -> None:
    segments = run(make_docx())
    full_text = expected_full_text()
    assert_offsets(segments, full_text)
    assert {s.kind for s in segments if s.field != "core.author"} == {"prose"}
    body = [s for s in segments if s.field is None]
    assert len(body) == 1  # consecutive paragraphs are grouped for NER
    assert body[0].text == "\n".join(BODY)
    by_field = {s.field: s for s in segments if s.field}
    assert by_field["table[0].row[1].cell[1]"].text == "T0123456G"
    assert by_field["table[0].row[1].cell[1]"].context == "NRIC"  # the header row names it
    assert by_field["table[0].row[0].cell[0]"].context == ""
    assert by_field["section[0].header"].text == "Confidential - ref S7654321A"
    assert by_field["section[0].footer"].text == "Page footer"
    nric = full_text.index("T0123456G")
    assert by_field["table[0].row[1].cell[1]"].offset == nric


def test_body_grouping_respects_chunk_chars() -> None:
    segments = run(make_docx(), Limits(chunk_chars=20))
    body = [s for s in segments if s.field is None]
    assert len(body) > 1
    assert "\n".join(s.text for s in body if s.text).count("S1234567D") == 1
    assert_offsets(segments, expected_full_text())


def test_merged_cells_and_nested_tables() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Key"
    table.cell(0, 1).text = "Value"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "spans two columns"
    nested = table.cell(0, 1).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "inner S1234567D"
    out = io.BytesIO()
    document.save(out)
    segments = run(out.getvalue())
    texts = [s.text for s in segments]
    assert texts.count("spans two columns") == 1  # a merged cell is read once
    by_field = {s.field: s for s in segments}
    assert by_field["table[0].row[0].cell[1].table[0].row[0].cell[0]"].text == "inner S1234567D"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated download
        lambda data: b"PK\x03\x04" + b"\x00" * 200,  # zip header, nothing behind it
    ],
)
def test_corrupt_docx_is_an_extract_error(damage) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExtractError, match="corrupt DOCX"):
        run(damage(make_docx()))


def test_zip_that_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a docx")
    with pytest.raises(ExtractError, match="corrupt DOCX"):
        run(out.getvalue())


def test_docx_bomb_is_refused_before_python_docx_inflates_it() -> None:
    source = io.BytesIO(make_docx())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as bomb:
        for info in original.infolist():
            bomb.writestr(info, original.read(info), compress_type=zipfile.ZIP_DEFLATED)
        bomb.writestr("word/media/padding.bin", b"\0" * (8 << 20), zipfile.ZIP_DEFLATED)
    with pytest.raises(ExtractError, match="possible zip bomb"):
        run(out.getvalue())
