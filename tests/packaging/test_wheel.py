"""The installed wheel works from any folder (issue 12): defaults ship as package data."""

from __future__ import annotations

import json
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, clean_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

LOG = (
    "2024-03-01T10:00:00Z INFO login ok user=tan.wm@example.com ip=10.1.2.3\n"
    "2024-03-01T10:00:01Z WARN kyc retry nric=S8412345E\n"
)


def _piimap(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(env_dir / "bin" / "piimap"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(PIIMAP_HASH_KEY="0f7e2c91b4d6a8530e1f9c27d4b6a8e3"),
        timeout=300,
    )


def test_the_wheel_holds_the_defaults_and_the_license(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "configs/profiles.yaml",
        "configs/recognizers.yaml",
        "configs/builtin_recognizers.yaml",
        "configs/policies/esign-sg.yaml",
        "configs/policies/esign-sg-privacy-policy.txt",
        "scanner/report/templates/report.html.j2",
    ):
        assert shipped in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_the_source_tree_is_not_importable_in_the_fresh_env(installed_env: Path, tmp_path):
    done = subprocess.run(
        [
            str(installed_env / "bin" / "python"), "-c",
            "import scanner, configs, recognizers; "
            "print(scanner.__file__); print(configs.__file__); print(recognizers.__file__)",
        ],
        cwd=tmp_path, capture_output=True, text=True, env=clean_env(), check=True,
    )  # fmt: skip
    for line in done.stdout.split():
        assert Path(line).is_relative_to(installed_env), line
        assert not Path(line).is_relative_to(ROOT), line


def test_version_comes_from_the_project_metadata(installed_env: Path, tmp_path) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    done = _piimap(installed_env, tmp_path, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"piimap, version {declared}"


def test_installed_scan_and_check_run_from_an_empty_folder(installed_env: Path, tmp_path):
    work = tmp_path / "empty"
    work.mkdir()
    (work / "app.log").write_text(LOG)

    scan = _piimap(installed_env, work, "scan", "app.log", "--out", "run", "-q")
    assert scan.returncode == 0, scan.stderr
    summary = json.loads((work / "run" / "summary.json").read_text())
    assert Path(summary["policy"]["path"]).is_relative_to(installed_env)  # the shipped policy
    import pandas as pd

    findings = pd.read_parquet(work / "run" / "findings.parquet")
    assert {"SG_NRIC_FIN", "EMAIL_ADDRESS", "IP_ADDRESS"} <= set(findings["entity_type"])

    check = _piimap(installed_env, work, "check", "app.log", "--format", "json")
    assert check.returncode == 1, check.stderr  # the NRIC in a log is undeclared
    report = json.loads(check.stdout)
    assert "S8412345E" not in check.stdout
    assert any(item["entity_type"] == "SG_NRIC_FIN" for item in report["findings"])

    lint = _piimap(installed_env, work, "policy", "lint")  # reads the shipped policy text
    assert lint.returncode == 0, lint.stderr
    assert lint.stdout.strip().endswith(": ok")
