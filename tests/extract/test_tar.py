"""TAR extraction on real archives made with tarfile: compressions, limits, hostile entries."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from scanner.extract import ExtractError, Limits, sniff_file_type
from scanner.extract.tar import MAX_HEADER_BYTES

MB = 1 << 20
LOG = b"2024-03-01T10:00:00Z INFO login user=S1234567D from 10.0.0.7\n"
CSV = b"name,nric\nTan Ah Kow,T0123456G\n"


def make_tar(members: dict[str, bytes], mode: str = "w", fmt: int = tarfile.PAX_FORMAT) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode, format=fmt) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def add_special(data_members: dict[str, bytes], specials: list[tarfile.TarInfo]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for info in specials:
            archive.addfile(info)
        for name, data in data_members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("logs.tar", "w"),
        ("logs.tar.gz", "w:gz"),
        ("logs.tgz", "w:gz"),
        ("logs.tar.bz2", "w:bz2"),
        ("logs.tar.xz", "w:xz"),
    ],
)
def test_members_of_every_tar_flavour(run_extract, name: str, mode: str) -> None:
    data = make_tar({"app/app.log": LOG, "export/people.csv": CSV}, mode)
    result = run_extract(name, data, seekable=False)  # streamed like an object-store body
    assert result.error is None
    by_path = {s.path: s for s in result.segments}
    assert by_path[f"{name}!app/app.log"].text == LOG.decode()
    assert by_path[f"{name}!export/people.csv"].text == "T0123456G"
    assert by_path[f"{name}!export/people.csv"].context == "nric"  # dispatched as CSV


def test_tar_is_sniffed_by_content_without_a_name() -> None:
    data = make_tar({"a.txt": b"hello"})
    assert sniff_file_type("upload-7f3a", data[:4096]) == "tar"
    assert sniff_file_type("upload-7f3a", b"plain words " * 30) != "tar"


def test_tar_inside_gzip_without_names(run_extract) -> None:
    data = make_tar({"app.log": LOG}, "w:gz")
    result = run_extract("blob-0001", data)
    assert result.error is None
    assert [s.path for s in result.segments] == ["blob-0001!app.log"]


def test_tar_slip_links_and_devices_are_ignored_safely(
    run_extract, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    link = tarfile.TarInfo("passwd-link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("shadow-hard")
    hard.type, hard.linkname = tarfile.LNKTYPE, "/etc/shadow"
    device = tarfile.TarInfo("dev/sda")
    device.type = tarfile.BLKTYPE
    fifo = tarfile.TarInfo("pipe")
    fifo.type = tarfile.FIFOTYPE
    directory = tarfile.TarInfo("../../outside")
    directory.type = tarfile.DIRTYPE
    data = add_special(
        {"../../etc/cron.d/evil.log": LOG, "/abs/path.log": LOG},
        [link, hard, device, fifo, directory],
    )
    result = run_extract("slip.tar", data)
    assert result.error is None
    assert sorted(s.path for s in result.segments) == [
        "slip.tar!../../etc/cron.d/evil.log",  # the name is shown, never used as a path
        "slip.tar!abs/path.log",
    ]
    assert list(tmp_path.iterdir()) == []  # nothing was written anywhere


def test_member_count_limit(run_extract) -> None:
    data = make_tar({f"m{i}.log": LOG for i in range(5)})
    result = run_extract("many.tar", data, Limits(max_members=3))
    assert len(result.segments) == 3
    assert isinstance(result.error, ExtractError)
    assert "more than 3 entries" in result.error.reason


def test_declared_member_size_limit_skips_only_that_member(run_extract) -> None:
    data = make_tar({"big.log": os.urandom(5000), "small.log": LOG})
    result = run_extract("a.tar", data, Limits(max_member_bytes=1000))
    assert [s.path for s in result.segments] == ["a.tar!small.log"]
    assert result.error is not None and "big.log: declared size 5000 bytes" in result.error.reason


def test_total_bytes_limit_stops_the_archive(run_extract) -> None:
    data = make_tar({f"m{i}.log": LOG * 10 for i in range(4)})
    limit = len(LOG) * 25
    result = run_extract("a.tar", data, Limits(max_total_bytes=limit))
    assert [s.path for s in result.segments] == ["a.tar!m0.log", "a.tar!m1.log"]
    assert result.error is not None and "stopped before m2.log" in result.error.reason


def test_tar_bomb_in_gzip_is_bounded(run_extract) -> None:
    """A .tar.gz that inflates to 64 MiB of zeros: the ratio rule stops it (issue 18.4), and with
    the ratio rule relaxed the decompression limit still does."""
    data = make_tar({"first.log": LOG, "zeros.log": b"\0" * (64 * MB)}, "w:gz")
    assert len(data) < 200_000
    result = run_extract("bomb.tar.gz", data, Limits(max_decompressed_bytes=32 * MB))
    assert [s.path for s in result.segments] == ["bomb.tar.gz!first.log"]
    assert result.error is not None
    assert result.error.reason.startswith("gzip stream inflates past max_ratio 100:1")
    relaxed = Limits(max_decompressed_bytes=4 * MB, max_ratio=100_000)
    result = run_extract("bomb.tar.gz", data, relaxed)
    assert [s.path for s in result.segments] == ["bomb.tar.gz!first.log"]
    assert result.error is not None
    assert "max_decompressed_bytes" in result.error.reason


def test_tar_nested_in_tar_is_depth_limited(run_extract) -> None:
    level3 = make_tar({"deep.log": LOG})
    level2 = make_tar({"l3.tar": level3, "two.log": LOG})
    level1 = make_tar({"l2.tar": level2})
    result = run_extract("l1.tar", level1, Limits(max_depth=2))
    assert [s.path for s in result.segments] == ["l1.tar!l2.tar!two.log"]
    assert result.error is not None and "max_depth 2" in result.error.reason


def test_deep_nesting_of_gzipped_tars_is_refused(run_extract) -> None:
    data = LOG
    for level in range(6):
        data = make_tar({f"level{level}.tar.gz" if level else "a.log": data}, "w:gz")
    result = run_extract("nest.tar.gz", data)
    assert result.segments == []
    assert result.error is not None and "max_depth" in result.error.reason


def test_truncated_tar_keeps_what_was_read(run_extract) -> None:
    data = make_tar({"a.log": LOG, "b.log": os.urandom(20_000).hex().encode(), "c.log": LOG})
    cut = data[: 512 * 3 + 4000]  # inside b.log's data
    result = run_extract("cut.tar", cut)
    assert [s.path for s in result.segments][:1] == ["cut.tar!a.log"]
    assert "cut.tar!c.log" not in {s.path for s in result.segments}
    assert result.error is not None and "stopped" in result.error.reason


def test_corrupt_member_does_not_hide_the_others(run_extract) -> None:
    broken_gz = b"\x1f\x8b\x08\x00" + os.urandom(300)  # gzip magic, garbage behind it
    data = make_tar({"a.log": LOG, "broken.log.gz": broken_gz, "z.log": LOG})
    result = run_extract("mixed.tar", data)
    assert {s.path for s in result.segments} >= {"mixed.tar!a.log", "mixed.tar!z.log"}
    assert result.error is not None and result.error.reason.startswith("broken.log.gz:")


def test_huge_pax_header_is_refused_before_it_is_read(run_extract) -> None:
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = MAX_HEADER_BYTES + 1
    out = io.BytesIO()
    out.write(header.tobuf(tarfile.USTAR_FORMAT))
    out.write(b"x" * 1024)  # far less than it declares: it must not be read at all
    result = run_extract("hostile.tar", out.getvalue())
    assert result.segments == []
    assert result.error is not None and "extended tar header" in result.error.reason


def test_not_a_tar_is_a_clear_error(run_extract) -> None:
    result = run_extract("fake.tar", b"this is not a tar archive\n" * 40)
    assert isinstance(result.error, ExtractError)
    assert "TAR" in result.error.reason


def test_headers_are_not_kept_while_streaming(run_extract, monkeypatch) -> None:
    """tarfile's stream mode keeps every header it read; the reader drops them as it goes."""
    seen: list[int] = []
    original = tarfile.TarFile.next

    def spy(self):  # type: ignore[no-untyped-def]
        seen.append(len(self.members))
        return original(self)

    monkeypatch.setattr(tarfile.TarFile, "next", spy)
    # Random lines so the gzip'd tar stays under the ratio rule (its zero padding alone is not).
    data = make_tar({f"d/{i}.log": os.urandom(24).hex().encode() for i in range(2000)}, "w:gz")
    result = run_extract("many.tar.gz", data)
    assert result.error is None and len(result.segments) == 2000
    assert len(seen) > 2000 and max(seen) <= 1


@pytest.mark.parametrize("mode", ["w:gz", "w:bz2", "w:xz"])
def test_compressed_tar_saved_as_dot_tar(run_extract, mode: str) -> None:
    result = run_extract("backup.tar", make_tar({"app.log": LOG}, mode))
    assert result.error is None
    assert [s.path for s in result.segments] == ["backup.tar!app.log"]
