"""Hostile inputs: each file gets a clear status and reason, the scan goes on, memory is bounded.

The fixture set comes from ``make_hostile.py`` (built on the fly, nothing binary is committed).
The full set is scanned by the real CLI in a subprocess, so its peak RSS can be read with
``os.wait4``; when the tests run as root the scan runs as ``nobody`` so chmod 000 really denies.
"""

from __future__ import annotations

import ctypes
import io
import os
import pwd
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scanner.extract import UnsupportedFile, extract, sniff_file_type
from tests.fixtures.cli import run_measured

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_hostile import (  # noqa: E402
    NRIC_LONG_LINE,
    PLANTED,
    SPARSE_BYTES,
    cleanup_permissions,
    make_hostile,
    make_long_line,
)

HASH_KEY = "hostile-key-0123456789abcdef0123456789"
# The bound we promise for a single-worker scan of the hostile set and of a 200 MB line: text is
# streamed in 1 M code point chunks (a few MB as Python str), archives are read member by member
# and compressed streams are never inflated into memory.
PEAK_RSS_BOUND_MB = 600


class _CountingStream(io.RawIOBase):
    """A file stream that counts the bytes read through it."""

    def __init__(self, raw) -> None:
        super().__init__()
        self._raw = raw
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        self.read_bytes += n or 0
        return n or 0


# -- regression tests for bugs the hostile set exposed ----------------------------------------
@pytest.mark.parametrize("name", ["disk.log", "notes.txt", "export.csv", "data.json", "x.md"])
def test_text_extension_with_nul_head_is_binary(name: str) -> None:
    assert sniff_file_type(name, b"\x00" * 8192) == "binary"
    assert sniff_file_type(name, b"\x00" * 4000 + b"2026-01-01 INFO x\n" * 10) == "binary"


def test_text_with_a_stray_nul_is_still_text() -> None:
    head = b"2026-01-01T00:00:00 INFO started\n" * 100 + b"\x00" + b"2026 INFO ok\n"
    assert sniff_file_type("app.log", head) == "log"


