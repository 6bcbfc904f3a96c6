"""Issue 17 item 4: errors that tell the truth (missing paths, nothing listed, endpoints,
non-run folders, Ctrl-C, --out at an existing run)."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.exit_codes import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

NRIC = "S8412345E"


def _invoke(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


@pytest.fixture
def tree(tmp_path) -> Path:
    root = tmp_path / "share"
    (root / "logs").mkdir(parents=True)
    (root / "logs" / "app.log").write_text(f"2026-01-01 INFO signup nric={NRIC}\n")
    (root / "notes.txt").write_text("nothing here\n")
    return root


def test_scan_of_a_mistyped_path_is_a_usage_error(tmp_path):
    out = tmp_path / "run"
    result = _invoke(["scan", tmp_path / "no-such-dir", "--out", out, "-q"])
    assert result.exit_code == EXIT_USAGE
    assert f"no such file or folder: {tmp_path / 'no-such-dir'}" in result.output
    assert "vanished" not in result.output
    assert not out.exists()  # nothing written


def test_check_of_a_mistyped_path_says_the_same(tmp_path):
    result = _invoke(["check", tmp_path / "nope.log"])
    assert result.exit_code == EXIT_USAGE
    assert f"no such file or folder: {tmp_path / 'nope.log'}" in result.output


def test_empty_folder_warns_and_exits_2_unless_allowed(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _invoke(["scan", empty, "--out", tmp_path / "r1", "-q"])
    assert result.exit_code == EXIT_USAGE
    assert "listed no file at all" in result.output
    allowed = _invoke(["scan", empty, "--out", tmp_path / "r2", "-q", "--allow-empty"])
    assert allowed.exit_code == EXIT_OK, allowed.output
    assert json.loads((tmp_path / "r2/summary.json").read_text())["files"]["total"] == 0


def test_check_of_an_empty_folder_warns_and_exits_2_unless_allowed(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _invoke(["check", empty])
    assert result.exit_code == EXIT_USAGE
    assert "hold no file at all" in result.output
    assert _invoke(["check", empty, "--allow-empty"]).exit_code == EXIT_OK


def test_mistyped_s3_prefix_is_not_a_clean_pass(s3_server, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s3_server.client().create_bucket(Bucket="typo-prefix")
    result = _invoke([
        "scan", "s3://typo-prefix/lgos", "--endpoint-url", s3_server.endpoint_url,
        "--out", tmp_path / "run", "-q",
    ])  # fmt: skip
    assert result.exit_code == EXIT_USAGE, result.output
    assert "listed no file at all" in result.output


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_error_keeps_the_endpoint_readable(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    port = _closed_port()
    endpoint = f"http://127.0.0.1:{port}"
    result = _invoke([
        "scan", "s3://bucket/logs", "--endpoint-url", endpoint, "--out", tmp_path / "run",
        "-q",
    ])  # fmt: skip
    assert result.exit_code == EXIT_PARTIAL, result.output
    reasons = [r["reason"] for r in pq.read_table(tmp_path / "run/files.parquet").to_pylist()]
    assert any(endpoint in r for r in reasons), reasons
    assert not any("127.0.*" in r for r in reasons)


@pytest.mark.parametrize("command", ["report", "locate", "retention"])
def test_non_run_folder_is_one_line_exit_2(tmp_path, command):
    folder = tmp_path / "not-a-run"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello\n")
    args = [command, folder] + (["--value", NRIC] if command == "locate" else [])
    result = _invoke(args)
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "is not a piimap run folder" in lines[0]


def test_ctrl_c_says_how_to_resume_and_exits_130(tree, tmp_path, monkeypatch):
    """A real SIGINT delivered while the first file is journaled."""
    from scanner.cli import progress

    def interrupt(self, result):
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(progress.ScanProgress, "update", interrupt)
    out = tmp_path / "run"
    result = _invoke(["scan", tree, "--out", out, "--workers", "1", "-q"])
    assert result.exit_code == EXIT_INTERRUPTED
    assert f"interrupted; continue with `piimap scan --resume {out}`" in result.output
    assert "Aborted!" not in result.output
    monkeypatch.undo()
    monkeypatch.setenv("PIIMAP_HASH_KEY", "7a8cd726d58703af87e970fe4b0b53d3c7a63e26aa3347a9")
    resumed = _invoke(["scan", "--resume", out, "-q"])
    assert resumed.exit_code == EXIT_OK, resumed.output
    assert json.loads((out / "summary.json").read_text())["files"]["total"] == 2


def test_out_at_an_existing_run_is_refused_without_force(tree, tmp_path):
    out = tmp_path / "run"
    assert _invoke(["scan", tree, "--out", out, "-q", "--format", "html"]).exit_code == EXIT_OK
    assert (out / "report.html").exists() and (out / "datamap.csv").exists()
    before = (out / "summary.json").read_text()
    again = _invoke(["scan", tree / "logs", "--out", out, "-q"])
    assert again.exit_code == EXIT_USAGE
    assert "already holds a run" in again.output and "--force" in again.output
    assert (out / "summary.json").read_text() == before
    forced = _invoke(["scan", tree / "logs", "--out", out, "-q", "--force"])
    assert forced.exit_code == EXIT_OK, forced.output
    assert not (out / "report.html").exists() and not (out / "datamap.csv").exists()
    assert json.loads((out / "summary.json").read_text())["files"]["total"] == 1


def test_force_never_clears_a_folder_that_is_not_a_run(tree, tmp_path):
    keep = tmp_path / "work"
    keep.mkdir()
    (keep / "precious.txt").write_text("mine\n")
    result = _invoke(["scan", tree, "--out", keep, "-q", "--force"])
    assert result.exit_code == EXIT_USAGE
    assert "not a piimap run" in result.output
    assert (keep / "precious.txt").read_text() == "mine\n"
