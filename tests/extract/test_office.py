"""XLSX/XLSM (openpyxl), PPTX (python-pptx) and DOCX extras on real files those libraries write."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import openpyxl
import pptx
import pytest
import xlsxwriter
from pptx.util import Inches

from scanner.extract import ExtractError, Limits, sniff_file_type
from scanner.extract.ooxml import office_type
from scanner.extract.xlsx import sheet_label

STAFF = [
    ["Name", "NRIC", "Phone", "Joined"],
    ["Tan Ah Kow", "S1234567D", 91234567, dt.date(2020, 1, 2)],
    ["Lim Mei Ling", "T0123456G", "+65 8123 4567", None],
]


def save(document) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    for row in STAFF:
        sheet.append(row)
    sheet["B7"] = "F1234567N"
    other = workbook.create_sheet("Pay list")
    other["A1"] = "email"
    other["A2"] = "ahkow@example.sg"
    other["XFD1048576"] = "far corner"  # one cell; the sheet must not be walked cell by cell
    return save(workbook)


# -- xlsx ---------------------------------------------------------------------------------


def rewrite_xlsx(part: str = "", change=None, extra: dict[str, bytes] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """``make_xlsx()`` with ``change(data)`` applied to ``part`` and ``extra`` parts added."""
    source = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info in source.infolist():
            data = source.read(info)
            rewritten.writestr(
                info.filename, change(data) if change and info.filename == part else data
            )
        for name, data in (extra or {}).items():
            rewritten.writestr(name, data)
    return out.getvalue()


def test_xlsx_cells_with_sheet_locations_and_header_context(run_extract, check_offsets) -> None:
    result = run_extract("staff.xlsx", make_xlsx(), seekable=False)
    assert result.error is None
    by_field = {s.field: s for s in result.segments}
    assert by_field["Staff!B2"].text == "S1234567D"
    assert by_field["Staff!B2"].context == "NRIC"  # the header cell, like a CSV column
    assert by_field["Staff!A2"].context == "Name"
    assert by_field["Staff!C2"].text == "91234567"  # a number is scanned as text
    assert by_field["Staff!D2"].text.startswith("2020-01-02")
    assert by_field["Staff!B7"].text == "F1234567N"
    assert by_field["Staff!B1"].context == ""  # header cells are scanned, without context
    assert by_field["'Pay list'!A2"].context == "email"
    assert by_field["'Pay list'!XFD1048576"].text == "far corner"
    assert {s.kind for s in result.segments} == {"field"}
    assert all(s.path == "staff.xlsx" for s in result.segments)
    rows = [
        "Name\tNRIC\tPhone\tJoined",
        f"Tan Ah Kow\tS1234567D\t91234567\t{by_field['Staff!D2'].text}",
        "Lim Mei Ling\tT0123456G\t+65 8123 4567",
        "F1234567N",
    ]
    text = "\n".join(rows) + "\n\n\f\n" + "email\nahkow@example.sg\nfar corner\n"
    check_offsets(result.segments, text)


def test_xlsm_and_unnamed_workbooks_are_read_as_workbooks(run_extract) -> None:
    data = make_xlsx()
    for name in ("macro.xlsm", "download", "export.zip"):
        result = run_extract(name, data)
        assert result.error is None
        assert any(s.field == "Staff!B2" for s in result.segments), name
    assert sniff_file_type("macro.xlsm", data[:4096]) == "xlsx"
    assert office_type(io.BytesIO(data)) == "xlsx"


def test_plain_zip_is_still_an_archive(run_extract) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a package/>")  # no [Content_Types].xml
        archive.writestr("notes.txt", "NRIC S1234567D")
    assert office_type(io.BytesIO(out.getvalue())) is None
    result = run_extract("bundle.zip", out.getvalue())
    assert "bundle.zip!notes.txt" in {s.path for s in result.segments}


def test_sheet_names_that_look_like_data_are_not_reported() -> None:
    assert sheet_label("Staff", 1) == "Staff"
    assert sheet_label("Q1 2024", 2) == "sheet2"  # digits could be an identifier
    assert sheet_label("ahkow@example.sg", 3) == "sheet3"
    assert sheet_label("Tan's list", 4) == "'Tan''s list'"


def test_huge_shared_strings_table_is_refused_before_loading(run_extract) -> None:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})  # shared strings, as Excel writes
    sheet = workbook.add_worksheet("Strings")
    for i in range(20_000):
        sheet.write_string(i, 0, f"unique string number {i:06d} for the table")
    workbook.close()
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        shared = package.getinfo("xl/sharedStrings.xml").file_size
    assert shared > 500_000
    result = run_extract("strings.xlsx", data, Limits(max_document_chars=shared - 1))
    assert result.segments == []
    assert isinstance(result.error, ExtractError)
    assert "shared-strings table" in result.error.reason
    ok = run_extract("strings.xlsx", data, Limits(max_document_chars=shared))
    assert ok.error is None and len(ok.segments) == 20_000


def test_xlsx_bomb_part_is_refused(run_extract) -> None:
    bomb = rewrite_xlsx(extra={"xl/media/pad.bin": b"\0" * (8 << 20)})
    result = run_extract("bomb.xlsx", bomb, Limits(max_ratio=100))
    assert result.segments == []
    assert result.error is not None and "possible zip bomb" in result.error.reason


def test_corrupt_sheet_keeps_the_other_sheets(run_extract) -> None:
    damaged = rewrite_xlsx("xl/worksheets/sheet2.xml", lambda data: data[: len(data) // 2])
    result = run_extract("damaged.xlsx", damaged)  # sheet 2 cut mid-XML
    assert any(s.field == "Staff!B2" for s in result.segments)
    assert result.error is not None and "sheet 'Pay list' unreadable" in result.error.reason


def test_truncated_xlsx_is_a_corrupt_file(run_extract) -> None:
    data = make_xlsx()
    result = run_extract("cut.xlsx", data[: len(data) // 2])
    assert result.error is not None and "corrupt XLSX" in result.error.reason


# -- pptx ---------------------------------------------------------------------------------


def make_pptx() -> bytes:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Tenants"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for r, row in enumerate([["Name", "NRIC"], ["Tan Ah Kow", "S1234567D"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    slide.notes_slide.notes_text_frame.text = "Call +65 9123 4567 about T0123456G"
    second = deck.slides.add_slide(deck.slide_layouts[6])
    group = second.shapes.add_group_shape()
    box = group.shapes.add_textbox(0, 0, Inches(2), Inches(1))
    box.text_frame.text = "grouped F1234567N"
    return save(deck)


def test_pptx_slides_tables_and_notes(run_extract, check_offsets) -> None:
    result = run_extract("deck.pptx", make_pptx())
    assert result.error is None
    segments = result.segments
    title = segments[0]
    assert (title.text, title.page, title.field) == ("Tenants", 1, None)
    cell = next(s for s in segments if s.text == "S1234567D")
    assert (cell.page, cell.field, cell.context) == (1, "table[0].row[1].cell[1]", "NRIC")
    notes = next(s for s in segments if s.field == "notes")
    assert notes.page == 1 and "T0123456G" in notes.text
    grouped = next(s for s in segments if "F1234567N" in s.text)
    assert grouped.page == 2
    text = (
        "Tenants\nName\nNRIC\nTan Ah Kow\nS1234567D\nCall +65 9123 4567 about T0123456G\n"
        "\n\f\ngrouped F1234567N\n"
    )
    check_offsets(segments, text)
    assert office_type(io.BytesIO(make_pptx())) == "pptx"
    unnamed = run_extract("upload.bin", make_pptx())
    assert [s.page for s in unnamed.segments] == [s.page for s in segments]


def test_corrupt_pptx(run_extract) -> None:
    data = make_pptx()
    result = run_extract("deck.pptx", data[: len(data) // 3])
    assert result.error is not None and "corrupt PPTX" in result.error.reason


# -- docx extras --------------------------------------------------------------------------

_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Witness NRIC </w:t></w:r>'
    "<w:r><w:t>S7654321A</w:t></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def with_footnotes(data: bytes) -> bytes:
    """Add a footnotes part the way Word stores it (python-docx cannot write one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = (
                source.read(info).decode("utf-8")
                if info.filename.endswith(".xml") or info.filename.endswith(".rels")
                else source.read(info)
            )
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    "</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_TYPE}"/>'
                    "</Types>",
                )
            if info.filename == "word/_rels/document.xml.rels":
                part = part.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdFoot1" Type="{_FOOTNOTES_REL}" '
                    'Target="footnotes.xml"/></Relationships>',
                )
            target.writestr(info.filename, part)
        target.writestr("word/footnotes.xml", _FOOTNOTES)
    return out.getvalue()


