"""Issue 17 item 5: auditable incremental runs.

`--incremental` takes the newest *compatible* finished run, names the differing setting when
none is compatible, and records `carried_forward` per file (files.parquet), in summary.json and
on the terminal.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.policy.model import DEFAULT_POLICY_PATH
from scanner.scan.journal import read_meta

NRIC = "S8412345E"


def scan(*args):
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--workers", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def data(tmp_path) -> Path:
    root = tmp_path / "data"
    for i in range(4):
        (root / f"svc{i}").mkdir(parents=True)
        (root / f"svc{i}" / "app.log").write_text(
            f"2026-01-01T00:00:0{i} INFO signup nric={NRIC} user={i}\n"
        )
    return root


def test_carried_forward_is_recorded_per_file_in_summary_and_terminal(data, tmp_path):
    reports = tmp_path / "reports"
    assert scan(data, "--out", reports / "a", "-q").exit_code == 0
    changed = data / "svc2" / "app.log"
    changed.write_text(changed.read_text() + "2026-01-02 INFO more\n")
    os.utime(changed, (time.time(), time.time() + 10))
    result = scan(data, "--out", reports / "b", "--incremental")
    assert result.exit_code == 0, result.output
    rows = pq.read_table(reports / "b/files.parquet").to_pylist()
    flags = {r["path"]: r["carried_forward"] for r in rows}
    assert flags == {
        "svc0/app.log": True, "svc1/app.log": True, "svc2/app.log": False, "svc3/app.log": True,
    }  # fmt: skip
    summary = json.loads((reports / "b/summary.json").read_text())
    assert summary["files"]["carried_forward"] == 3
    assert summary["incremental"]["baseline_used"] is True
    assert Path(summary["incremental"]["baseline_run"]) == reports / "a"
    assert f"3 files carried forward unread from {reports / 'a'}, 1 scanned again" in (
        " ".join(result.output.split())
    )
    first = pq.read_table(reports / "a/files.parquet").to_pylist()
    assert not any(r["carried_forward"] for r in first)


def test_newest_compatible_run_is_chosen_over_a_newer_incompatible_one(data, tmp_path):
    reports = tmp_path / "reports"
    assert scan(data, "--out", reports / "a", "-q").exit_code == 0
    newer = scan(data, "--out", reports / "b", "-q", "--profile", "logs")  # other settings
    assert newer.exit_code == 0
    assert read_meta(reports / "b")["finished_at"] >= read_meta(reports / "a")["finished_at"]
    result = scan(data, "--out", reports / "c", "-q", "--incremental")
    assert result.exit_code == 0, result.output
    meta = read_meta(reports / "c")
    assert Path(meta["baseline_run"]) == reports / "a"
    assert meta["baseline_used"] is True
    summary = json.loads((reports / "c/summary.json").read_text())
    assert summary["files"]["carried_forward"] == 4


def test_no_compatible_run_names_the_differing_setting(data, tmp_path):
    reports = tmp_path / "reports"
    assert scan(data, "--out", reports / "a", "-q", "--profile", "logs").exit_code == 0
    result = scan(data, "--out", reports / "b", "-q", "--incremental")
    assert result.exit_code == 0
    assert "differs in: profile" in result.output
    assert "scanning everything" in result.output
    summary = json.loads((reports / "b/summary.json").read_text())
    assert summary["files"]["carried_forward"] == 0


def test_explicit_baseline_run_with_other_settings_names_them(data, tmp_path):
    reports = tmp_path / "reports"
    other_policy = tmp_path / "policy.yaml"
    policy_text = Path(DEFAULT_POLICY_PATH).read_text()
    other_policy.write_text(policy_text + "\n# a local edit\n")
    assert scan(data, "--out", reports / "a", "-q").exit_code == 0
    result = scan(
        data, "--out", reports / "b", "--baseline-run", reports / "a", "--policy", other_policy
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((reports / "b/summary.json").read_text())
    assert summary["incremental"]["baseline_used"] is False
    assert "used other settings (policy)" in summary["incremental"]["note"]
    assert "used other settings (policy)" in " ".join(result.output.split())
