"""Object storage faults against the loopback moto server, through a fault-injecting proxy."""

from __future__ import annotations

import time

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, scan_files
from scanner.sources.objectstore import S3_RETRIES, effective_storage_options

from .conftest import HASH_KEY
from .s3proxy import FaultProxy

NRIC = "S8412345E"


@pytest.fixture(autouse=True)
def _dummy_aws_env(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "PIIMAP_S3_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bucket(s3_server, request) -> str:
    name = "faults-" + request.node.name.replace("_", "-")[:40].lower().strip("-")
    client = s3_server.client()
    client.create_bucket(Bucket=name)
    for i in range(3):
        body = f"2026-01-01T00:00:00 INFO signup nric={NRIC} n={i}\n" * 20
        client.put_object(Bucket=name, Key=f"logs/app{i}.log", Body=body.encode())
    return name


def _scan_args(bucket: str, endpoint: str, out) -> list[str]:
    return [
        "scan", f"s3://{bucket}/logs", "--endpoint-url", endpoint, "--out", str(out),
        "--workers", "1", "-q",
    ]  # fmt: skip


def test_retries_are_configured_by_default():
    options = effective_storage_options("s3://b/k", {})
    assert options["config_kwargs"]["retries"] == S3_RETRIES
    given = {"config_kwargs": {"retries": {"max_attempts": 2}}}
    mine = effective_storage_options("s3://b/k", given)
    assert mine["config_kwargs"]["retries"] == {"max_attempts": 2}
    assert "config_kwargs" not in effective_storage_options("gs://b/k", {})


def test_throttled_reads_are_retried_with_backoff(s3_server, bucket, tmp_path):
    with FaultProxy(s3_server.endpoint_url, slowdown=2) as proxy:
        result = CliRunner().invoke(
            main, _scan_args(bucket, proxy.endpoint_url, tmp_path / "run"),
            env={"PIIMAP_HASH_KEY": HASH_KEY},
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert proxy.faults_served >= 6  # two 503 SlowDown per object, all absorbed by retries
    files = pq.read_table(tmp_path / "run/files.parquet").to_pylist()
    assert [f["status"] for f in files] == ["scanned"] * 3
    findings = pq.read_table(tmp_path / "run/findings.parquet")
    assert findings.num_rows >= 3 * 20


def test_invalid_credentials_fail_fast_with_a_clear_message(s3_server, bucket, tmp_path):
    with FaultProxy(s3_server.endpoint_url) as proxy:
        t0 = time.monotonic()
        result = CliRunner().invoke(
            main, _scan_args(bucket, proxy.endpoint_url, tmp_path / "run"),
            env={"PIIMAP_HASH_KEY": HASH_KEY, "AWS_ACCESS_KEY_ID": "badkey"},
        )  # fmt: skip
        elapsed = time.monotonic() - t0
    assert result.exit_code == 2, result.output
    assert "S3 access denied / invalid credentials" in result.output
    assert "check AWS_PROFILE / keys" in result.output
    assert "Traceback" not in result.output
    assert "testing" not in result.output  # no secret in the message
    assert elapsed < 60  # no retry loop on a 403 (generous: this is not a timing test)
    assert not (tmp_path / "run/summary.json").exists()


def test_object_deleted_between_list_and_read_is_recorded(s3_server, bucket):
    ctx = ScanContext(ScanConfig(run_id="s3-vanish"))
    items = list(list_sources([f"s3://{bucket}/logs"], storage_options=s3_server.storage_options))
    s3_server.client().delete_object(Bucket=bucket, Key="logs/app1.log")
    results = {r.record.path: r.record for r in scan_files(items, ctx.config, context=ctx)}
    assert results["app1.log"].status == "error"
    assert "vanished" in results["app1.log"].reason
    assert results["app0.log"].status == results["app2.log"].status == "scanned"
