"""Issue 17 item 3: policy path rules see a canonical path, so a file gets the same source kind
from every invocation (whole tree or sub-folder, any current folder), and summary.json states
the root."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.sources.path_root import check_rule_path, scan_rule_path

EMAIL = "tan.ah.kow@example.com"
NRIC = "S8412345E"


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def kinds(run: Path) -> dict[str, str]:
    return {r["path"]: r["source_kind"] for r in pq.read_table(run / "files.parquet").to_pylist()}


@pytest.fixture
def share(tmp_path) -> Path:
    root = tmp_path / "share"
    (root / "kyc").mkdir(parents=True)
    (root / "kyc" / "export.csv").write_text(f"nric,email\n{NRIC},{EMAIL}\n")
    (root / "misc").mkdir()
    (root / "misc" / "notes.txt").write_text("nothing\n")
    return root


def test_whole_tree_and_sub_folder_give_the_same_kind(share, tmp_path):
    assert invoke("scan", share, "--out", tmp_path / "all", "-q").exit_code == 0
    assert invoke("scan", share / "kyc", "--out", tmp_path / "sub", "-q").exit_code == 0
    one = invoke("scan", share / "kyc" / "export.csv", "--out", tmp_path / "one", "-q")
    assert one.exit_code == 0
    assert kinds(tmp_path / "all")["kyc/export.csv"] == "identity_records"
    assert kinds(tmp_path / "sub")["export.csv"] == "identity_records"
    assert kinds(tmp_path / "one")["export.csv"] == "identity_records"
    sub = json.loads((tmp_path / "sub/summary.json").read_text())
    assert sub["findings"]["undeclared"] == 0
    assert sub["path_rules"]["root"] == "source"
    assert "source as given" in sub["path_rules"]["rule"]


def test_same_kind_from_another_current_folder(share, tmp_path, monkeypatch):
    monkeypatch.chdir(share.parent)
    assert invoke("scan", "share/kyc", "--out", tmp_path / "rel", "-q").exit_code == 0
    monkeypatch.chdir(share / "kyc")
    assert invoke("scan", ".", "--out", tmp_path / "dot", "-q").exit_code == 0
    assert kinds(tmp_path / "rel")["export.csv"] == "identity_records"
    # `.` inside kyc/ has no folder name to match: the stated root is the source as given
    # (documented), so the user scans the folder by a name the rules can see.
    assert scan_rule_path(".", "export.csv") == "export.csv"


def test_object_store_rule_path_is_bucket_and_full_key():
    assert scan_rule_path("s3://bkt/exports/kyc", "a/b.csv") == "bkt/exports/kyc/a/b.csv"
    assert scan_rule_path("s3://bkt", "kyc/b.csv") == "bkt/kyc/b.csv"
    assert scan_rule_path("s3://bkt/kyc/b.csv", "b.csv") == "bkt/kyc/b.csv"


def test_s3_prefix_and_bucket_give_the_same_kind(s3_server, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = s3_server.client()
    client.create_bucket(Bucket="rootcase")
    client.put_object(Bucket="rootcase", Key="kyc/export.csv", Body=f"nric\n{NRIC}\n".encode())
    for name, url in (("bucket", "s3://rootcase"), ("prefix", "s3://rootcase/kyc")):
        result = invoke(
            "scan", url, "--endpoint-url", s3_server.endpoint_url, "--out", tmp_path / name, "-q"
        )
        assert result.exit_code == 0, result.output
    assert kinds(tmp_path / "bucket")["kyc/export.csv"] == "identity_records"
    assert kinds(tmp_path / "prefix")["export.csv"] == "identity_records"


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    (root / "logs").mkdir(parents=True)
    # An email in a log is declared (the login name); outside logs/ it is not.
    (root / "logs" / "service.txt").write_text(f"2026-01-01 INFO login user={EMAIL}\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_check_gives_the_same_answer_from_any_folder(repo, monkeypatch):
    monkeypatch.chdir(repo)
    from_root = invoke("check", "logs/", "--format", "json")
    monkeypatch.chdir(repo / "logs")
    from_inside = invoke("check", ".", "--format", "json")
    assert from_root.exit_code == from_inside.exit_code == 0, from_inside.output
    report = json.loads(from_inside.stdout)
    assert report["summary"]["findings_total"] == report["summary"]["declared_total"] >= 1


def test_check_rule_path_is_relative_to_the_git_root(repo, monkeypatch):
    monkeypatch.chdir(repo / "logs")
    assert check_rule_path("service.txt") == "logs/service.txt"
    monkeypatch.chdir(repo)
    assert check_rule_path("logs/service.txt") == "logs/service.txt"


def test_check_outside_git_uses_the_absolute_path(tmp_path, monkeypatch):
    (tmp_path / "plain" / "logs").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "plain" / "logs")
    assert check_rule_path("a.txt") == str(tmp_path / "plain" / "logs" / "a.txt")
