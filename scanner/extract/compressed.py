"""gzip / bzip2 / xz: decompress as a stream and dispatch the inner file again.

The inner file is named after the outer one without its suffix (``app.log.gz`` -> ``app.log``,
``data.jsonl.gz`` -> ``data.jsonl``), so it gets the right extractor; segment paths stay the
outer path. A truncated or corrupt stream, or one that decompresses past
``Limits.max_decompressed_bytes`` or past the ratio rule (``Limits.ratio_allows``: at most
``max_ratio`` times the compressed bytes read so far, above ``ratio_floor_bytes``), ends the inner
file early: its readable part is extracted as usual, then ``ExtractError`` says why.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from scanner.extract.errors import ExtractError
from scanner.extract.limits import Limits
from scanner.model import Segment

# (path, type_name, stream, limits, depth) -> segments: the dispatcher, injected to avoid a cycle.
Dispatch = Callable[[str, str, BinaryIO, Limits, int], Iterator[Segment]]

SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "gzip": ((".tgz", ".tar"), (".gzip", ""), (".gz", "")),
    "bzip2": ((".tbz2", ".tar"), (".bz2", "")),
    "xz": ((".txz", ".tar"), (".xz", "")),
}


def inner_name(name: str, fmt: str) -> str:
    """The name the decompressed file would have (unchanged when there is no known suffix)."""
    lowered = name.lower()
    for suffix, replacement in SUFFIXES[fmt]:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + replacement
    return name


def _open(fmt: str, stream: BinaryIO) -> io.BufferedIOBase:
    if fmt == "gzip":
        return gzip.GzipFile(fileobj=stream, mode="rb")
    if fmt == "bzip2":
        return bz2.BZ2File(stream)
    if fmt == "xz":
        return lzma.LZMAFile(stream)
    raise ValueError(f"not a compression format: {fmt}")


class CountingReader(io.RawIOBase):
    """Counts the compressed bytes a decompressor has pulled from ``raw``."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class GuardedDecompressor(io.RawIOBase):
    """Reads decompressed bytes; turns corruption and over-size into a clean EOF plus ``error``.

    Ending cleanly lets the inner extractor flush what it has buffered, so nothing readable is
    lost; the caller raises ``error`` afterwards.
    """

    def __init__(
        self,
        decompressed: io.BufferedIOBase,
        fmt: str,
        max_bytes: int,
        limits: Limits | None = None,
        compressed: CountingReader | None = None,
    ) -> None:
        super().__init__()
        self._inner = decompressed
        self._fmt = fmt
        self._max_bytes = max_bytes
        self._limits = limits
        self._compressed = compressed
        self.total = 0
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.error is not None or len(buffer) == 0:
            return 0
        try:
            # read1: one decompression step per call. read() loops and would drop what it had
            # already decompressed when the stream turns out to be truncated.
            data = self._inner.read1(len(buffer))
        except EOFError:
            self.error = f"truncated {self._fmt} stream (compressed data ends early)"
            return 0
        except (OSError, zlib.error, lzma.LZMAError) as exc:
            self.error = f"corrupt {self._fmt} stream ({type(exc).__name__})"
            return 0
        room = self._max_bytes - self.total
        if len(data) > room:
            data = data[:room]
            self.error = (
                f"{self._fmt} stream decompresses to more than {self._max_bytes} bytes "
                "(Limits.max_decompressed_bytes); the rest was not scanned"
            )
        if self._limits is not None and self._compressed is not None:
            allowed = self._limits.ratio_limit(self._compressed.count)
            if self.total + len(data) > allowed:
                data = data[: max(0, allowed - self.total)]
                self.error = (
                    f"{self._fmt} stream inflates past max_ratio {self._limits.max_ratio}:1 "
                    f"({self._compressed.count} compressed bytes; possible decompression bomb); "
                    "the rest was not scanned"
                )
        self.total += len(data)
        buffer[: len(data)] = data
        return len(data)


def extract_compressed(
    path: str,
    type_name: str,
    stream: BinaryIO,
    limits: Limits,
    fmt: str,
    depth: int,
    dispatch: Dispatch,
) -> Iterator[Segment]:
    """Segments of the decompressed content of ``stream`` (``fmt``: gzip, bzip2 or xz)."""
    compressed = CountingReader(stream)
    decompressed = _open(fmt, compressed)  # type: ignore[arg-type]
    guarded = GuardedDecompressor(
        decompressed, fmt, limits.max_decompressed_bytes, limits, compressed
    )
    reader = io.BufferedReader(guarded, buffer_size=limits.read_block_bytes)
    try:
        yield from dispatch(path, inner_name(type_name, fmt), reader, limits, depth + 1)
    except ExtractError as exc:
        if guarded.error is None:
            raise
        raise ExtractError(f"{guarded.error}; {exc.reason}") from exc
    finally:
        decompressed.close()
    if guarded.error is not None:
        raise ExtractError(guarded.error)
