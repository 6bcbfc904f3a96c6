"""ZIP extraction: members, nesting, bombs, zip-slip names, damage.

Most tests use a stub member extractor (member bytes as UTF-8 text, zips recursed) so they test
the archive rules alone; the last ones go through the real dispatcher.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from scanner.extract.archive import _Budget, _CountingReader, display_name, extract_zip
from scanner.extract.errors import ExtractError, UnsupportedFile
from scanner.extract.limits import Limits
from scanner.extract.members import Nesting
from scanner.model import Segment
from tests.hostile.make_hostile import make_zip

MB = 1 << 20


class StubMembers:
    """extract_member stand-in that also records which members it was asked to read."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def __call__(
        self, member_name: str, stream: BinaryIO, limits: Limits, depth: int
    ) -> Iterator[Segment]:
        self.calls.append((member_name, depth))
        data = stream.read()
        if data[:4] == b"PK\x03\x04":
            yield from extract_zip(member_name, io.BytesIO(data), Nesting(limits, self, depth))
            return
        if b"\0" in data:
            raise UnsupportedFile("binary content")
        yield Segment(data.decode("utf-8"), member_name, offset=0, line=1, kind="log")


def run(
    data: bytes, limits: Limits | None = None, stub: StubMembers | None = None
) -> tuple[list[Segment], ExtractError | None]:
    segments: list[Segment] = []
    try:
        nest = Nesting(limits or Limits(), stub or StubMembers())
        for segment in extract_zip("a.zip", io.BytesIO(data), nest):
            segments.append(segment)
    except ExtractError as exc:
        return segments, exc
    return segments, None


def test_members_in_name_order_with_prefixed_paths() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("z.txt", "last")
        archive.writestr("docs/", "")  # a directory entry
        archive.writestr("docs/b.txt", "NRIC S1234567D")
        archive.writestr("a.txt", "first")
    segments, error = run(out.getvalue())
    assert error is None
    assert [s.path for s in segments] == ["a.zip!a.txt", "a.zip!docs/b.txt", "a.zip!z.txt"]
    assert segments[1].text == "NRIC S1234567D"
    assert segments[1].kind == "log"  # everything but the path is kept from the member


def test_nested_zip_paths_and_depth() -> None:
    inner = make_zip({"deep/c.txt": "inner S1234567D"})
    stub = StubMembers()
    segments, error = run(make_zip({"inner.zip": inner, "top.txt": "top"}), stub=stub)
    assert error is None
    assert [s.path for s in segments] == ["a.zip!inner.zip!deep/c.txt", "a.zip!top.txt"]
    assert ("deep/c.txt", 2) in stub.calls and ("inner.zip", 1) in stub.calls


def test_depth_limit_refuses_the_too_deep_archive_only() -> None:
    level2 = make_zip({"c.txt": "too deep"})
    level1 = make_zip({"b.zip": level2, "b.txt": "depth two is fine"})
    segments, error = run(make_zip({"l1.zip": level1}), Limits(max_depth=2))
    assert [s.path for s in segments] == ["a.zip!l1.zip!b.txt"]
    assert error is not None
    assert "l1.zip" in error.reason and "b.zip" in error.reason
    assert "max_depth 2" in error.reason


def test_zip_bomb_by_ratio_is_refused_and_the_rest_scanned() -> None:
    data = make_zip({"bomb.txt": b"\0" * (50 * MB), "ok.txt": b"still scanned"})
    assert len(data) < 200_000  # ~1000:1
    stub = StubMembers()
    segments, error = run(data, Limits(max_ratio=100), stub)
    assert [s.path for s in segments] == ["a.zip!ok.txt"]
    assert [name for name, _ in stub.calls] == ["ok.txt"]  # the bomb was never inflated
    assert error is not None
    assert error.reason.startswith("bomb.txt: compression ratio")
    assert "possible zip bomb" in error.reason


