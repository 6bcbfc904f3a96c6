"""`piimap scan --resume`: a run killed with SIGKILL continues to the same inventory."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.scan.finding_blob import json_lines
from scanner.scan.journal import state_path

from .conftest import HASH_KEY, PIIMAP, inventory, make_corpus, run_ids

FILES = 40


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PIIMAP_HASH_KEY"] = HASH_KEY
    env.pop("CI", None)
    return env


def _journaled(run_dir: Path) -> int:
    db = state_path(run_dir)
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:  # schema not created yet
        return 0


def _kill_midway(cmd: list[str], run_dir: Path, at_least: int) -> int:
    """Start ``cmd``, SIGKILL it once the journal holds ``at_least`` files but not all."""
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            done = _journaled(run_dir)
            if done >= at_least:
                break
            if proc.poll() is not None:
                pytest.fail(f"scan ended before it could be killed: {proc.stderr.read()!r}")
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _journaled(run_dir)
    assert 0 < done < FILES, f"kill landed outside the scan ({done} of {FILES} journaled)"
    return done


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root, FILES, lines=1500)
    return root


@pytest.fixture(scope="module")
def full_run(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "run"
    rc = subprocess.run(
        [PIIMAP, "scan", str(corpus), "--out", str(out), "--workers", "1", "-q"], env=_env()
    ).returncode
    assert rc == 0
    return out


def test_killed_twice_then_resumed_equals_uninterrupted(corpus, full_run, tmp_path):
    out = tmp_path / "run"
    scan = [PIIMAP, "scan", str(corpus), "--out", str(out), "--workers", "1", "-q"]
    first = _kill_midway(scan, out, at_least=3)
    assert not (out / "findings.parquet").exists()  # nothing that looks complete
    assert not (out / "summary.json").exists()

    resume = [PIIMAP, "scan", "--resume", str(out), "-q", "--workers", "1"]
    second = _kill_midway(resume, out, at_least=first + 3)
    assert second > first

    rc = subprocess.run(resume, env=_env()).returncode
    assert rc == 0

    findings, files = inventory(out)
    want_findings, want_files = inventory(full_run)
    assert findings.num_rows == want_findings.num_rows > 0
    assert findings.equals(want_findings)  # no lost and no duplicated rows, same order
    assert files.drop(["mtime"]).equals(want_files.drop(["mtime"]))
    assert files.num_rows == FILES

    # The run id is the one the killed run started with: a resumed run is the same run.
    summary = json.loads((out / "summary.json").read_text())
    assert run_ids(out) == {summary["run_id"]}
    with sqlite3.connect(state_path(out)) as conn:
        (config,) = conn.execute("SELECT value FROM meta WHERE key='config'").fetchone()
    assert json.loads(config)["run_id"] == summary["run_id"]


def test_resume_of_a_finished_run_rewrites_the_same_inventory(full_run, tmp_path):
    before = inventory(full_run)
    result = CliRunner().invoke(
        main,
        ["scan", "--resume", str(full_run), "-q", "--workers", "1"],
        env={"PIIMAP_HASH_KEY": HASH_KEY},
    )
    assert result.exit_code == 0, result.output
    after = inventory(full_run)
    assert after[0].equals(before[0]) and after[1].equals(before[1])


def test_resume_removes_outputs_half_written_by_the_killed_run(full_run):
    leftover = full_run / ".findings.parquet.tmp-99999"
    leftover.write_bytes(b"PAR1 half")
    result = CliRunner().invoke(
        main,
        ["scan", "--resume", str(full_run), "-q", "--workers", "1"],
        env={"PIIMAP_HASH_KEY": HASH_KEY},
    )
    assert result.exit_code == 0, result.output
    assert not leftover.exists()


def test_resume_refuses_a_folder_without_journal(tmp_path):
    result = CliRunner().invoke(main, ["scan", "--resume", str(tmp_path)])
    assert result.exit_code == 2
    assert "no scan journal" in result.output


def test_resume_takes_no_sources(full_run, corpus):
    result = CliRunner().invoke(main, ["scan", str(corpus), "--resume", str(full_run)])
    assert result.exit_code == 2
    assert "give no SOURCES" in result.output


def test_journal_records_each_file_atomically(full_run):
    """One journal row per file, its findings batch holding exactly as many rows as its record
    says (written in the same statement), and no table with a row per finding."""
    with sqlite3.connect(state_path(full_run)) as conn:
        rows = conn.execute("SELECT findings, finding_batch FROM files").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == {"meta", "files"}
    assert any(n for n, _ in rows)
    assert all(n == (json_lines(blob).count(b"\n") if blob else 0) for n, blob in rows)
    # Compressed: the JSON lines repeat keys and file-wide values on every line.
    assert all(len(blob) * 2 < len(json_lines(blob)) for n, blob in rows if n > 3)
    assert mode == "wal"
    assert oct(state_path(full_run).stat().st_mode & 0o777) == "0o600"