def test_docx_footnotes_comments_and_core_properties(run_extract) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The tenant signs below.")
    document.add_comment(paragraph.runs, text="Check F1234567N", author="Lim Mei Ling")
    document.core_properties.author = "Tan Ah Kow"
    document.core_properties.title = "Lease for T0123456G"
    data = with_footnotes(save(document))
    result = run_extract("lease.docx", data)
    assert result.error is None
    by_field = {s.field: s for s in result.segments}
    assert by_field["footnote[1]"].text == "Witness NRIC S7654321A"
    assert by_field["comment[0]"].text == "Check F1234567N"
    assert (by_field["comment[0].author"].text, by_field["comment[0].author"].context) == (
        "Lim Mei Ling",
        "name",
    )
    assert by_field["core.author"].text == "Tan Ah Kow"
    assert by_field["core.author"].kind == "field" and by_field["core.author"].context == "name"
    assert by_field["core.title"].text == "Lease for T0123456G"
    assert not any(re.fullmatch(r"footnote\[-1\]", s.field or "") for s in result.segments)


@pytest.mark.parametrize("seekable", [True, False])
def test_docx_found_by_content(run_extract, seekable: bool) -> None:
    document = docx.Document()
    document.add_paragraph("NRIC S1234567D")
    result = run_extract("attachment-3", save(document), seekable=seekable)
    assert result.error is None
    assert "S1234567D" in "".join(s.text for s in result.segments)


def test_damaged_cell_reason_does_not_quote_the_cell(run_extract) -> None:
    """A shared-string cell whose index is an NRIC: the parser error must not carry it."""

    def nric_as_string_index(data: bytes) -> bytes:
        data = re.sub(rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" t="s"><v>S1234567D</v></c>', data)
        assert b"S1234567D" in data
        return data

    leak = rewrite_xlsx("xl/worksheets/sheet2.xml", nric_as_string_index)
    result = run_extract("leak.xlsx", leak)
    assert result.error is not None and "unreadable" in result.error.reason
    assert "S1234567D" not in result.error.reason