def test_small_repetitive_member_is_not_a_bomb() -> None:
    segments, error = run(
        make_zip({"app.log": b"GET /health 200\n" * 20_000}), Limits(max_ratio=10)
    )
    assert error is None and len(segments) == 1


def test_declared_member_size_over_the_limit() -> None:
    payload = os.urandom(5000)  # incompressible, so only the size rule can refuse it
    data = make_zip({"big.bin": payload, "small.txt": b"ok"})
    segments, error = run(data, Limits(max_member_bytes=1000))
    assert [s.path for s in segments] == ["a.zip!small.txt"]
    assert error is not None and "big.bin: declared size 5000 bytes" in error.reason


def test_total_uncompressed_limit_stops_the_archive() -> None:
    members = {f"m{i}.txt": b"x" * 600 for i in range(4)}
    segments, error = run(make_zip(members), Limits(max_total_bytes=1500))
    assert [s.path for s in segments] == ["a.zip!m0.txt", "a.zip!m1.txt"]
    assert error is not None
    assert "max_total_bytes 1500; stopped before m2.txt" in error.reason


def test_max_members() -> None:
    segments, error = run(make_zip({"a": b"1", "b": b"2", "c": b"3"}), Limits(max_members=2))
    assert [s.text for s in segments] == ["1", "2"]
    assert error is not None and "archive has 3 members" in error.reason


def test_zip_slip_names_are_only_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work" / "deeper"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    names = {
        "../../evil.txt": b"slip",
        "/etc/cron.d/x": b"absolute",
        "C:\\Windows\\x.txt": b"drive",
        "a/./b//c.txt": b"dots",
        "bad\nname.txt": b"control",
    }
    segments, error = run(make_zip(names))
    assert error is None
    assert sorted(s.path for s in segments) == sorted(
        [
            "a.zip!../../evil.txt",
            "a.zip!etc/cron.d/x",
            "a.zip!Windows/x.txt",
            "a.zip!a/b/c.txt",
            "a.zip!bad\\x0aname.txt",
        ]
    )
    assert list(tmp_path.rglob("*")) == [tmp_path / "work", work]  # nothing was written


def test_display_name() -> None:
    assert display_name("./x//y/") == "x/y"
    assert display_name("/") == "_"


def _set_flag_bits(data: bytes, bits: int) -> bytes:
    patched = bytearray(data)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        patched[start + flag_at] |= bits
    return bytes(patched)


def test_encrypted_member_is_refused_with_a_reason() -> None:
    data = _set_flag_bits(make_zip({"secret.txt": b"S1234567D"}), 0x1)
    segments, error = run(data)
    assert segments == []
    assert error is not None and error.reason == "secret.txt: encrypted member"


def test_member_with_a_lying_size_is_an_error() -> None:
    data = bytearray(make_zip({"liar.txt": b"y" * 5000, "ok.txt": b"fine"}, zipfile.ZIP_STORED))
    # Shrink liar.txt's declared uncompressed size (local header at 22, central entry at 24).
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 22 : local + 26] = (100).to_bytes(4, "little")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    segments, error = run(bytes(data))
    assert [s.path for s in segments] == ["a.zip!ok.txt"]
    assert error is not None and error.reason.startswith("liar.txt: unreadable member")


def test_counting_reader_stops_at_the_member_limit() -> None:
    reader = _CountingReader(io.BytesIO(b"z" * 5000), Limits(max_member_bytes=1000), _Budget())
    with pytest.raises(ExtractError, match="max_member_bytes 1000"):
        while reader.read(300):
            pass
    budget = _Budget(used=900)
    reader = _CountingReader(io.BytesIO(b"z" * 500), Limits(max_total_bytes=1000), budget)
    with pytest.raises(ExtractError, match="max_total_bytes 1000"):
        reader.read()


