"""Chunking: line-aligned, never overlapping, bounded memory, values found exactly once."""

from __future__ import annotations

import tracemalloc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.extract import Limits, extract
from scanner.extract.chunking import find_break, iter_chunks, iter_lines, segments_at
from scanner.model import Segment

NRIC = "S1234567D"


def _covering(segments, value: str) -> list:
    return [s for s in segments if value in s.text]


def test_value_on_a_chunk_boundary_is_found_exactly_once(run_extract, check_offsets) -> None:
    # The 100-char limit falls in the middle of the NRIC on line 3; the chunk ends after line 2.
    lines = ["a" * 40 + "\n", "b" * 40 + "\n", "c" * 12 + NRIC + "c" * 30 + "\n", "d\n"]
    text = "".join(lines)
    start = text.index(NRIC)
    assert start < 100 < start + len(NRIC)
    result = run_extract("boundary.log", text.encode(), Limits(chunk_chars=100))
    assert result.text == text
    check_offsets(result.segments, text)
    (segment,) = _covering(result.segments, NRIC)
    assert segment.offset + segment.text.index(NRIC) == start
    assert segment.line == 3
    assert result.segments[0].text == lines[0] + lines[1]


def test_giant_line_breaks_at_whitespace_before_the_limit(run_extract, check_offsets) -> None:
    # One 5000-char line; an NRIC straddles each 1000-char limit.
    words = []
    while sum(len(w) + 1 for w in words) < 5000:
        words.append("token" if len(words) % 50 else NRIC)
    text = " ".join(words)
    limits = Limits(chunk_chars=1000, break_search_chars=64)
    result = run_extract("giant.log", text.encode(), limits)
    assert result.text == text
    check_offsets(result.segments, text)
    assert all(len(s.text) <= 1000 for s in result.segments)
    assert all(s.text.endswith(" ") for s in result.segments[:-1])
    found = sum(s.text.count(NRIC) for s in result.segments)
    assert found == text.count(NRIC)


def test_giant_line_prefers_separators_that_no_identifier_contains() -> None:
    text = '{"a":"' + "x" * 50 + '","nric":"S1234567D","email":"tan@example.com"}'
    cut = find_break(text, 0, len(text) - 20, window=40)
    assert text[cut - 1] in ',"'
    assert "S1234567D" in text[:cut] or "S1234567D" in text[cut:]
    assert "tan@example.com" in text[cut:] or "tan@example.com" in text[:cut]


def test_run_without_any_break_character_is_hard_split(run_extract) -> None:
    # Documented limitation: a run of more than break_search_chars with no separator is split.
    text = "x" * 250
    result = run_extract("blob.log", text.encode(), Limits(chunk_chars=100, break_search_chars=10))
    assert [len(s.text) for s in result.segments] == [100, 100, 50]


def test_chunks_end_on_line_boundaries() -> None:
    text = "".join(f"line {i}\n" for i in range(1000))
    chunks = list(
        iter_chunks([text[i : i + 333] for i in range(0, len(text), 333)], Limits(chunk_chars=128))
    )
    assert "".join(c for c, _, _ in chunks) == text
    assert all(c.endswith("\n") for c, _, _ in chunks)
    assert all(len(c) <= 128 for c, _, _ in chunks)


def test_iter_lines_splits_overlong_lines_into_pieces() -> None:
    pieces = list(iter_lines(["ab\ncdefghij", "kl\nmn"], max_line_chars=4))
    assert "".join(p for p, _ in pieces) == "ab\ncdefghijkl\nmn"
    assert pieces[0] == ("ab\n", True)
    assert all(not whole for _, whole in pieces[1:-1])
    assert pieces[-1] == ("mn", True)


# Separators, line ends, multi-byte characters, NUL, plus anything UTF-8 can encode.
# No NUL: a file that is mostly NUL bytes is binary by design (see sniff), not text to chunk.
CHARACTERS = st.sampled_from(list("ab é😀,;\r\n\tS1234567D")) | st.characters(
    codec="utf-8", exclude_characters="\x00"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=CHARACTERS, max_size=400),
    chunk_chars=st.integers(1, 60),
    block=st.integers(1, 70),
    window=st.integers(0, 30),
)
def test_segments_reproduce_any_text(text: str, chunk_chars: int, block: int, window: int) -> None:
    import io

    text = text.lstrip("\ufeff")  # a leading BOM is not part of the text by definition
    limits = Limits(chunk_chars=chunk_chars, read_block_bytes=block, break_search_chars=window)
    segments = list(extract("prop.log", io.BytesIO(text.encode()), limits=limits))
    assert "".join(s.text for s in segments) == text
    offset = 0
    for segment in segments:
        assert segment.text
        assert len(segment.text) <= chunk_chars
        assert segment.offset == offset
        assert segment.line == text.count("\n", 0, offset) + 1
        offset += len(segment.text)


def test_big_log_is_extracted_lazily_in_bounded_memory(tmp_path) -> None:
    size = 50 * 1024 * 1024
    line = "2024-01-31T10:00:00Z INFO user S1234567D from 10.0.0.7 did something\n"
    block = line * (1024 * 1024 // len(line))
    path = tmp_path / "big.log"
    with path.open("w") as out:
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
    chars = lines = segments = 0
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            for segment in extract(str(path), stream):
                chars += len(segment.text)
                lines += segment.text.count("\n")
                segments += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert chars == written
    assert lines == written // len(line)
    assert segments >= 50
    print(f"peak traced memory {peak} bytes for {written} bytes of log")
    assert peak < 10 * 1024 * 1024, f"peak {peak} bytes for a {written}-byte file"


def test_segments_at_places_every_piece_and_drops_blank_ones_only_when_asked() -> None:
    pieces = [("a S1234567D\n", 0, 1), ("  \n", 12, 2), ("b\n", 15, 3)]
    kept = list(segments_at(pieces, "d.pdf", "prose", page=2, field="body", context="ctx"))
    assert kept[0] == Segment("a S1234567D\n", "d.pdf", 0, 1, 2, "body", "ctx", "prose")
    assert [(s.offset, s.line) for s in kept] == [(0, 1), (12, 2), (15, 3)]
    dropped = list(segments_at(pieces, "d.pdf", "prose", skip_blank=True))
    assert [s.text for s in dropped] == ["a S1234567D\n", "b\n"]
    assert {(s.page, s.field, s.context) for s in dropped} == {(None, None, "")}
