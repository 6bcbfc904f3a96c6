"""Issue 18 items 1, 2, 4, 8 end to end: the real CLI over the small hostile inputs finishes,
records each capped file with its reason in files.parquet, and stays in bounded memory
(the child's VmHWM, as test_hostile measures it)."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_hostile import shared_stream_pdf  # noqa: E402
from test_hostile import PEAK_RSS_BOUND_MB, run_cli_measured  # noqa: E402

LINES = b"2026-01-02T03:04:05Z INFO worker heartbeat ok\n"


def _many_small_members() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(100):
            archive.writestr(f"part-{i:03d}.log", LINES * (1_000_000 // len(LINES)))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def dos_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("dos")
    data = base / "data"
    data.mkdir()
    (data / "ltd-string.json").write_text(json.dumps({"note": "Ltd " * 500_000}))
    (data / "wide.csv").write_text(
        ",".join(f"c{i}" for i in range(50_000)) + "\n" + ",x" * 50_000 + "\n"
    )
    (data / "shared.pdf").write_bytes(shared_stream_pdf(20, 1_000_000))
    (data / "bomb.log.gz").write_bytes(gzip.compress(LINES * (40 * 1024 * 1024 // len(LINES))))
    (data / "many.zip").write_bytes(_many_small_members())
    (data / "headerless.csv").write_text("S1234567D,tan@example.com,+65 9123 4567\n")
    rc, stderr, peak_mb = run_cli_measured(
        ["scan", str(data), "--out", str(base / "run"), "--workers", "1", "-q"], base
    )
    files = {r["path"]: r for r in pq.read_table(base / "run/files.parquet").to_pylist()}
    findings = pq.read_table(base / "run/findings.parquet").to_pylist()
    return {"rc": rc, "stderr": stderr, "peak_mb": peak_mb, "files": files, "findings": findings}


def test_capped_files_are_errors_with_their_reason(dos_run):
    from scanner.exit_codes import EXIT_PARTIAL

    files = dos_run["files"]
    assert "Traceback" not in dos_run["stderr"]
    assert dos_run["rc"] == EXIT_PARTIAL
    for name in ("shared.pdf", "bomb.log.gz", "many.zip"):
        assert files[name]["status"] == "error", files[name]
        assert "max_ratio 100:1" in files[name]["reason"], files[name]
    for name in ("ltd-string.json", "wide.csv", "headerless.csv"):
        assert files[name]["status"] == "scanned", files[name]


def test_headerless_first_row_is_found(dos_run):
    found = {f["entity_type"] for f in dos_run["findings"] if f["path"] == "headerless.csv"}
    assert {"SG_NRIC_FIN", "EMAIL_ADDRESS", "PHONE_NUMBER"} <= found


def test_peak_memory_is_bounded(dos_run):
    assert dos_run["peak_mb"] < PEAK_RSS_BOUND_MB, dos_run["peak_mb"]