def test_binary_member_is_skipped_without_error() -> None:
    segments, error = run(make_zip({"img.png": b"\x89PNG\0\0\0", "t.txt": b"text"}))
    assert error is None
    assert [s.path for s in segments] == ["a.zip!t.txt"]


@pytest.mark.parametrize(
    "data",
    [
        make_zip({"a.txt": b"hello " * 100})[:60],  # truncated: no central directory
        b"PK\x03\x04 definitely not a zip",
        b"",
    ],
    ids=["truncated", "bad-header", "empty"],  # stable ids: zip bytes embed the clock
)
def test_corrupt_zip(data: bytes) -> None:
    segments, error = run(data)
    assert segments == []
    assert error is not None and error.reason.startswith("corrupt ZIP")


def test_non_seekable_archive_stream() -> None:
    class OneWay(io.BytesIO):
        def seekable(self) -> bool:
            return False

    data = make_zip({"x.txt": b"via a spool"})
    segments = list(extract_zip("a.zip", OneWay(data), Nesting(Limits(), StubMembers())))
    assert [s.text for s in segments] == ["via a spool"]


def test_random_access_members_get_a_seekable_copy() -> None:
    seen: list[bool] = []

    def member(name: str, stream: BinaryIO, limits: Limits, depth: int) -> Iterator[Segment]:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(0)
        seen.append(type(stream).__name__ != "_CountingReader")
        yield Segment(str(size), name)

    data = make_zip({"doc.pdf": b"%PDF-1.4 ...", "notes.txt": b"plain"})
    segments = list(extract_zip("a.zip", io.BytesIO(data), Nesting(Limits(), member)))
    assert [s.text for s in segments] == ["12", "5"]
    assert seen == [True, False]


# --- through the real dispatcher ------------------------------------------------------------


def _real_extract():  # type: ignore[no-untyped-def]
    try:
        from scanner.extract import extract, extract_member
    except ImportError as exc:  # pragma: no cover - only while the dispatcher is missing
        pytest.skip(f"scanner.extract dispatcher not importable: {exc}")
    return extract, extract_member


def test_real_extract_member_through_nested_zip() -> None:
    _, extract_member = _real_extract()
    inner = make_zip({"deep/c.txt": "Customer NRIC S1234567D\n"})
    data = make_zip({"inner.zip": inner, "readme.txt": "hello\n"})
    segments = list(extract_zip("outer.zip", io.BytesIO(data), Nesting(Limits(), extract_member)))
    paths = [s.path for s in segments]
    assert "outer.zip!inner.zip!deep/c.txt" in paths
    assert "outer.zip!readme.txt" in paths
    nric = next(s for s in segments if "S1234567D" in s.text)
    assert nric.path == "outer.zip!inner.zip!deep/c.txt"


def test_real_dispatch_records_a_bomb() -> None:
    extract, _ = _real_extract()
    data = make_zip({"bomb.log": b"\0" * (50 * MB), "ok.log": b"user S1234567D logged in\n"})
    segments: list[Segment] = []
    with pytest.raises(ExtractError, match="possible zip bomb"):
        for segment in extract("exports.zip", io.BytesIO(data), limits=Limits(max_ratio=100)):
            segments.append(segment)
    assert [s.path for s in segments] == ["exports.zip!ok.log"]


@pytest.mark.parametrize("name", ["bundle.zip", "doc.docx"])
def test_a_zip_feature_zipfile_cannot_read_is_an_extract_error(name: str) -> None:
    """Regression: a central directory claiming "version needed to extract" 6.4 made zipfile
    raise NotImplementedError out of extract(); it is a documented ExtractError now."""
    from scanner.extract import extract

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("notes.txt", "hello")
    data = bytearray(buf.getvalue())
    data[data.find(b"PK\x01\x02") + 6] = 64
    with pytest.raises(ExtractError, match=r"unsupported zip feature: zip file version 6\.4"):
        list(extract(name, io.BytesIO(bytes(data))))
