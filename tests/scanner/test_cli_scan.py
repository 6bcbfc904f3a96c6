"""`piimap scan` behaviour at the command line: exit codes, reveal, S3, workers, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scanner.cli.main import main

NRIC = "S8412345E"
LOG_LINE = f"2026-11-01T10:00:00Z DEBUG kyc nric={NRIC} from 203.0.113.7\n"


def _scan(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["scan", *args], env=env)


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    (root / "logs").mkdir(parents=True)
    (root / "logs" / "app.log").write_text(LOG_LINE * 3, encoding="utf-8")
    return root


def test_clean_scan_exits_0(tree, tmp_path):
    result = _scan(str(tree), "--out", str(tmp_path / "out"), "-q", "--workers", "1")
    assert result.exit_code == 0, result.output
    df = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert set(df.entity_type) == {"SG_NRIC_FIN", "IP_ADDRESS"}
    assert list(df[df.entity_type == "SG_NRIC_FIN"].line) == [1, 2, 3]


def test_a_file_that_errors_gives_exit_3_and_a_reason(tree, tmp_path):
    (tree / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\ntruncated")
    out = tmp_path / "out"
    result = _scan(str(tree), "--out", str(out), "-q", "--workers", "1")
    assert result.exit_code == 3, result.output
    files = pd.read_parquet(out / "files.parquet").set_index("path")
    assert files.loc["broken.pdf", "status"] == "error"
    assert files.loc["broken.pdf", "reason"]
    assert files.loc["logs/app.log", "status"] == "scanned"
    assert json.loads((out / "summary.json").read_text())["exit_code"] == 3


def test_binary_file_is_skipped_with_a_reason_and_exit_0(tree, tmp_path):
    (tree / "blob.bin").write_bytes(bytes(range(256)) * 64)
    out = tmp_path / "out"
    result = _scan(str(tree), "--out", str(out), "-q", "--workers", "1")
    assert result.exit_code == 0, result.output
    files = pd.read_parquet(out / "files.parquet").set_index("path")
    assert files.loc["blob.bin", "status"] == "skipped"
    assert "binary" in files.loc["blob.bin", "reason"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--profile", "nope"], "unknown profile"),
        (["--source-kind", "nope"], "unknown source kind"),
        (["--policy", "/nonexistent/policy.yaml"], "policy"),
    ],
)
def test_usage_errors_exit_2_with_a_fix(tree, tmp_path, args, message):
    result = _scan(str(tree), "--out", str(tmp_path / "o"), "-q", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_reveal_adds_raw_values_and_is_recorded(tree, tmp_path):
    out = tmp_path / "out"
    result = _scan(str(tree), "--out", str(out), "-q", "--workers", "1", "--reveal")
    assert result.exit_code == 0, result.output
    df = pd.read_parquet(out / "findings.parquet")
    assert NRIC in set(df["value"])
    assert json.loads((out / "summary.json").read_text())["revealed"] is True


def test_reveal_is_refused_under_ci(tree, tmp_path):
    result = _scan(str(tree), "--out", str(tmp_path / "o"), "--reveal", env={"CI": "true"})
    assert result.exit_code == 2
    assert "refused" in result.output
    assert not (tmp_path / "o").exists()


def test_source_kind_override_changes_classification(tree, tmp_path):
    out = tmp_path / "out"
    result = _scan(
        str(tree), "--out", str(out), "-q", "--workers", "1", "--source-kind", "identity_records"
    )
    assert result.exit_code == 0
    df = pd.read_parquet(out / "findings.parquet")
    nric = df[df.entity_type == "SG_NRIC_FIN"]
    assert set(nric.source_kind) == {"identity_records"} and nric.declared.all()


def test_two_workers_write_the_same_rows_as_one(tree, tmp_path):
    for i in range(6):
        (tree / "logs" / f"more-{i}.log").write_text(LOG_LINE * (i + 1), encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    assert _scan(str(tree), "--out", str(a), "-q", "--workers", "1").exit_code == 0
    assert _scan(str(tree), "--out", str(b), "-q", "--workers", "2").exit_code == 0
    ra = pd.read_parquet(a / "findings.parquet").drop(columns="run_id")
    rb = pd.read_parquet(b / "findings.parquet").drop(columns="run_id")
    pd.testing.assert_frame_equal(ra, rb)


def test_include_and_exclude_globs(tree, tmp_path):
    (tree / "notes.txt").write_text(f"nric {NRIC}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert (
        _scan(str(tree), "--out", str(out), "-q", "--workers", "1", "--include", "*.txt").exit_code
        == 0
    )
    assert set(pd.read_parquet(out / "files.parquet").path) == {"notes.txt"}
    out2 = tmp_path / "out2"
    assert (
        _scan(
            str(tree), "--out", str(out2), "-q", "--workers", "1", "--exclude", "logs/**"
        ).exit_code
        == 0
    )
    assert set(pd.read_parquet(out2 / "files.parquet").path) == {"notes.txt"}


def test_scan_of_s3_prefix_on_the_loopback_server(s3_server, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = s3_server.client()
    client.create_bucket(Bucket="piimap-scan")
    client.put_object(Bucket="piimap-scan", Key="tenant-a/logs/app.log", Body=LOG_LINE.encode())
    client.put_object(
        Bucket="piimap-scan",
        Key="tenant-a/contracts/c.txt",
        Body=f"Agreement with NRIC {NRIC}.".encode(),
    )
    out = tmp_path / "out"
    result = _scan(
        "s3://piimap-scan/tenant-a",
        "--endpoint-url",
        s3_server.endpoint_url,
        "--out",
        str(out),
        "-q",
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output
    df = pd.read_parquet(out / "findings.parquet")
    by_path = df[df.entity_type == "SG_NRIC_FIN"].groupby("path").declared.first().to_dict()
    assert by_path == {"logs/app.log": False, "contracts/c.txt": True}
    assert set(df.source) == {"s3://piimap-scan/tenant-a"}


def test_policy_show_and_lint(tmp_path):
    runner = CliRunner()
    shown = runner.invoke(main, ["policy", "show"])
    assert shown.exit_code == 0 and "I(i) 1.2" in shown.output
    assert runner.invoke(main, ["policy", "lint"]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncategories:\n  - id: a\n    entity_types: [NOT_A_TYPE]\n")
    linted = runner.invoke(main, ["policy", "lint", str(bad)])
    assert linted.exit_code == 2
    assert "bad.yaml:" in linted.output
