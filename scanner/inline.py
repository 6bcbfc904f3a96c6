"""Inline suppressions: ``piimap:allow SG_NRIC_FIN <reason>`` on a finding's line or the line above.

Reading lines back is the only place the gate looks at file content again, so it is kept cheap:
only plain-text files (a line number means a physical line there), a fast byte search for the
marker first, and lines streamed in bounded pieces. The reason after the entity types is required
but never copied into a report: it is file content and could itself hold personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MARKER = b"piimap:allow"
# File types whose `line` numbers are physical lines of the file on disk.
LINE_FILE_TYPES = frozenset({"text", "log", "jsonl", "json", "csv", "tsv"})
MAX_LINE_BYTES = 1 << 20
_CHUNK = 1 << 20

_MARKER_RE = re.compile(
    r"piimap:allow\s+"
    r"(?P<types>[A-Z][A-Z0-9_]*(?:\s*,\s*[A-Z][A-Z0-9_]*)*)"
    r"(?P<reason>[^\n]*)"
)


@dataclass(frozen=True)
class InlineMarker:
    line: int
    entity_types: frozenset[str]


@dataclass
class InlineIndex:
    """Markers per reported path: ``{path: {line: marker}}``."""

    markers: dict[str, dict[int, InlineMarker]] = field(default_factory=dict)

    def suppressing(self, path: str, line: int, entity_type: str) -> InlineMarker | None:
        """The marker on ``line`` or the line above that names ``entity_type``, if any."""
        by_line = self.markers.get(path)
        if not by_line:
            return None
        for candidate in (line, line - 1):
            marker = by_line.get(candidate)
            if marker is not None and entity_type in marker.entity_types:
                return marker
        return None


def parse_marker(text: str) -> frozenset[str] | None:
    """The entity types a line's marker names; None without a marker or without a reason."""
    m = _MARKER_RE.search(text)
    if m is None:
        return None
    reason = m.group("reason").strip().strip("-*/#>").strip()
    if not reason:
        return None
    return frozenset(t.strip() for t in m.group("types").split(","))


def file_has_marker(uri: str) -> bool:
    """Search the raw bytes for the marker, across chunk boundaries, without decoding."""
    keep = len(MARKER) - 1
    tail = b""
    with open(uri, "rb") as fh:
        while block := fh.read(_CHUNK):
            window = tail + block
            if MARKER in window:
                return True
            tail = window[-keep:]
    return False


def iter_lines(uri: str) -> Iterator[tuple[int, str]]:
    """``(line_number, text)`` for each physical line; an overlong line is cut, not buffered."""
    number = 1
    with open(uri, "rb") as fh:
        while True:
            raw = fh.readline(MAX_LINE_BYTES)
            if not raw:
                return
            complete = raw.endswith(b"\n")
            yield number, raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
            if not complete:
                # Skip the rest of an overlong line so numbering stays physical.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(MAX_LINE_BYTES)
            number += 1


def read_markers(uri: str) -> dict[int, InlineMarker]:
    if not file_has_marker(uri):
        return {}
    found: dict[int, InlineMarker] = {}
    for number, text in iter_lines(uri):
        if "piimap:allow" in text:
            types = parse_marker(text)
            if types:
                found[number] = InlineMarker(number, types)
    return found


def read_lines(uri: str, wanted: Iterable[int]) -> dict[int, str]:
    """The text of the given line numbers (stops reading after the last one)."""
    want = set(wanted)
    if not want:
        return {}
    last = max(want)
    out: dict[int, str] = {}
    for number, text in iter_lines(uri):
        if number in want:
            out[number] = text
        if number >= last:
            break
    return out


def build_inline_index(files: Iterable[tuple[str, str]]) -> InlineIndex:
    """Markers for each ``(reported_path, local_uri)``; files without the marker cost one read."""
    index = InlineIndex()
    for path, uri in files:
        try:
            markers = read_markers(uri)
        except OSError:
            continue  # the scan already recorded why the file cannot be read
        if markers:
            index.markers[path] = markers
    return index


__all__ = [
    "LINE_FILE_TYPES",
    "MARKER",
    "InlineIndex",
    "InlineMarker",
    "build_inline_index",
    "file_has_marker",
    "iter_lines",
    "parse_marker",
    "read_lines",
    "read_markers",
]
