"""Inline suppressions: ``piimap:allow SG_NRIC_FIN <reason>`` on a finding's line or the line above.

A marker is written by whoever writes the file, and a log line is partly written by users, so a
marker is honoured only where a developer would put one (issue 18, item 9):

- in a comment: right after a comment leader (``#``, ``//``, ``/*``, ``--``, ``;``, ``<!--``,
  ``*``, ``%``, ``REM``) that begins the line or follows white space, and not inside a quoted
  string; only in plain text and log files, never in JSON, JSONL or CSV, where every string or
  cell is itself a scanned value;
- for one value per entity type it names: on its own line, the value of that type nearest to
  the marker; on the line above (a whole-line comment only, so a logged user field cannot
  reach the next line), the first value of that type on the next line.

Reading lines back is the only place the gate looks at file content again, so it is kept cheap:
only plain-text files (a line number means a physical line there), a fast byte search for the
marker first, and lines streamed in bounded pieces. The reason after the entity types is required
but never copied into a report: it is file content and could itself hold personal data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from scanner.model import Finding

MARKER = b"piimap:allow"
# File types whose `line` numbers are physical lines of the file on disk.
LINE_FILE_TYPES = frozenset({"text", "log", "jsonl", "json", "csv", "tsv"})
# File types with comments; in the others every string or cell is a scanned value.
INLINE_FILE_TYPES = frozenset({"text", "log"})
MAX_LINE_BYTES = 1 << 20
_CHUNK = 1 << 20

_MARKER_RE = re.compile(
    r"piimap:allow\s+"
    r"(?P<types>[A-Z][A-Z0-9_]*(?:\s*,\s*[A-Z][A-Z0-9_]*)*)"
    r"(?P<reason>[^\n]*)"
)
# A comment leader right before the marker, at the line start or after white space.
_COMMENT_LEAD = re.compile(r"(?:^|(?<=\s))(?:#+|//+|/\*+|--+|;+|<!--|\*|%+|REM)[ \t]*$")
_QUOTE = re.compile(r'(?<!\\)"')


@dataclass(frozen=True)
class InlineMarker:
    line: int
    entity_types: frozenset[str]
    offset: int = 0  # code-point offset of the marker in the file's text
    whole_line: bool = True  # the comment is the whole line (it may then cover the next line)


@dataclass
class InlineIndex:
    """Markers per reported path: ``{path: {line: marker}}``, bound to the values they cover."""

    markers: dict[str, dict[int, InlineMarker]] = field(default_factory=dict)
    _covered: dict[tuple[str, int, str, int], InlineMarker] = field(default_factory=dict)

    def bind(self, findings: Iterable[Finding]) -> None:
        """Choose the one value of each named type that each marker covers."""
        starts: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        for f in findings:
            if f.path in self.markers:
                starts[(f.path, f.line, f.entity_type)].append(f.start)
        self._covered = {}
        for path, by_line in self.markers.items():
            for line, marker in by_line.items():
                for entity_type in marker.entity_types:
                    here = starts.get((path, line, entity_type))
                    below = starts.get((path, line + 1, entity_type))
                    if here:
                        start = min(here, key=lambda s: (abs(s - marker.offset), s))
                        self._covered.setdefault((path, line, entity_type, start), marker)
                    elif below and marker.whole_line:
                        self._covered.setdefault((path, line + 1, entity_type, min(below)), marker)

    def suppressing(
        self, path: str, line: int, entity_type: str, start: int
    ) -> InlineMarker | None:
        """The marker that covers the finding at ``start`` on ``line``, if any (after bind)."""
        return self._covered.get((path, line, entity_type, start))


def _marker_match(text: str) -> tuple[re.Match[str], bool] | None:
    """The marker in a comment on this line and whether the comment is the whole line."""
    m = _MARKER_RE.search(text)
    if m is None:
        return None
    prefix = text[: m.start()]
    lead = _COMMENT_LEAD.search(prefix)
    if lead is None:
        return None
    before = prefix[: lead.start()]
    if len(_QUOTE.findall(before)) % 2:
        return None  # inside a quoted string: a value, not a comment
    return m, not before.strip()


def parse_marker(text: str) -> frozenset[str] | None:
    """The entity types a line's comment marker names; None without a marker in a comment or
    without a reason."""
    found = _marker_match(text)
    if found is None:
        return None
    m = found[0]
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
    for number, _, text in _iter_lines(uri):
        yield number, text


def _iter_lines(uri: str) -> Iterator[tuple[int, int, str]]:
    """``(line_number, offset, text)``: ``offset`` counts code points from the start of the
    decoded text, BOM excluded, as the extractors do (approximate after an overlong line)."""
    number, offset = 1, 0
    with open(uri, "rb") as fh:
        while True:
            raw = fh.readline(MAX_LINE_BYTES)
            if not raw:
                return
            complete = raw.endswith(b"\n")
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
            yield number, offset, text
            offset += len(raw.decode("utf-8", errors="replace"))
            if not complete:
                # Skip the rest of an overlong line so numbering stays physical.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(MAX_LINE_BYTES)
                    offset += len(raw.decode("utf-8", errors="replace"))
            number += 1


def read_markers(uri: str) -> dict[int, InlineMarker]:
    if not file_has_marker(uri):
        return {}
    found: dict[int, InlineMarker] = {}
    for number, offset, text in _iter_lines(uri):
        if "piimap:allow" in text:
            types = parse_marker(text)
            match = _marker_match(text)
            if types and match is not None:
                m, whole_line = match
                found[number] = InlineMarker(number, types, offset + m.start(), whole_line)
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
    "INLINE_FILE_TYPES",
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
