"""Give random-access formats (PDF, DOCX, ZIP) a seekable stream without trusting its size."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, BinaryIO

from scanner.extract.errors import ExtractError

# Spooled copies stay in memory up to this size, then move to an anonymous temporary file.
SPOOL_MEMORY_BYTES = 8 << 20
_COPY_BLOCK = 1 << 20


def is_seekable(stream: BinaryIO) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def spool(stream: IO[bytes], max_bytes: int) -> BinaryIO:
    """Copy ``stream`` into a rewound temporary file, refusing more than ``max_bytes``."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)
    try:
        copied = 0
        while True:
            block = stream.read(min(_COPY_BLOCK, max_bytes + 1 - copied))
            if not block:
                break
            copied += len(block)
            if copied > max_bytes:
                raise ExtractError(f"too large to buffer for random access (> {max_bytes} bytes)")
            copy.write(block)
        copy.seek(0)
        return copy  # type: ignore[return-value]
    except BaseException:
        copy.close()
        raise


@contextmanager
def seekable_stream(stream: BinaryIO, max_bytes: int) -> Iterator[BinaryIO]:
    """``stream`` itself when it can seek, else a bounded spooled copy closed on exit."""
    if is_seekable(stream):
        yield stream
        return
    with spool(stream, max_bytes) as copy:
        yield copy
