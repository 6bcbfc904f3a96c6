"""No leaks: every file a run writes, and what the terminal shows, carries only masked values.

The outputs are dumped to text and scanned with piimap itself: no checksum-valid NRIC/FIN, UEN
or card number may be found in them, and none of the raw planted emails and phones may appear.
"""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
PIIMAP = str(Path(sys.executable).with_name("piimap"))
CHECKSUM_TYPES = {"SG_NRIC_FIN", "SG_UEN", "CREDIT_CARD"}
RAW_PLANTED = [
    "weiming.tan@example.com.sg",
    "priya.nair@example.sg",
    "+65 9123 4567",
    "S8412345E",
    "T0312457B",
    "201912345R",
    "4111 1111 1111 1111",
]


def _run_under_pty(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run a command with a pseudo-terminal as stdout/stderr (so rich draws its bar)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    captured = bytearray()
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            captured += data
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(), bytes(captured)


def _as_text(path: Path) -> str:
    """A file's content as text a scanner can read (tables and databases dumped cell by cell)."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return "\n".join(" | ".join(str(v) for v in row.values()) for row in table.to_pylist())
    if path.name.endswith((".sqlite", ".sqlite-wal", ".sqlite-shm")):
        if not path.name.endswith(".sqlite"):
            return path.read_bytes().decode("latin-1")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            lines = []
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                for row in conn.execute(f'SELECT * FROM "{table}"'):
                    lines.append(" | ".join(str(v) for v in row))
        return "\n".join(lines) + "\n" + path.read_bytes().decode("latin-1")
    return path.read_bytes().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def leak_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("leaks")
    data, out = base / "data", base / "run"
    subprocess.run([sys.executable, str(ROOT / "samples/make_samples.py"), str(data)], check=True)
    # A file whose error reason would quote content if reasons were not redacted.
    (data / "broken.pdf").write_bytes(b"%PDF-1.7\nS8412345E weiming.tan@example.com.sg")
    key_file = base / "key" / "hash.key"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PIIMAP_HASH_KEY")}
    env.update(PIIMAP_KEY_FILE=str(key_file), TERM="xterm-256color", COLUMNS="120")
    rc, terminal = _run_under_pty(
        [PIIMAP, "scan", str(data), "--out", str(out), "--workers", "1",
         "--format", "csv", "--format", "jsonl", "--format", "html"],
        env,
    )  # fmt: skip
    sarif = base / "check.sarif"
    check = subprocess.run(
        [PIIMAP, "check", str(data), "--format", "sarif", "--output", str(sarif)],
        env=env, capture_output=True,
    )  # fmt: skip
    dumps = base / "dumps"
    dumps.mkdir()
    outputs = [p for p in out.rglob("*") if p.is_file()] + [sarif]
    for i, path in enumerate(outputs):
        (dumps / f"{i:03d}-{path.name}.txt").write_text(_as_text(path), encoding="utf-8")
    (dumps / "terminal.txt").write_bytes(terminal)
    (dumps / "check-stderr.txt").write_bytes(check.stdout + check.stderr)
    return {"rc": rc, "terminal": terminal, "out": out, "dumps": dumps, "key_file": key_file,
            "outputs": outputs, "env": env}  # fmt: skip


def test_the_run_wrote_what_we_scan(leak_run):
    names = {p.name for p in leak_run["outputs"]}
    assert {"findings.parquet", "files.parquet", "summary.json", "findings.csv",
            "findings.jsonl", "report.html", "state.sqlite", "check.sarif"} <= names  # fmt: skip
    assert leak_run["rc"] == 3  # the broken PDF
    assert b"\x1b[" in leak_run["terminal"]  # rich drew on the terminal
    files = pq.read_table(leak_run["out"] / "files.parquet").to_pylist()
    broken = next(f for f in files if f["path"] == "broken.pdf")
    assert broken["status"] == "error" and broken["reason"]


def test_outputs_scanned_by_piimap_hold_only_masked_values(leak_run, tmp_path):
    out = tmp_path / "rescan"
    result = CliRunner().invoke(
        main, ["scan", str(leak_run["dumps"]), "--out", str(out), "--workers", "1", "-q",
               "--profile", "logs"],
    )  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    findings = pq.read_table(out / "findings.parquet").to_pylist()
    leaked = [(f["path"], f["entity_type"], f["masked_value"]) for f in findings
              if f["entity_type"] in CHECKSUM_TYPES]  # fmt: skip
    assert not leaked


def test_no_raw_planted_value_in_any_output(leak_run):
    for dump in leak_run["dumps"].iterdir():
        text = dump.read_text(encoding="utf-8", errors="replace")
        for value in RAW_PLANTED:
            assert value not in text, (dump.name, value)


def test_hash_key_file_is_private_and_never_written(leak_run):
    key_file = leak_run["key_file"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes().strip()
    assert len(key) >= 16
    for path in leak_run["outputs"]:
        assert key not in path.read_bytes(), path
    assert key not in leak_run["terminal"]


def test_reveal_is_refused_under_ci(tmp_path):
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path), "--reveal", "--out", str(tmp_path / "r")], env={"CI": "true"}
    )
    assert result.exit_code == 2
    assert "--reveal is refused" in result.output
    assert not (tmp_path / "r").exists()


def test_summary_names_the_key_only_by_fingerprint(leak_run):
    summary = json.loads((leak_run["out"] / "summary.json").read_text())
    key = leak_run["key_file"].read_text().strip()
    assert summary["hash_key_id"] and summary["hash_key_id"] not in key


def test_identifier_in_a_file_name_is_not_written(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "contract-S8412345E.txt").write_text("nothing personal inside\n")
    out = tmp_path / "run"
    args = ["scan", str(data), "--out", str(out), "-q", "--workers", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        b"S8412345E"
        not in (out / "files.parquet").read_bytes() + _as_text(out / "files.parquet").encode()
    )


def test_masked_file_names_are_stable_and_distinct(tmp_path):
    """Masked names keep the inventory's keys: same file -> same path every run; two files
    whose identifiers mask alike still get different paths."""
    data = tmp_path / "data"
    data.mkdir()
    for nric in ("S8412345E", "T0212345I"):  # both mask to ?****345?
        (data / f"contract-{nric}.txt").write_text(f"Party NRIC {nric}\n")
    paths = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = CliRunner().invoke(
            main, ["scan", str(data), "--out", str(out), "-q", "--workers", "1"]
        )
        assert result.exit_code == 0, result.output
        files = pd.read_parquet(out / "files.parquet")
        findings = pd.read_parquet(out / "findings.parquet")
        assert set(findings.path) <= set(files.path)
        paths.append(sorted(files.path))
    assert paths[0] == paths[1]
    assert len(set(paths[0])) == 2
    assert all("345" in p and "S8412345E" not in p and "T0212345I" not in p for p in paths[0])
