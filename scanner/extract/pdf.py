"""PDF text, one page at a time, with 1-based page numbers and global offsets.

The file's extracted text is the pages' texts joined by ``PAGE_SEPARATOR`` (a form feed on a
line of its own, so a value never runs from one page into the next). A page that cannot be
read counts as empty text; the other pages keep their findings and the file is then reported
as an error naming the unreadable pages.

Pages may share content streams, so a few KB of PDF can expand to any amount of text. The text
of one PDF obeys the ratio rule (``Limits.ratio_limit`` of the file's size) and
``Limits.max_text_chars``; past either, the rest is not extracted and the file is an error
saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from pypdf import PasswordType, PdfReader

from scanner.extract.chunking import iter_chunks, segments_at
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
        size = seekable.seek(0, 2)
        seekable.seek(0)
        max_chars = min(limits.ratio_limit(size), limits.max_text_chars)
        ocr = PdfPageOcr(seekable)
        try:
            yield from _pages(name, _open_reader(seekable), limits, max_chars, size, ocr)
        finally:
            ocr.close()


def _content_bytes(reader: PdfReader, index: int) -> int:
    """Decompressed size of a page's content streams (zlib only: cheap next to parsing)."""
    try:
        contents = reader.pages[index].get_contents()
        return len(contents.get_data()) if contents is not None else 0
    except Exception:  # a broken page is reported by extract_text below
        return 0


def _cap_reason(
    amount: int, size: int, limits: Limits, page: int, pages: int, before: bool = False
) -> str:
    what = "content streams" if before else "text"
    unit = "bytes" if before else "characters"
    if before:
        where = f"pages {page}-{pages} not scanned" if page < pages else f"page {page} not scanned"
    else:
        rest = f"; pages {page + 1}-{pages} not scanned" if page < pages else ""
        where = f"page {page} cut{rest}"
    return (
        f"PDF {what} capped at {amount} {unit} from a {size}-byte file (Limits.max_ratio "
        f"{limits.max_ratio}:1 above ratio_floor_bytes, or Limits.max_text_chars): {where}"
    )


def _pages(
    name: str, reader: PdfReader, limits: Limits, max_chars: int, size: int, ocr: PdfPageOcr
) -> Iterator[Segment]:
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        raise ExtractError(f"corrupt PDF: {_why(exc)}") from exc

    offset, line = 0, 1
    failures: list[str] = []
    extracted = 0  # characters of page text so far, against max_chars
    content = 0  # decompressed content-stream bytes so far (shared streams count per page)
    for index in range(page_count):
        number = index + 1
        if index:
            offset += len(PAGE_SEPARATOR)
            line += PAGE_SEPARATOR.count("\n")
        try:
            with _decode_problems() as problems:
                # Decoding the content first is cheap and caches it; a damaged stream's
                # warning is caught here like extract_text's own.
                content += _content_bytes(reader, index)
                text = "" if content > max_chars else reader.pages[index].extract_text() or ""
        except Exception as exc:
            failures.append(f"page {number} unreadable: {_why(exc)}")
            continue
        if content > max_chars:
            failures.insert(0, _cap_reason(content, size, limits, number, page_count, True))
            break
        if problems:
            failures.append(f"page {number} partly unreadable: damaged stream ({problems[0]})")
        capped = extracted + len(text) > max_chars
        if capped:
            text = text[: max_chars - extracted]
        extracted += len(text)
        chunks = iter_chunks([text], limits, offset=offset, line=line)
        yield from segments_at(chunks, name, "prose", page=number, skip_blank=True)
        offset += len(text)
        line += text.count("\n")
        page = ocr.read(index, text)
        if page is not None and page.text.strip():
            if text:  # OCR text follows the text layer on a line of its own
                offset, line = offset + 1, line + 1
            yield ocr_segment(page, path=name, offset=offset, line=line, page_number=number)
            offset += len(page.text)
            line += page.text.count("\n")
        if capped:
            failures.insert(0, _cap_reason(extracted, size, limits, number, page_count))
            break

    failures += ocr.failures
    if failures:
        shown = "; ".join(failures[:_MAX_REASONS])
        more = len(failures) - _MAX_REASONS
        raise ExtractError(shown + (f"; and {more} more unreadable pages" if more > 0 else ""))
    unread = ocr.reason()
    if unread:
        raise PartialExtract(unread)
