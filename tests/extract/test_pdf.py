"""PDF extraction on real PDFs made with fpdf2 (and damaged with pypdf)."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from scanner.extract.errors import ExtractError
from scanner.extract.limits import Limits
from scanner.extract.pdf import PAGE_SEPARATOR, extract_pdf
from scanner.model import Segment

PAGES = [
    "Service agreement\nCustomer NRIC S1234567D signed here.",
    "Page two\nContact +65 9123 4567\nEmail tan@example.com",
    "Page three: witness T0123456G",
]


def make_pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def run(data: bytes, limits: Limits | None = None) -> tuple[list[Segment], ExtractError | None]:
    segments: list[Segment] = []
    try:
        for segment in extract_pdf("doc.pdf", io.BytesIO(data), limits or Limits()):
            segments.append(segment)
    except ExtractError as exc:
        return segments, exc
    return segments, None


def page_texts(data: bytes) -> list[str]:
    """pypdf's own text per page: the independent oracle for the full text."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def assert_offsets(segments: list[Segment], full_text: str) -> None:
    for segment in segments:
        start = segment.offset
        assert full_text[start : start + len(segment.text)] == segment.text
        assert segment.line == full_text.count("\n", 0, start) + 1


def test_pages_numbers_offsets_and_lines() -> None:
    data = make_pdf(PAGES)
    segments, error = run(data)
    assert error is None
    assert [s.page for s in segments] == [1, 2, 3]
    assert {s.kind for s in segments} == {"prose"}
    assert {s.path for s in segments} == {"doc.pdf"}
    full_text = PAGE_SEPARATOR.join(page_texts(data))
    assert_offsets(segments, full_text)
    nric_at = full_text.index("T0123456G")
    [last] = [s for s in segments if s.offset <= nric_at < s.offset + len(s.text)]
    assert last.page == 3
    assert full_text[nric_at : nric_at + 9] == "T0123456G"
    assert "S1234567D" in segments[0].text
    assert segments[1].line > segments[0].line + PAGES[0].count("\n")


def test_long_page_is_chunked_with_exact_offsets() -> None:
    words = " ".join(f"word{i}" for i in range(150))
    data = make_pdf(["intro", words + " S1234567D"])
    segments, error = run(data, Limits(chunk_chars=200, break_search_chars=50))
    assert error is None
    assert len(segments) > 5
    assert all(len(s.text) <= 200 for s in segments)
    assert all(s.page == 2 for s in segments[1:])
    full_text = PAGE_SEPARATOR.join(page_texts(data))
    assert_offsets(segments, full_text)
    assert "".join(s.text for s in segments[1:]) == page_texts(data)[1]


def test_truncated_pdf_is_an_extract_error() -> None:
    data = make_pdf(PAGES)
    segments, error = run(data[: len(data) // 2])
    assert error is not None
    assert error.reason.startswith("corrupt PDF:")
    assert "S1234567D" not in error.reason


def test_not_a_pdf_at_all() -> None:
    _, error = run(b"%PDF-1.7\nthis is not really a pdf")
    assert error is not None and error.reason.startswith("corrupt PDF")


def test_broken_page_keeps_the_other_pages() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PAGES))))
    broken = DecodedStreamObject()
    broken.set_data(b"BT /F1 12 Tf 10 10 Td (abc) Tj ET BT [ ( ")  # unterminated array/string
    writer.pages[1][NameObject("/Contents")] = writer._add_object(broken)
    out = io.BytesIO()
    writer.write(out)

    segments, error = run(out.getvalue())
    assert [s.page for s in segments] == [1, 3]
    assert "T0123456G" in segments[1].text
    assert error is not None
    assert error.reason.startswith("page 2 unreadable:")
    # The unreadable page counts as empty text, so page 3 starts after two separators.
    assert segments[1].offset == len(segments[0].text) + 2 * len(PAGE_SEPARATOR)


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_with_a_password() -> None:
    segments, error = run(encrypted(make_pdf(PAGES), "s3cret"))
    assert segments == []
    assert error is not None and error.reason == "encrypted PDF"


def test_encrypted_pdf_with_empty_user_password_is_read() -> None:
    segments, error = run(encrypted(make_pdf(PAGES), ""))
    assert error is None
    assert "S1234567D" in segments[0].text


@pytest.mark.parametrize("seekable", [True, False])
def test_non_seekable_stream_is_spooled(seekable: bool) -> None:
    data = make_pdf(PAGES)

    class OneWay(io.RawIOBase):
        def __init__(self) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return seekable

        def seek(self, *args: int) -> int:
            if not seekable:
                raise io.UnsupportedOperation("seek")
            return self._inner.seek(*args)

        def tell(self) -> int:
            return self._inner.tell()

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    segments = list(extract_pdf("doc.pdf", OneWay(), Limits()))  # type: ignore[arg-type]
    assert [s.page for s in segments] == [1, 2, 3]


def test_spooling_is_bounded() -> None:
    class OneWay(io.BytesIO):
        def seekable(self) -> bool:
            return False

    with pytest.raises(ExtractError, match="too large to buffer"):
        list(extract_pdf("doc.pdf", OneWay(make_pdf(PAGES)), Limits(max_member_bytes=100)))
