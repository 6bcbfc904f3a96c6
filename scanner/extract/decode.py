"""Bytes to text in bounded blocks: BOM handling and a never-failing fallback for bad UTF-8.

Every text-based extractor (plain text, logs, JSON, CSV) reads through ``iter_text_blocks`` so
offsets mean the same thing everywhere: code points of the decoded text, BOM excluded.
"""

from __future__ import annotations

import codecs
import io
import logging
from collections.abc import Iterator
from typing import BinaryIO

log = logging.getLogger(__name__)

FALLBACK_ERRORS = "piimap-latin1"


def _latin1_for_undefined(exc: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves five bytes undefined; decode them as Latin-1 so every byte is one character.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error(FALLBACK_ERRORS, _latin1_for_undefined)


def bom_encoding(head: bytes) -> str | None:
    """``utf-8-sig``, ``utf-32`` or ``utf-16`` when ``head`` starts with that BOM, else None."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


# UTF-16/32 written without a BOM (Windows tools, .NET and Java services writing "Unicode")
# is recognised by where its NUL bytes fall: text in the Latin range has a NUL in the same
# byte position of every code unit. The pattern must hold for nearly every unit of the head
# and the head must decode, so a binary file with scattered NULs stays binary.
_MIN_WIDE_HEAD = 16
_WIDE_SAMPLE_BYTES = 512
_WIDE_PATTERN_SHARE = 0.9
_WIDE_CANDIDATES = (
    ("utf-32-le", 4, (1, 2, 3)),
    ("utf-32-be", 4, (0, 1, 2)),
    ("utf-16-le", 2, (1,)),
    ("utf-16-be", 2, (0,)),
)


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16/32 variant a BOM-less ``head`` is written in, or None."""
    head = head[:_WIDE_SAMPLE_BYTES]
    if len(head) < _MIN_WIDE_HEAD or b"\x00" not in head:
        return None
    for encoding, width, zero_at in _WIDE_CANDIDATES:
        units = len(head) // width
        sample = head[: units * width]
        matching = sum(
            1
            for u in range(units)
            if all(sample[u * width + i] == 0 for i in zero_at)
            and any(sample[u * width + i] for i in range(width) if i not in zero_at)
        )
        if matching < _WIDE_PATTERN_SHARE * units:
            continue
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def text_encoding(head: bytes) -> str | None:
    """The encoding a BOM or the NUL pattern of ``head`` names; None means UTF-8 (or cp1252)."""
    return bom_encoding(head) or wide_encoding(head)


def decode_head(head: bytes) -> str:
    """Best-effort text of a file's first bytes, for sniffing only."""
    encoding = text_encoding(head)
    if encoding is not None and encoding != "utf-8-sig":
        return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    return head.decode("utf-8-sig" if encoding else "utf-8", errors="replace")


def _complete_utf8_len(data: bytes) -> int:
    """Length of ``data`` without a trailing, incomplete UTF-8 sequence."""
    n = len(data)
    for back in range(1, min(4, n) + 1):
        byte = data[n - back]
        if byte < 0x80:
            return n
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return n - back if back < need else n
    return n


def _read_blocks(stream: BinaryIO, block_bytes: int) -> Iterator[bytes]:
    while True:
        block = stream.read(block_bytes)
        if not block:
            return
        yield block


def iter_text_blocks(stream: BinaryIO, name: str, block_bytes: int = 1 << 20) -> Iterator[str]:
    """Decode ``stream`` block by block (memory bounded by ``block_bytes``).

    UTF-8 (BOM stripped), UTF-16 or UTF-32 with a BOM, or UTF-16/32 without one (recognised by
    the NUL pattern of the first bytes). At the first invalid UTF-8 byte the rest of the file is
    decoded as cp1252 (undefined bytes as Latin-1), which never fails; the switch is logged with
    the byte offset, and the file is still scanned.
    """
    blocks = _read_blocks(stream, block_bytes)
    first = b""
    while len(first) < 256:  # enough for any BOM and the NUL pattern, whatever the block size
        block = next(blocks, b"")
        if not block:
            break
        first += block
    encoding = text_encoding(first)
    if encoding is not None and encoding != "utf-8-sig":
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        for block in _chain(first, blocks):
            text = decoder.decode(block)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
        return
    if encoding == "utf-8-sig":
        first = first[len(codecs.BOM_UTF8) :]
    yield from _decode_utf8_or_cp1252(_chain(first, blocks), name)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _decode_utf8_or_cp1252(blocks: Iterator[bytes], name: str) -> Iterator[str]:
    leftover = b""
    consumed = 0  # bytes before ``data``, for the log message
    fallback = False
    while True:
        block = next(blocks, b"")
        final = not block
        data = leftover + block if leftover else block
        if not data:
            return
        if fallback:
            yield data.decode("cp1252", FALLBACK_ERRORS)
            leftover = b""
        else:
            cut = len(data) if final else _complete_utf8_len(data)
            try:
                text = str(memoryview(data)[:cut], "utf-8")
            except UnicodeDecodeError as exc:
                log.warning(
                    "%s: invalid UTF-8 at byte %d; decoding the rest as cp1252",
                    name,
                    consumed + exc.start,
                )
                fallback = True
                text = data[: exc.start].decode("utf-8") + data[exc.start :].decode(
                    "cp1252", FALLBACK_ERRORS
                )
                cut = len(data)
            leftover = data[cut:]
            consumed += cut
            if text:
                yield text
        if final:
            return


class PrefixedStream(io.RawIOBase):
    """Replays bytes already read from a non-seekable stream, then reads on."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        if self._prefix:
            n = min(size, len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(size)
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)


def peek_head(stream: BinaryIO, size: int = 64 * 1024) -> tuple[bytes, BinaryIO]:
    """Read up to ``size`` bytes for sniffing without losing them.

    Returns the head and the stream to read the whole file from (the same stream rewound when it
    is seekable, else a wrapper that replays the head first).
    """
    try:
        seekable = stream.seekable()
    except (AttributeError, OSError, ValueError):
        seekable = False
    if seekable:
        position = stream.tell()
        head = stream.read(size)
        stream.seek(position)
        return head, stream
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        data = stream.read(remaining)
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    head = b"".join(parts)
    return head, PrefixedStream(head, stream)  # type: ignore[return-value]
