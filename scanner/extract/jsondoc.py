"""JSON documents and JSON Lines: one ``field`` segment per string or number leaf.

Leaves are found by a small tokenizer over the decoded text (strings via the C ``scanstring`` of
the standard library), so each segment's ``offset`` points at the value's own characters: after
the opening quote for a string, at the first digit/sign for a number. A string with escape
sequences is reported decoded (``\\u0040`` -> ``@``), so only its start offset is exact.
``field`` is the JSON path (``$.user.nric``, ``$[3].phone``), ``context`` the nearest key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Iterator
from functools import lru_cache
from itertools import chain
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, not in typeshed
from typing import Any, BinaryIO

from scanner.extract.chunking import iter_chunks, iter_lines, iter_value_pieces, segments_at
from scanner.extract.decode import iter_text_blocks
from scanner.extract.errors import ExtractError
from scanner.extract.fieldnames import looks_like_data
from scanner.extract.limits import Limits
from scanner.model import Segment

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_NON_FINITE = ("NaN", "Infinity", "-Infinity")  # accepted like the json module does, not reported
_CLOSERS = {"{": "}", "[": "]"}
_LITERALS = ("true", "false", "null", *_NON_FINITE)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Paths stop growing below this depth (they end in "…"), so hostile nesting stays linear.
MAX_PATH_DEPTH = 64
TRUNCATED = "…"

# (path, key, text, offset) of one leaf; offsets are into the text given to the walker.
Leaf = tuple[str, str, str, int]


class JsonSyntaxError(ValueError):
    """The text is not JSON; ``pos`` is where the tokenizer gave up."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(f"{message} at position {pos}")
        self.msg = message
        self.pos = pos


@lru_cache(maxsize=4096)  # the same keys repeat on every line of a JSONL file
def child_path(path: str, key: str) -> str:
    """JSON path of ``key`` in the object at ``path``; data-like keys become ``*``."""
    if path.endswith(TRUNCATED):
        return path
    if looks_like_data(key):
        return f"{path}.*"
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _read_key(text: str, pos: int) -> tuple[str, int, int]:
    """Key at ``pos`` (a quote): returns the key, its text offset and the position of its value."""
    if text[pos] != '"':
        raise JsonSyntaxError("expected a key", pos)
    key, end = scanstring(text, pos + 1)
    end = _WS.match(text, end).end()  # type: ignore[union-attr]
    if text[end] != ":":
        raise JsonSyntaxError("expected ':'", end)
    return key, pos + 1, _WS.match(text, end + 1).end()  # type: ignore[union-attr]


def _element_path(path: str, index: int, depth: int) -> str:
    if path.endswith(TRUNCATED):
        return path
    if depth > MAX_PATH_DEPTH:
        return path + TRUNCATED
    return f"{path}[{index}]"


def _enter_key(text: str, pos: int, parent: str, depth: int) -> tuple[str, str, int, Leaf | None]:
    """Path, context and value position for the key at ``pos``; a data-like key is a leaf too."""
    key, key_offset, pos = _read_key(text, pos)
    if depth > MAX_PATH_DEPTH and not parent.endswith(TRUNCATED):
        parent += TRUNCATED
    path = child_path(parent, key)
    if looks_like_data(key):
        return path, "", pos, (parent, "", key, key_offset)
    return path, key, pos, None


def _next_child(
    text: str, pos: int, frame: list[Any], depth: int
) -> tuple[str, str, int, Leaf | None]:
    """Path, context and value position of ``frame``'s next child at ``pos``: the value of the
    key there (a data-like key is a leaf too) or the array element ``frame[3]``."""
    is_object, parent, key, index = frame
    if is_object:
        return _enter_key(text, pos, parent, depth)
    return _element_path(parent, index, depth), key, pos, None


def iter_json_leaves(text: str, pos: int = 0) -> Generator[Leaf, None, int]:
    """Leaves of the one JSON value starting at ``pos`` (after whitespace), in text order.

    Iterative (no recursion limit on nesting). Raises ``JsonSyntaxError`` where the text stops
    being JSON; leaves before that point have been yielded. Returns the end position.
    """
    stack: list[list[Any]] = []  # [is_object, path, key, index]
    path, key = "$", ""
    ws = _WS.match
    pos = ws(text, pos).end()  # type: ignore[union-attr]
    try:
        while True:
            char = text[pos]
            if char == '"':
                value, end = scanstring(text, pos + 1)
                if value:
                    yield path, key, value, pos + 1
                pos = end
            elif char in _CLOSERS:  # "{" or "[" opens a container
                pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == _CLOSERS[char]:
                    pos += 1
                else:
                    stack.append([char == "{", path, key, 0])
                    path, key, pos, key_leaf = _next_child(text, pos, stack[-1], len(stack))
                    if key_leaf is not None:
                        yield key_leaf
                    continue
            else:
                match = _NUMBER.match(text, pos)
                if match:
                    yield path, key, match.group(), pos
                    pos = match.end()
                else:
                    for literal in _LITERALS:
                        if text.startswith(literal, pos):
                            pos += len(literal)
                            break
                    else:
                        raise JsonSyntaxError("expected a value", pos)
            # The value is complete: close containers until one continues with ",".
            while True:
                pos = ws(text, pos).end()  # type: ignore[union-attr]
                if not stack:
                    return pos
                frame = stack[-1]
                char = text[pos]
                if char == ",":
                    pos = ws(text, pos + 1).end()  # type: ignore[union-attr]
                    frame[3] += 1
                    path, key, pos, key_leaf = _next_child(text, pos, frame, len(stack))
                    if key_leaf is not None:
                        yield key_leaf
                    break
                if char == ("}" if frame[0] else "]"):
                    stack.pop()
                    pos += 1
                    continue
                raise JsonSyntaxError("expected ',' or a closing bracket", pos)
    except IndexError:
        raise JsonSyntaxError("unexpected end of data", len(text)) from None
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(exc.msg, exc.pos) from None


