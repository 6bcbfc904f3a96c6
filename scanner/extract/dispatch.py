"""Pick the extractor for a file from its sniffed type, recursing into containers.

Format extractors for PDF, office files, mail and archives live in their own modules and are
imported only when a file needs them. Containers (zip, tar, eml, msg, gzip, bzip2, xz) call back
into ``extract_member`` with a depth counter so nesting is bounded by ``Limits.max_depth``.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from scanner.extract.compressed import extract_compressed
from scanner.extract.decode import peek_head
from scanner.extract.errors import ExtractError, UnsupportedFile
from scanner.extract.jsondoc import extract_json, extract_jsonl
from scanner.extract.limits import Limits
from scanner.extract.members import Nesting
from scanner.extract.ooxml import OFFICE_TYPES, office_type
from scanner.extract.seekable import seekable_stream
from scanner.extract.sniff import binary_reason, sniff_file_type
from scanner.extract.tabular import extract_delimited, extract_parquet
from scanner.extract.text import KIND_BY_TYPE, extract_text
from scanner.model import Segment

HEAD_BYTES = 64 * 1024
DEFAULT_LIMITS = Limits()


def extract(name: str, stream: BinaryIO, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Segment]:
    """Segments of the file ``name`` read from ``stream``, lazily and in bounded memory.

    Raises ``UnsupportedFile`` when there is nothing to extract (binary content), and
    ``ExtractError`` after yielding every readable segment when the file is broken or too big.
    """
    yield from _capped(_extract(name, name, stream, limits, 0), limits.max_text_chars)


def _capped(segments: Iterator[Segment], max_chars: int) -> Iterator[Segment]:
    """``segments`` up to ``max_chars`` characters of text in all; then ``ExtractError``."""
    total = 0
    for segment in segments:
        if total + len(segment.text) > max_chars:
            keep = max_chars - total
            if keep > 0:
                yield dataclasses.replace(segment, text=segment.text[:keep])
            segments.close()  # type: ignore[attr-defined]
            raise ExtractError(
                f"extracted text passes {max_chars} characters (Limits.max_text_chars); "
                "the rest of the file was not scanned"
            )
        total += len(segment.text)
        yield segment


def extract_member(
    member_name: str, stream: BinaryIO, limits: Limits, depth: int
) -> Iterator[Segment]:
    """Segments of an archive member; ``member_name`` is its full path (``a.zip!dir/b.txt``).

    ``depth`` is the member's nesting level (1 for a member of a top-level archive); the number
    of ``!`` in the name counts as well, so a caller cannot undercount.
    """
    depth = max(depth, member_name.count("!"))
    yield from _extract(member_name, member_name, stream, limits, depth)


def _extract(
    path: str, type_name: str, stream: BinaryIO, limits: Limits, depth: int
) -> Iterator[Segment]:
    """``path`` names the segments; ``type_name`` decides the type (they differ inside gzip)."""
    if depth > limits.max_depth:
        raise ExtractError(
            f"nested more than {limits.max_depth} containers deep (Limits.max_depth)"
        )
    head, stream = peek_head(stream, HEAD_BYTES)
    file_type = sniff_file_type(type_name, head)
    if file_type in KIND_BY_TYPE:
        yield from extract_text(path, stream, limits, kind=KIND_BY_TYPE[file_type])
    elif file_type == "json":
        yield from extract_json(path, stream, limits)
    elif file_type == "jsonl":
        yield from extract_jsonl(path, stream, limits)
    elif file_type in ("csv", "tsv"):
        delimiter = "," if file_type == "csv" else "\t"
        yield from extract_delimited(path, stream, limits, delimiter=delimiter)
    elif file_type in ("gzip", "bzip2", "xz"):
        yield from extract_compressed(path, type_name, stream, limits, file_type, depth, _extract)
    elif file_type == "parquet":
        with _seekable(stream, limits) as seekable:
            yield from extract_parquet(path, seekable, limits)
    elif file_type == "pdf":
        # PDF, DOCX and ZIP extractors make their stream seekable under their own limits.
        yield from _load("pdf", "extract_pdf")(path, stream, limits)
    elif file_type == "image":
        yield from _load("image", "extract_image")(path, stream, limits)
    elif file_type in ("zip", *OFFICE_TYPES):
        # An xlsx/pptx/docx is a ZIP with its main part, whatever its name says.
        with seekable_stream(stream, limits.max_total_bytes) as seekable:
            office = office_type(seekable) or (None if file_type == "zip" else file_type)
            if office is not None:
                yield from _load(office, f"extract_{office}")(path, seekable, limits)
            else:
                extract_zip = _load("archive", "extract_zip")
                yield from extract_zip(path, seekable, Nesting(limits, extract_member, depth))
    elif file_type in ("tar", "eml", "msg"):
        # Containers of members (tar entries, mail attachments): ``path!member`` like a ZIP.
        extract_container = _load(file_type, f"extract_{file_type}")
        yield from extract_container(path, stream, Nesting(limits, extract_member, depth))
    elif file_type == "binary":
        raise UnsupportedFile(f"binary content ({binary_reason(head) or 'not text'})")
    else:  # pragma: no cover - sniff_file_type only returns the types above
        raise UnsupportedFile(f"unsupported file type {file_type!r}")


def _load(module: str, function: str) -> Any:
    """Import ``scanner.extract.<module>.<function>`` when a file first needs it."""
    import importlib

    qualified = f"scanner.extract.{module}"
    try:
        return getattr(importlib.import_module(qualified), function)
    except ModuleNotFoundError as exc:
        if exc.name != qualified:
            raise
        raise UnsupportedFile(f"no {module} extractor installed") from None


@contextmanager
def _seekable(stream: BinaryIO, limits: Limits) -> Iterator[BinaryIO]:
    """``stream`` itself when seekable, else a temporary file copy (bounded by the limits)."""
    try:
        seekable = stream.seekable()
    except (AttributeError, OSError, ValueError):
        seekable = False
    if seekable:
        yield stream
        return
    with tempfile.TemporaryFile(prefix="piimap-") as spool:
        copied = 0
        while True:
            block = stream.read(limits.read_block_bytes)
            if not block:
                break
            copied += len(block)
            if copied > limits.max_decompressed_bytes:
                raise ExtractError(
                    f"stream larger than {limits.max_decompressed_bytes} bytes "
                    "(Limits.max_decompressed_bytes) cannot be buffered for random access"
                )
            spool.write(block)
        spool.seek(0)
        yield spool
