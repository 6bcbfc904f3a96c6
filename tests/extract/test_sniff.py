"""File type sniffing: extension first, then magic bytes, then text vs binary."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scanner.extract import FILE_TYPES, looks_like_log, sniff_file_type

PROSE = b"Dear Ms Tan,\nThank you for signing the agreement.\nRegards\n"
LOG = (
    b"2024-01-31T10:00:01Z INFO login ok\n"
    b"2024-01-31T10:00:02Z WARN slow request\n"
    b"Jan 31 10:00:03 host sshd[12]: accepted\n"
    b"ERROR something failed\n"
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app.log", "log"),
        ("logs/app.log.1", "log"),
        ("logs/app.log.2024-01-01", "log"),
        ("x/data.json", "json"),
        ("data.jsonl", "jsonl"),
        ("data.ndjson", "jsonl"),
        ("export.CSV", "csv"),
        ("export.tsv", "tsv"),
        ("t.parquet", "parquet"),
        ("contract.pdf", "pdf"),
        ("contract.docx", "docx"),
        ("bundle.zip", "zip"),
        ("app.log.gz", "gzip"),
        ("dump.sql.bz2", "bzip2"),
        ("dump.xz", "xz"),
        ("README.md", "text"),
        ("bundle.zip!inner/dir/records.csv", "csv"),
        ("a.zip!b.zip!c.log", "log"),
    ],
)
def test_extension_decides_first(name: str, expected: str) -> None:
    # The head is deliberately misleading: the extension wins.
    assert sniff_file_type(name, b"%PDF-1.7 \x00\x01") == expected


def _parquet_bytes() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table({"a": ["x"]}), sink)
    return sink.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (gzip.compress(b"hello"), "gzip"),
        (bz2.compress(b"hello"), "bzip2"),
        (lzma.compress(b"hello"), "xz"),
        (_parquet_bytes(), "parquet"),
        (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
    ],
    ids=["pdf", "gzip", "bzip2", "xz", "parquet", "zip"],  # stable ids: gzip embeds the clock
)
def test_magic_bytes_without_extension(head: bytes, expected: str) -> None:
    assert sniff_file_type("incoming/blob", head) == expected
    assert sniff_file_type("incoming/blob.bin", head) == expected


def test_zip_magic_is_docx_only_for_docx_names() -> None:
    head = b"PK\x03\x04\x14\x00\x06\x00"
    assert sniff_file_type("upload", head) == "zip"
    assert sniff_file_type("upload.DOCX", head) == "docx"


def test_nul_bytes_and_control_bytes_are_binary() -> None:
    assert sniff_file_type("blob", b"abc\x00def") == "binary"
    assert sniff_file_type("blob", bytes(range(1, 32)) * 10) == "binary"
    # A few control bytes in text (ESC colour codes, form feeds) are still text.
    assert sniff_file_type("blob", b"\x1b[31mred\x1b[0m plain text\x0c\n" * 20) == "text"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_text(encoding: str) -> None:
    body = "Alamat: 1 Jalan Besar\nTel +65 9123 4567\n".encode(encoding)
    if encoding != "utf-16":
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        body = bom + body
    assert b"\x00" in body
    assert sniff_file_type("notes.dat", body) == "text"


def test_txt_is_prose_unless_it_looks_like_a_log() -> None:
    assert sniff_file_type("letter.txt", PROSE) == "text"
    assert sniff_file_type("server-output.txt", LOG) == "log"
    assert sniff_file_type("server-output", LOG) == "log"
    assert sniff_file_type("notes", PROSE) == "text"
    # .md is always prose, even when lines start with timestamps.
    assert sniff_file_type("changelog.md", LOG) == "text"


def test_log_rule_needs_most_lines() -> None:
    three_of_five = "10:00:00 a\n10:00:01 b\nWARN c\nplain d\nplain e\n"
    two_of_five = "10:00:00 a\nWARN b\nplain c\nplain d\nplain e\n"
    assert looks_like_log(three_of_five)
    assert not looks_like_log(two_of_five)
    assert not looks_like_log("")
    assert looks_like_log('10.0.0.7 - - [31/Jan/2024:10:00:00 +0800] "GET / HTTP/1.1" 200\n')
    assert looks_like_log("<34>Jan 31 10:00:00 host su: fail\n")


def test_empty_file_is_text() -> None:
    assert sniff_file_type("empty", b"") == "text"


@pytest.mark.parametrize(
    "head", [b"", PROSE, LOG, b"\x00" * 10, b"PK\x03\x04", "é".encode("utf-16")]
)
@pytest.mark.parametrize("name", ["a", "a.txt", "a.log", "a.unknown", "a.zip!b"])
def test_result_is_always_a_known_type(name: str, head: bytes) -> None:
    assert sniff_file_type(name, head) in FILE_TYPES


def test_extract_rejects_binary(run_extract) -> None:
    result = run_extract("blob", b"\x7fELF\x02\x01\x01\x00" + bytes(200))
    assert result.segments == []
    assert type(result.error).__name__ == "UnsupportedFile"
    assert str(result.error).startswith("binary content (")
