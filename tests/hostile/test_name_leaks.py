"""Identifiers in file names never reach an output raw (issue 18 item 10): not when glued to
other text or to a file extension, not in the `source` column, `summary.json` `sources`, the
report header, baselines, SARIF, or a warning on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

PIIMAP = str(Path(sys.executable).with_name("piimap"))
NAMES = {
    "nric_S1234567D_export.log": "S1234567D",
    "tan.ah.kow@example.com.log": "tan.ah.kow",
    "mary.lim@gmail.com_history.csv": "mary.lim",
    "call +65 9123 4567.log": "9123 4567",
    "T0312457B.log.gz": "T0312457B",
}
RAW = ["S1234567D", "tan.ah.kow", "mary.lim", "9123 4567", "91234567", "T0312457B"]


def _dump(path: Path) -> str:
    if path.suffix == ".parquet":
        return "\n".join(str(r) for r in pq.read_table(path).to_pylist())
    return path.read_bytes().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def named_run(tmp_path_factory):
    import gzip

    base = tmp_path_factory.mktemp("names")
    data = base / "data"
    data.mkdir()
    for name in NAMES:
        body = b"2026-01-02 INFO ok \xe9t\xe9\n"  # not UTF-8: the decoder warns, naming the file
        if name.endswith(".gz"):
            body = gzip.compress(body)
        (data / name).write_bytes(body)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    out = base / "run"
    single = data / "nric_S1234567D_export.log"
    runs = [
        subprocess.run(
            [
                PIIMAP,
                "scan",
                str(data),
                str(single),
                "--out",
                str(out),
                "--format",
                "csv",
                "--format",
                "jsonl",
                "--format",
                "html",
                "--workers",
                "1",
            ],
            env=env,
            capture_output=True,
        ),  # fmt: skip
        subprocess.run(
            [PIIMAP, "check", str(data), "--format", "sarif", "--output", str(base / "c.sarif")],
            env=env,
            capture_output=True,
            cwd=base,
        ),  # fmt: skip
        subprocess.run(
            [PIIMAP, "baseline", "create", "data", "--out", str(base / "baseline.json")],
            env=env,
            capture_output=True,
            cwd=base,
        ),  # fmt: skip
        subprocess.run(
            [PIIMAP, "check", "data", "--format", "text"], env=env, capture_output=True, cwd=base
        ),
        subprocess.run(
            [PIIMAP, "check", "data", "--format", "github"], env=env, capture_output=True, cwd=base
        ),
    ]
    return base, out, runs


def test_scan_ran(named_run):
    _, out, runs = named_run
    assert runs[0].returncode == 0, runs[0].stderr
    paths = {r["path"] for r in pq.read_table(out / "files.parquet").to_pylist()}
    assert len(paths) == len(NAMES)


def test_no_output_file_holds_a_raw_name(named_run):
    base, out, _ = named_run
    outputs = [p for p in out.rglob("*") if p.is_file() and ".state" not in p.parts]
    outputs += [base / "c.sarif", base / "baseline.json"]
    assert any(p.name == "report.html" for p in outputs)
    for path in outputs:
        text = _dump(path)
        for raw in RAW:
            assert raw not in text, (path.name, raw)


def test_no_terminal_output_holds_a_raw_name(named_run):
    _, _, runs = named_run
    for run in runs:
        text = (run.stdout + run.stderr).decode("utf-8", "replace")
        for raw in RAW:
            assert raw not in text, (run.args[1], raw, text[-2000:])


def test_masked_names_keep_their_shape(named_run):
    _, out, _ = named_run
    paths = sorted(r["path"] for r in pq.read_table(out / "files.parquet").to_pylist())
    assert any(p.startswith("nric_S****567D~") and p.endswith("_export.log") for p in paths)
    assert any(p.startswith("t***@example.com~") and p.endswith(".log") for p in paths)
    assert any(p.endswith("_history.csv") for p in paths)
