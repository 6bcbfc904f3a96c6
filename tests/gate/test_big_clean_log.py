"""A 100 MB clean log passes the gate in a child process whose peak memory stays bounded."""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path

import pytest

from tests.fixtures.cli import run_measured

TARGET_BYTES = int(os.environ.get("PIIMAP_BIG_LOG_BYTES", 100 * 1024 * 1024))
MAX_RSS_MB = 400
PATHS = ("/api/v1/contracts", "/api/v1/sign", "/healthz", "/api/v2/envelopes/batch")


def write_clean_log(path: Path, target: int) -> int:
    """Realistic lines without personal data: timestamps, request ids, UUIDs, latencies.

    Trace ids are W3C-style 32 hex digits. (A 16-hex-digit span id that happens to be all
    decimal digits and Luhn-valid is reported as a card number: about 1 line in 20,000.)
    """
    rng = random.Random(20260102)
    written = 0
    i = 0
    with open(path, "w", encoding="ascii") as out:
        while written < target:
            lines = []
            for _ in range(1000):
                i += 1
                lines.append(
                    f"2026-01-{i // 86400 % 28 + 1:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:"
                    f"{i % 60:02d}.{i % 1000:03d}Z {rng.choice(('INFO', 'DEBUG', 'WARN'))} "
                    f"[worker-{i % 16}] request_id={uuid.UUID(int=rng.getrandbits(128))} "
                    f"method=GET path={rng.choice(PATHS)} status=200 "
                    f"latency_ms={rng.randint(1, 900)} trace_id={rng.getrandbits(128):032x}\n"
                )
            block = "".join(lines)
            out.write(block)
            written += len(block)
    return written


@pytest.mark.slow
def test_big_clean_log_passes_with_bounded_memory(tmp_path):
    log = tmp_path / "logs" / "service.log"
    log.parent.mkdir()
    size = write_clean_log(log, TARGET_BYTES)
    returncode, stderr, peak_mb = run_measured(
        ["check", "logs/", "--format", "json", "--output", "out.json", "--workers", "1"],
        cwd=tmp_path,
    )  # scan in the measured process
    report = json.loads((tmp_path / "out.json").read_text())
    seen = [
        (f["line"], f["entity_type"], f["recognizer"], f["masked_value"])
        for f in report["findings"]
    ]
    assert returncode == 0, f"{stderr[-2000:]}\nfalse positives: {seen[:20]}"
    assert "0 finding(s) reported" in stderr
    assert report["summary"]["files_scanned"] == 1
    assert report["summary"]["read_errors"] == 0
    assert size >= TARGET_BYTES
    assert peak_mb < MAX_RSS_MB, f"peak RSS {peak_mb:.0f} MB"
