"""PDF text, one page at a time, with 1-based page numbers and global offsets.

The file's extracted text is the pages' texts joined by ``PAGE_SEPARATOR`` (a form feed on a
line of its own, so a value never runs from one page into the next). A page that cannot be
read counts as empty text; the other pages keep their findings and the file is then reported
as an error naming the unreadable pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from pypdf import PasswordType, PdfReader

from scanner.extract.chunking import iter_chunks
from scanner.extract.errors import ExtractError, PartialExtract
from scanner.extract.limits import Limits
from scanner.extract.ocr import ocr_segment
from scanner.extract.pdf_ocr import PdfPageOcr
from scanner.extract.seekable import seekable_stream
from scanner.model import Segment

PAGE_SEPARATOR = "\n\f\n"
_MAX_REASONS = 5

# pypdf logs repairs of damaged files at WARNING; they are noise for a scan of many files.
logging.getLogger("pypdf").setLevel(logging.ERROR)
# ...except a content stream that cannot be decompressed: pypdf logs it and returns no text for
# it, which would silently lose the page. Those messages (zlib/filter errors, no file content)
# are captured per page and make the file an error.
_FILTER_LOGGER = "pypdf.filters"


class _Problems(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:200])


@contextmanager
def _decode_problems() -> Iterator[list[str]]:
    logger = logging.getLogger(_FILTER_LOGGER)
    handler = _Problems()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _open_reader(stream: BinaryIO) -> PdfReader:
    try:
        reader = PdfReader(stream, strict=False)
    except Exception as exc:  # pypdf raises many types on damaged input; all mean "corrupt"
        raise ExtractError(f"corrupt PDF: {_why(exc)}") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # unsupported algorithm or missing crypto backend
            raise ExtractError(f"encrypted PDF ({_why(exc)})") from exc
        if opened == PasswordType.NOT_DECRYPTED:
            raise ExtractError("encrypted PDF")
    return reader


def extract_pdf(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """Yield ``prose`` segments page by page; raise ``ExtractError`` last if a page failed."""
    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        ocr = PdfPageOcr(seekable)
        try:
            yield from _pages(name, _open_reader(seekable), limits, ocr)
        finally:
            ocr.close()


def _pages(name: str, reader: PdfReader, limits: Limits, ocr: PdfPageOcr) -> Iterator[Segment]:
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        raise ExtractError(f"corrupt PDF: {_why(exc)}") from exc

    offset, line = 0, 1
    failures: list[str] = []
    for index in range(page_count):
        number = index + 1
        if index:
            offset += len(PAGE_SEPARATOR)
            line += PAGE_SEPARATOR.count("\n")
        try:
            with _decode_problems() as problems:
                text = reader.pages[index].extract_text() or ""
        except Exception as exc:
            failures.append(f"page {number} unreadable: {_why(exc)}")
            continue
        if problems:
            failures.append(f"page {number} partly unreadable: damaged stream ({problems[0]})")
        chunks = iter_chunks([text], limits, offset=offset, line=line)
        for chunk, chunk_offset, chunk_line in chunks:
            if chunk.strip():
                yield Segment(
                    text=chunk,
                    path=name,
                    offset=chunk_offset,
                    line=chunk_line,
                    page=number,
                    kind="prose",
                )
        offset += len(text)
        line += text.count("\n")
        page = ocr.read(index, text)
        if page is not None and page.text.strip():
            if text:  # OCR text follows the text layer on a line of its own
                offset, line = offset + 1, line + 1
            yield ocr_segment(page, path=name, offset=offset, line=line, page_number=number)
            offset += len(page.text)
            line += page.text.count("\n")

    failures += ocr.failures
    if failures:
        shown = "; ".join(failures[:_MAX_REASONS])
        more = len(failures) - _MAX_REASONS
        raise ExtractError(shown + (f"; and {more} more unreadable pages" if more > 0 else ""))
    if ocr.reason():
        raise PartialExtract(ocr.reason())
