"""Plain text and logs: decoding, offsets, CRLF, kinds."""

from __future__ import annotations

import codecs
import logging

import pytest

from scanner.extract import Limits

NRIC = "S1234567D"


def test_log_offsets_point_at_values(run_extract, check_offsets) -> None:
    lines = [
        f"2024-01-31 10:00:{i:02d} INFO user={NRIC if i % 7 == 3 else 'anon'} ok\n"
        for i in range(60)
    ]
    text = "".join(lines)
    result = run_extract("app.log", text.encode(), Limits(chunk_chars=200))
    assert result.error is None
    assert result.text == text
    assert len(result.segments) > 5
    assert {s.kind for s in result.segments} == {"log"}
    assert {s.path for s in result.segments} == {"app.log"}
    check_offsets(result.segments, text)
    found = [(s, s.text.find(NRIC)) for s in result.segments if NRIC in s.text]
    positions = [s.offset + i for s, i in found]
    assert positions[0] == text.find(NRIC)


def test_crlf_counts_each_cr(run_extract, check_offsets) -> None:
    text = "first line\r\nsecond S1234567D\r\nthird\r\n"
    result = run_extract("win.log", text.encode(), Limits(chunk_chars=20))
    assert result.text == text
    check_offsets(result.segments, text)
    segment = next(s for s in result.segments if NRIC in s.text)
    assert segment.offset + segment.text.index(NRIC) == 19  # 10 chars + CR + LF + "second "
    assert segment.line == 2
    # Chunks end on line boundaries: after the LF, never between CR and LF.
    assert all(s.text.endswith("\r\n") for s in result.segments)


def test_utf8_bom_is_not_part_of_the_text(run_extract) -> None:
    text = "Nama: Tan Ah Kow\n"
    result = run_extract("a.txt", codecs.BOM_UTF8 + text.encode())
    assert result.text == text
    assert result.segments[0].offset == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("block", [1, 3, 4096])
def test_utf16_with_bom(run_extract, check_offsets, encoding: str, block: int) -> None:
    text = "Héllo 你好 😀\nNRIC S1234567D\n" * 5
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    result = run_extract("export.dat", data, Limits(chunk_chars=30, read_block_bytes=block))
    assert result.error is None
    assert result.text == text
    assert {s.kind for s in result.segments} == {"prose"}
    check_offsets(result.segments, text)


def test_invalid_utf8_falls_back_to_cp1252(run_extract, caplog) -> None:
    # Valid UTF-8 first (in its own block), then a cp1252 é, a euro sign and a byte cp1252 leaves
    # undefined (0x81, decoded as Latin-1): nothing raises, every byte becomes one character.
    data = "naïve ok\n".encode() + b"caf\xe9 \x80 \x81 S1234567D\n"
    with caplog.at_level(logging.WARNING, logger="scanner.extract"):
        result = run_extract("legacy.txt", data, Limits(read_block_bytes=16))
    assert result.error is None
    assert result.text == "naïve ok\ncafé € \x81 S1234567D\n"
    assert any("invalid UTF-8 at byte 13" in r.getMessage() for r in caplog.records)
    # The log names the file and the position, never the content.
    assert all(NRIC not in r.getMessage() for r in caplog.records)


def test_truncated_utf8_at_end_of_file_is_kept(run_extract) -> None:
    result = run_extract("cut.log", "abc é".encode()[:-1])
    assert result.error is None
    assert result.text == "abc Ã"


@pytest.mark.parametrize("block", [1, 2, 3, 5])
def test_multibyte_characters_split_across_reads(run_extract, block: int) -> None:
    text = "日本語 café 😀 ok\n" * 3
    result = run_extract("a.log", text.encode(), Limits(read_block_bytes=block))
    assert result.text == text


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("notes.txt", "Dear Ms Tan,\nplease sign.\n", "prose"),
        ("notes.md", "# Contract\nParty: Tan Ah Kow\n", "prose"),
        ("server.txt", "2024-01-31 10:00:00 INFO a\n2024-01-31 10:00:01 INFO b\n", "log"),
        ("app.log.2024-01-01", "anything at all\n", "log"),
        ("no-extension", "Some prose.\nMore prose.\n", "prose"),
    ],
)
def test_kind_follows_the_sniffed_type(run_extract, name: str, body: str, kind: str) -> None:
    result = run_extract(name, body.encode())
    assert result.text == body
    assert {s.kind for s in result.segments} == {kind}


def test_empty_file_has_no_segments(run_extract) -> None:
    result = run_extract("empty.log", b"")
    assert result.segments == [] and result.error is None


def test_non_seekable_stream_loses_no_bytes(run_extract) -> None:
    text = "".join(f"line {i} S1234567D\n" for i in range(20_000))
    result = run_extract("stream.log", text.encode(), seekable=False)
    assert result.text == text


def test_extract_member_keeps_the_member_path_and_bounds_depth() -> None:
    import io

    from scanner.extract import ExtractError, extract_member

    segments = list(extract_member("a.zip!dir/c.log", io.BytesIO(b"x S1234567D\n"), Limits(), 1))
    assert [(s.path, s.kind, s.text) for s in segments] == [
        ("a.zip!dir/c.log", "log", "x S1234567D\n")
    ]
    # The "!" count is a floor for the depth, whatever the caller passes.
    with pytest.raises(ExtractError, match="max_depth"):
        list(extract_member("a.zip!b.zip!c.zip!d.log", io.BytesIO(b"x\n"), Limits(max_depth=2), 0))
