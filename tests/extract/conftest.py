"""Helpers for the extract tests: run an extraction to the end, keeping segments and the error."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from scanner.extract import ExtractError, Limits, UnsupportedFile, extract
from scanner.model import Segment


@dataclass
class Extraction:
    segments: list[Segment]
    error: ExtractError | UnsupportedFile | None

    @property
    def text(self) -> str:
        """The concatenated segment texts (the file's text, for text-like formats)."""
        return "".join(s.text for s in self.segments)


class NonSeekable(io.RawIOBase):
    """A stream like a network body: readable once, no seek, no peek."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:  # type: ignore[override]
        chunk = self._inner.read(min(len(buffer), 4096))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def run_extraction(
    name: str, data: bytes, limits: Limits | None = None, *, seekable: bool = True
) -> Extraction:
    stream = io.BytesIO(data) if seekable else NonSeekable(data)
    segments: list[Segment] = []
    error: ExtractError | UnsupportedFile | None = None
    try:
        for segment in extract(name, stream, limits=limits or Limits()):  # type: ignore[arg-type]
            segments.append(segment)
    except (ExtractError, UnsupportedFile) as exc:
        error = exc
    return Extraction(segments, error)


@pytest.fixture
def run_extract() -> Callable[..., Extraction]:
    return run_extraction


def assert_offsets_point_at_values(segments: list[Segment], full_text: str) -> None:
    """Each segment's text sits at its offset in ``full_text`` and on its line."""
    for segment in segments:
        start = segment.offset
        assert full_text[start : start + len(segment.text)] == segment.text, segment
        assert segment.line == full_text.count("\n", 0, start) + 1, segment


@pytest.fixture
def check_offsets() -> Callable[[list[Segment], str], None]:
    return assert_offsets_point_at_values
