"""Writers never follow planted symlinks, and --reveal output stays private (issue 18 item 13)."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from tests.fixtures.cli import piimap as _invoke
from tests.fixtures.corpus import NRIC


def test_planted_symlinks_at_old_temp_names_are_not_followed(tmp_path, log_dir):
    # `scan --out` refuses a non-empty folder, so links planted in a run folder meet the
    # writers when that run is resumed (which rewrites every output in place).
    out = tmp_path / "run"
    first = _invoke("scan", str(log_dir), "--out", str(out), "--format", "csv", "-q")
    assert first.exit_code == 0, first.output
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    pid = os.getpid()  # CliRunner runs in this process: the names the old writers used
    for name in ("summary.json", "findings.parquet", "files.parquet", "findings.csv"):
        (out / f".{name}.tmp-{pid}").symlink_to(victim)
    result = _invoke("scan", "--resume", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious\n"
    assert (out / "summary.json").is_file() and not (out / "summary.json").is_symlink()


def test_check_output_does_not_follow_planted_temp_symlink(tmp_path, log_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / f".report.sarif.tmp-{os.getpid()}").symlink_to(victim)
    result = _invoke("check", "logs", "--format", "sarif", "--output", "report.sarif")
    assert result.exit_code in (0, 1)
    assert victim.read_text() == "precious\n"


def test_symlinked_state_folder_is_refused_and_its_target_untouched(tmp_path, log_dir):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    (target / "state.sqlite").write_text("someone else's file\n")
    os.chmod(target, 0o755)
    out = tmp_path / "run"
    out.mkdir()
    (out / ".state").symlink_to(target, target_is_directory=True)
    result = _invoke("scan", str(log_dir), "--out", str(out), "-q")
    assert result.exit_code == 2
    assert "symbolic link" in result.output
    assert (target / "state.sqlite").read_text() == "someone else's file\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_reveal_outputs_are_owner_only_and_journal_forgets_raw_values(tmp_path, log_dir):
    out = tmp_path / "run"
    result = _invoke(
        "scan", str(log_dir), "--out", str(out), "--reveal", "--format", "csv", "--format",
        "jsonl", "--format", "html", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = [p for p in out.rglob("*") if p.is_file()]
    assert {"findings.parquet", "findings.csv", "summary.json", "report.html"} <= {
        p.name for p in written
    }
    assert NRIC in (out / "findings.csv").read_text()  # revealed, as asked
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    journal = out / ".state" / "state.sqlite"
    with sqlite3.connect(journal) as conn:
        kept = conn.execute("SELECT count(*) FROM files WHERE revealed IS NOT NULL").fetchone()
    assert kept == (0,)
    for path in (out / ".state").iterdir():
        assert NRIC.encode() not in path.read_bytes(), path
    # A later run without --reveal in the same process writes with the usual mode again.
    plain = tmp_path / "plain"
    assert _invoke("scan", str(log_dir), "--out", str(plain), "-q").exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert mask != 0o077  # the --reveal umask ended with its command
    assert stat.S_IMODE((plain / "summary.json").stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize(
    "env",
    [
        {"CI": ""},
        {"JENKINS_URL": "http://jenkins.internal/"},
        {"TF_BUILD": "True"},
        {"GITLAB_CI": "true"},
        {"BUILDKITE": "true"},
    ],
)
def test_reveal_is_refused_under_every_ci(tmp_path, log_dir, env):
    out = tmp_path / "run"
    result = _invoke("scan", str(log_dir), "--out", str(out), "--reveal", "-q", env=env)
    assert result.exit_code == 2
    assert "--reveal is refused" in result.output
    assert not (out / "findings.parquet").exists()
    checked = _invoke("check", str(log_dir), "--reveal", env=env)
    assert checked.exit_code == 2