@pytest.mark.parametrize("name", ["sparse.log", "sparse.txt", "sparse.img"])
def test_sparse_5g_file_is_skipped_from_its_head(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with open(path, "wb") as fh:
        fh.truncate(SPARSE_BYTES)
    with open(path, "rb") as raw:
        counted = _CountingStream(raw)
        with pytest.raises(UnsupportedFile, match="binary content"):
            for _ in extract(name, io.BufferedReader(counted)):
                pass
    assert counted.read_bytes < 1 << 20


def test_pdf_page_with_undecodable_stream_is_an_error_and_keeps_other_pages() -> None:
    from make_hostile import NRIC_PDF_GOOD_PAGE, _pdf_with_broken_page

    from scanner.extract import ExtractError

    segments = []
    with pytest.raises(ExtractError, match="page 2"):
        for segment in extract("contract.pdf", io.BytesIO(_pdf_with_broken_page())):
            segments.append(segment)
    text = "".join(s.text for s in segments)
    assert NRIC_PDF_GOOD_PAGE in text
    assert "governing law" in text  # page 3, after the broken one


# -- the whole hostile set through the real CLI ----------------------------------------------
def _world_executable(path: str) -> bool:
    """True when every folder on the way to ``path`` and the file itself are o+x."""
    real = Path(os.path.realpath(path))
    return all(os.stat(p).st_mode & 0o001 for p in [real, *real.parents])


def _drop_dac_capabilities() -> None:
    """Runs in the child: remove CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH so chmod 000 denies root."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after exec
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def unprivileged() -> Callable[[], None] | None:
    """How to run a child that permission bits apply to, when the tests run as root.

    As `nobody` (setuid in a preexec_fn) when that user exists and can execute this Python;
    otherwise (the interpreter lives in a private folder such as /root/.pyenv) as root without
    the two capabilities that bypass file permissions. None when not running as root.
    """
    if os.geteuid() != 0:
        return None
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        nobody = None
    if nobody is not None and _world_executable(sys.executable):

        def as_nobody() -> None:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)

        return as_nobody
    return _drop_dac_capabilities


def run_cli_measured(
    args: list[str], home: Path, *, preexec: Callable[[], None] | None = None
) -> tuple[int, str, float]:
    """Run `piimap ARGS` in a subprocess; return (exit code, stderr, peak RSS in MB)."""
    env = {"PIIMAP_HASH_KEY": HASH_KEY, "HOME": str(home)}
    return run_measured(args, env=env, preexec=preexec)


@pytest.fixture(scope="module")
def hostile_run():
    base = Path(tempfile.mkdtemp(prefix="piimap-hostile-"))
    os.chmod(base, 0o755)  # readable by `nobody`
    data, out = base / "data", base / "out"
    expected = make_hostile(data)
    out.mkdir()
    os.chmod(out, 0o777)
    rc, stderr, peak_mb = run_cli_measured(
        ["scan", str(data), "--out", str(out / "run"), "--workers", "1", "-q"],
        base,
        preexec=unprivileged(),
    )
    files = {r["path"]: r for r in pq.read_table(out / "run/files.parquet").to_pylist()}
    findings = pq.read_table(out / "run/findings.parquet").to_pylist()
    yield {
        "rc": rc,
        "stderr": stderr,
        "peak_mb": peak_mb,
        "expected": expected,
        "files": files,
        "findings": findings,
    }
    cleanup_permissions(base)
    shutil.rmtree(base, ignore_errors=True)


def test_every_hostile_file_gets_its_status_and_a_reason(hostile_run):
    files = hostile_run["files"]
    assert "Traceback" not in hostile_run["stderr"]
    assert set(hostile_run["expected"]) <= set(files)
    wrong = {
        name: (files[name]["status"], files[name]["reason"])
        for name, status in hostile_run["expected"].items()
        if files[name]["status"] != status
    }
    assert not wrong
    for name in hostile_run["expected"]:
        record = files[name]
        assert (record["status"] == "scanned") == (record["reason"] == ""), record


def test_scan_goes_on_and_exits_partial(hostile_run):
    from scanner.exit_codes import EXIT_PARTIAL

    assert hostile_run["rc"] == EXIT_PARTIAL
    assert hostile_run["files"]["ok/plain.log"]["findings"] >= 1


@pytest.mark.parametrize(("name", "reason"), [
    ("archives/ratio-bomb.zip", "possible zip bomb"),
    ("archives/nested-6-deep.zip", "max_depth"),
    ("archives/truncated.zip", "corrupt ZIP"),
    ("compressed/truncated.log.gz", "truncated gzip"),
    ("compressed/truncated.log.bz2", "truncated bzip2"),
    ("compressed/corrupt.log.gz", "corrupt gzip"),
    ("documents/truncated.pdf", "corrupt PDF"),
    ("documents/one-broken-page.pdf", "page 2"),
    ("documents/truncated.docx", "corrupt DOCX"),
    ("tables/truncated.parquet", "Parquet"),
    ("binary/sparse-5g.log", "binary content"),
    ("binary/nul-laden.dat", "binary content"),
    ("links/loop", "symlink loop"),
    ("links/dev-zero", "outside the scan root"),
    ("links/a-fifo", "fifo"),
    ("links/to-fifo.log", "fifo"),
    ("links/dangling.txt", "broken symlink"),
])  # fmt: skip
def test_reasons_say_what_happened(hostile_run, name, reason):
    assert reason in hostile_run["files"][name]["reason"]


def test_permission_denied_files_and_folders(hostile_run):
    files = hostile_run["files"]
    assert files["denied/unreadable.txt"]["status"] == "error"
    assert "permission denied" in files["denied/unreadable.txt"]["reason"]
    assert files["denied/closed-folder"]["status"] == "error"
    assert "permission denied" in files["denied/closed-folder"]["reason"]


def test_readable_parts_of_broken_files_keep_their_findings(hostile_run):
    from scanner.protect.hashing import value_hash

    key = HASH_KEY.encode()
    found = {(f["path"].split("!")[0], f["value_hash"]) for f in hostile_run["findings"]}
    for name, nric in PLANTED.items():
        assert (name, value_hash(key, "SG_NRIC_FIN", nric)) in found, name


def test_zip_slip_names_are_only_text(hostile_run):
    paths = {f["path"] for f in hostile_run["findings"]}
    assert "archives/zip-slip.zip!../../../../tmp/piimap-zip-slip.txt" in paths
    assert not Path("/tmp/piimap-zip-slip.txt").exists()
    assert not Path("/etc/piimap-abs.txt").exists()


def test_peak_memory_of_the_hostile_set_is_bounded(hostile_run):
    assert hostile_run["peak_mb"] < PEAK_RSS_BOUND_MB, hostile_run["peak_mb"]


@pytest.mark.slow
def test_200mb_single_line_is_scanned_in_bounded_memory(tmp_path):
    from scanner.protect.hashing import value_hash

    data = tmp_path / "data"
    data.mkdir()
    make_long_line(data / "one-200mb-line.log")
    rc, stderr, peak_mb = run_cli_measured(
        ["scan", str(data), "--out", str(tmp_path / "run"), "--workers", "1", "-q"], tmp_path
    )
    assert rc == 0, stderr
    findings = pq.read_table(tmp_path / "run/findings.parquet").to_pylist()
    want = value_hash(HASH_KEY.encode(), "SG_NRIC_FIN", NRIC_LONG_LINE)
    hits = [f for f in findings if f["value_hash"] == want]
    assert len(hits) == 1
    assert hits[0]["start"] > 199 * 1024 * 1024  # near the end of the line, found exactly once
    assert peak_mb < PEAK_RSS_BOUND_MB, peak_mb