def _line_at(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, text.rfind("\n", 0, offset) + 1


def _as_text_segments(
    name: str, blocks: Iterable[str], limits: Limits, offset: int, line: int
) -> Iterator[Segment]:
    yield from segments_at(iter_chunks(blocks, limits, offset=offset, line=line), name, "log")


def _field_segments(
    name: str, value: str, offset: int, line: int, path: str, key: str, limits: Limits
) -> Iterator[Segment]:
    """One leaf as ``field`` segments: a value longer than ``Limits.chunk_chars`` is cut in
    pieces like a long line, so one huge string costs what the same bytes in a log cost."""
    pieces = iter_value_pieces(value, limits, offset=offset, line=line)
    yield from segments_at(pieces, name, "field", field=path, context=key)


def extract_json(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """A whole JSON document (or several concatenated ones, e.g. NDJSON named ``.json``).

    Parsed in memory up to ``Limits.max_document_chars``; a bigger document is scanned as plain
    text and then reported as an error. Where the text stops being JSON, the rest is scanned as
    plain text and an ``ExtractError`` with the line and column follows.
    """
    blocks = iter_text_blocks(stream, name, limits.read_block_bytes)
    parts: list[str] = []
    size = 0
    for block in blocks:
        parts.append(block)
        size += len(block)
        if size > limits.max_document_chars:
            yield from _as_text_segments(name, chain(parts, blocks), limits, 0, 1)
            raise ExtractError(
                f"JSON document larger than {limits.max_document_chars} characters "
                "(Limits.max_document_chars); scanned as plain text"
            )
    text = "".join(parts)
    del parts
    pos, line, counted = 0, 1, 0  # ``line`` is the line of ``counted``
    scanned_to = 0  # end of the last leaf: the text before it is covered
    try:
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if pos >= len(text):
                return
            walker = iter_json_leaves(text, pos)
            while True:
                try:
                    path, key, value, offset = next(walker)
                except StopIteration as stop:
                    pos = stop.value
                    break
                line += text.count("\n", counted, offset)
                counted = offset
                scanned_to = offset + len(value)
                yield from _field_segments(name, value, offset, line, path, key, limits)
    except JsonSyntaxError as exc:
        bad_line, line_start = _line_at(text, exc.pos)
        column = exc.pos - line_start + 1
        rest_line = text.count("\n", 0, scanned_to) + 1
        yield from _as_text_segments(name, [text[scanned_to:]], limits, scanned_to, rest_line)
        raise ExtractError(
            f"malformed JSON at line {bad_line} column {column}: {exc.msg}; "
            "the rest of the file was scanned as plain text"
        ) from None


def extract_jsonl(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """JSON Lines: leaves of each line's value, ``line`` = the physical line number.

    A line that is not JSON is scanned as one plain ``log`` segment and counted; after the file,
    ``ExtractError("N malformed JSON lines, first at line L")`` marks the file as an error while
    its findings are kept.
    """
    blocks = iter_text_blocks(stream, name, limits.read_block_bytes)
    offset, line = 0, 1
    malformed, first_bad, last_bad = 0, 0, 0
    for piece, whole in iter_lines(blocks, limits.max_line_chars):
        if piece.strip():
            leaves: list[Leaf] | None = None
            if whole:
                try:
                    leaves = _leaves_of_line(piece)
                except JsonSyntaxError:
                    leaves = None
            if leaves is None:
                if line != last_bad:  # an overlong line comes in several pieces
                    malformed += 1
                    last_bad = line
                    first_bad = first_bad or line
                yield from _as_text_segments(name, [piece], limits, offset, line)
            else:
                for path, key, value, local in leaves:
                    yield from _field_segments(name, value, offset + local, line, path, key, limits)
        offset += len(piece)
        if piece.endswith("\n"):
            line += 1
    if malformed:
        noun = "line" if malformed == 1 else "lines"
        raise ExtractError(f"{malformed} malformed JSON {noun}, first at line {first_bad}")


def _leaves_of_line(text: str) -> list[Leaf]:
    walker = iter_json_leaves(text)
    leaves: list[Leaf] = []
    while True:
        try:
            leaves.append(next(walker))
        except StopIteration as stop:
            end = stop.value
            break
    if text[end:].strip():
        raise JsonSyntaxError("extra data after the value", end)
    return leaves
