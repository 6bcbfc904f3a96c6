"""Plain text and logs: decoded in big blocks, emitted as line-aligned chunks.

No per-line Python objects: a 1 MiB block is decoded, appended to the pending text and cut at the
last newline before ``Limits.chunk_chars``. CRLF is kept as is, so each CR counts as a character.
The segment ``kind`` comes from the sniffed type: ``log`` for logs (``.log``, rotated logs and
``.txt``/unknown files that look like logs, see ``sniff.looks_like_log``), ``prose`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from scanner.extract.chunking import iter_chunks, segments_at
from scanner.extract.decode import iter_text_blocks
from scanner.extract.limits import Limits
from scanner.model import Segment

KIND_BY_TYPE = {"log": "log", "text": "prose"}


def extract_text(
    name: str, stream: BinaryIO, limits: Limits, *, kind: str = "prose"
) -> Iterator[Segment]:
    """Segments covering the whole decoded text of ``stream``, in order, never overlapping."""
    blocks = iter_text_blocks(stream, name, limits.read_block_bytes)
    yield from segments_at(iter_chunks(blocks, limits), name, kind)
