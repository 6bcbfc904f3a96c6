"""Split a stream of decoded text into non-overlapping chunks and lines with global positions.

A chunk ends on a line boundary whenever the chunk holds a newline, so a value (which never spans
lines) lands in exactly one chunk. Offsets are code points from the start of the file's text;
lines are counted with ``str.count`` on whole chunks, never per line in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scanner.extract.limits import Limits
from scanner.model import Segment

# Characters a giant line may be broken after. Only separators that no identifier contains:
# no ".", "@", "-", ":", "/" or "+" (emails, NRICs, phones, IPs, URLs).
BREAK_CHARS = frozenset(" \t\r\x0b\x0c,;|&=<>()[]{}\"'")


def find_break(text: str, start: int, limit: int, window: int) -> int:
    """Where to end a chunk of ``text[start:]`` that has no newline in its first ``limit`` chars.

    Just after the last break character within ``window`` chars before ``start + limit``; if there
    is none, a hard split at ``start + limit``.
    """
    end = start + limit
    low = max(start, end - window)
    for i in range(end - 1, low - 1, -1):
        if text[i] in BREAK_CHARS:
            return i + 1
    return end


def iter_chunks(
    blocks: Iterable[str], limits: Limits, *, offset: int = 0, line: int = 1
) -> Iterator[tuple[str, int, int]]:
    """Yield ``(text, offset, line)`` chunks of at most ``limits.chunk_chars`` code points.

    The chunks concatenate to exactly the input; ``offset``/``line`` locate ``text[0]``.
    """
    size = limits.chunk_chars
    pending = ""
    for block in blocks:
        pending = pending + block if pending else block
        start = 0
        while len(pending) - start > size:
            newline = pending.rfind("\n", start, start + size)
            if newline >= 0:
                cut = newline + 1
            else:
                cut = find_break(pending, start, size, limits.break_search_chars)
            chunk = pending[start:cut]
            yield chunk, offset, line
            offset += len(chunk)
            line += chunk.count("\n")
            start = cut
        if start:
            pending = pending[start:]
    if pending:
        yield pending, offset, line


def iter_lines(blocks: Iterable[str], max_line_chars: int) -> Iterator[tuple[str, bool]]:
    """Yield ``(line, whole)``: each line with its ``\\n`` (``\\r\\n`` kept as is).

    A line longer than ``max_line_chars`` comes out as several pieces with ``whole=False``, so a
    record-oriented reader stays bounded in memory. The pieces concatenate to the input.
    """
    pending = ""
    overlong = False  # inside a line already cut into pieces
    for block in blocks:
        pending = pending + block if pending else block
        start = 0
        while True:
            newline = pending.find("\n", start)
            if newline < 0:
                break
            end = newline + 1
            if end - start > max_line_chars:
                while end - start > max_line_chars:
                    yield pending[start : start + max_line_chars], False
                    start += max_line_chars
                overlong = True
            yield pending[start:end], not overlong
            overlong = False
            start = end
        while len(pending) - start > max_line_chars:
            yield pending[start : start + max_line_chars], False
            start += max_line_chars
            overlong = True
        if start:
            pending = pending[start:]
    if pending:
        yield pending, not overlong


def iter_value_pieces(
    value: str, limits: Limits, *, offset: int = 0, line: int = 1
) -> Iterator[tuple[str, int, int]]:
    """``(piece, offset, line)`` of one structured value (a JSON string, a CSV cell).

    A value up to ``limits.chunk_chars`` is one piece; a longer one is cut exactly like a long
    line (``iter_chunks``), so a 16 MB JSON string or CSV cell reaches detection in bounded
    pieces and costs the same as the same bytes in a log.
    """
    if len(value) <= limits.chunk_chars:
        yield value, offset, line
        return
    yield from iter_chunks([value], limits, offset=offset, line=line)


def segments_at(
    pieces: Iterable[tuple[str, int, int]],
    path: str,
    kind: str,
    *,
    page: int | None = None,
    field: str | None = None,
    context: str = "",
    skip_blank: bool = False,
) -> Iterator[Segment]:
    """Segments of ``(text, offset, line)`` pieces (``iter_chunks``, ``iter_value_pieces``)
    that stand at one place of a file: the same page, field and context.

    ``skip_blank`` drops whitespace-only pieces, for documents whose blank runs hold nothing.
    """
    for text, offset, line in pieces:
        if not skip_blank or text.strip():
            yield Segment(text, path, offset, line, page, field, context, kind)
