"""gzip / bzip2 / xz: streamed, re-dispatched by inner name, truncation keeps what was readable."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scanner.extract import Limits
from scanner.extract.compressed import inner_name

LOG = "".join(
    f"2024-01-31T10:{i // 60:02d}:{i % 60:02d}Z INFO user S{1000000 + i:07d}D logged in\r\n"
    for i in range(2000)
)
COMPRESSORS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_log_gives_the_same_text_as_the_plain_log(
    run_extract, check_offsets, suffix: str
) -> None:
    name = f"logs/app.log.{suffix}"
    result = run_extract(name, COMPRESSORS[suffix](LOG.encode()), Limits(chunk_chars=4096))
    assert result.error is None
    assert result.text == LOG
    assert {s.kind for s in result.segments} == {"log"}
    assert {s.path for s in result.segments} == {name}
    check_offsets(result.segments, LOG)


def test_inner_name_drops_the_suffix() -> None:
    assert inner_name("logs/app.log.gz", "gzip") == "logs/app.log"
    assert inner_name("data.jsonl.GZ", "gzip") == "data.jsonl"
    assert inner_name("backup.tgz", "gzip") == "backup.tar"
    assert inner_name("dump.sql.bz2", "bzip2") == "dump.sql"
    assert inner_name("x.csv.xz", "xz") == "x.csv"
    assert inner_name("blob", "gzip") == "blob"


def test_jsonl_inside_gzip_is_dispatched_as_jsonl(run_extract) -> None:
    body = b'{"user": {"nric": "S1234567D"}}\n{"user": {"phone": "+65 9123 4567"}}\n'
    result = run_extract("export/data.jsonl.gz", gzip.compress(body))
    assert result.error is None
    assert [(s.field, s.text, s.line) for s in result.segments] == [
        ("$.user.nric", "S1234567D", 1),
        ("$.user.phone", "+65 9123 4567", 2),
    ]
    assert {s.path for s in result.segments} == {"export/data.jsonl.gz"}


def test_parquet_inside_xz_is_buffered_for_random_access(run_extract) -> None:
    sink = io.BytesIO()
    pq.write_table(pa.table({"nric": ["S1234567D", "T7654321A"]}), sink)
    result = run_extract("t.parquet.xz", lzma.compress(sink.getvalue()))
    assert result.error is None
    assert [(s.text, s.line, s.field) for s in result.segments] == [
        ("S1234567D", 1, "nric"),
        ("T7654321A", 2, "nric"),
    ]


def test_gzip_found_by_magic_without_extension(run_extract) -> None:
    result = run_extract("incoming/blob", gzip.compress(LOG.encode()), seekable=False)
    assert result.error is None
    assert result.text == LOG


def _random_log(lines: int) -> str:
    rng = random.Random(7)  # incompressible enough that a cut loses only the tail
    return "".join(
        f"{rng.getrandbits(64):x} user S{rng.randrange(10**7):07d}D {rng.random()}\n"
        for _ in range(lines)
    )


def test_truncated_gzip_keeps_earlier_segments_then_raises(run_extract) -> None:
    text = _random_log(20_000)
    data = gzip.compress(text.encode())
    result = run_extract("app.log.gz", data[: len(data) * 3 // 4], Limits(chunk_chars=8192))
    assert result.error is not None and type(result.error).__name__ == "ExtractError"
    assert str(result.error).startswith("truncated gzip stream")
    readable = result.text
    assert len(text) // 2 < len(readable) < len(text)
    assert text.startswith(readable)
    # The first lines' values are all still there.
    first_nric = text.split()[2]
    assert first_nric in result.segments[0].text


# bzip2 compresses 900 kB blocks as a whole, so its text must span more than one block.
@pytest.mark.parametrize(("suffix", "fmt", "lines"), [("bz2", "bzip2", 40_000), ("xz", "xz", 5000)])
def test_truncated_bz2_and_xz_raise_too(run_extract, suffix: str, fmt: str, lines: int) -> None:
    text = _random_log(lines)
    data = COMPRESSORS[suffix](text.encode())
    result = run_extract(f"app.log.{suffix}", data[: len(data) * 3 // 4])
    assert str(result.error).startswith(f"truncated {fmt} stream")
    assert text.startswith(result.text)
    assert len(result.text) > len(text) // 4


def test_not_actually_gzip_is_a_clear_error(run_extract) -> None:
    result = run_extract("notes.txt.gz", b"this was never compressed S1234567D\n")
    assert type(result.error).__name__ == "ExtractError"
    assert str(result.error) == "corrupt gzip stream (BadGzipFile)"
    assert "S1234567D" not in str(result.error)


def test_decompression_limit_stops_a_bomb(run_extract) -> None:
    bomb = gzip.compress(b"A" * 5_000_000)
    result = run_extract("bomb.log.gz", bomb, Limits(max_decompressed_bytes=100_000))
    assert "max_decompressed_bytes" in str(result.error)
    assert len(result.text) == 100_000


def test_nesting_is_bounded(run_extract) -> None:
    data = b"S1234567D\n"
    name = "x.log"
    for _ in range(4):
        data = gzip.compress(data)
        name += ".gz"
    assert run_extract(name, data, Limits(max_depth=4)).text == "S1234567D\n"
    result = run_extract(name, data, Limits(max_depth=3))
    assert "max_depth" in str(result.error)
    assert result.segments == []
