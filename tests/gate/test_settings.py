""".piimap.yaml discovery (like gitleaks), `piimap init`, check --include/--exclude and
.gitignore / default folder excludes."""

from __future__ import annotations

import subprocess

import pytest

from scanner.cli.settings import SETTING_KEYS, SettingsError, find_settings, load_settings
from scanner.gate.allowlist import load_allowlist

NRIC = "S8412345E"
LOG = f"2026-01-02T10:00:01Z WARN nric={NRIC} not verified\n"


def _paths(report: dict) -> set[str]:
    return {f["path"] for f in report["findings"]}


def test_init_writes_a_starter_that_loads(workdir, piimap):
    result = piimap("init")
    assert result.exit_code == 0, result.output
    starter = workdir / ".piimap.yaml"
    settings = load_settings(starter)
    assert (settings.profile, settings.fail_on, settings.gitignore) == ("logs", "undeclared", True)
    assert settings.exclude == ("tests/fixtures/**",)
    assert load_allowlist(starter, other_keys=SETTING_KEYS).entries == ()
    again = piimap("init")
    assert again.exit_code == 2 and "exists" in again.output
    assert piimap("init", "--force").exit_code == 0


def test_settings_are_found_in_the_folder_or_at_the_git_root(tmp_path):
    repo = tmp_path / "repo"
    (repo / "sub" / "deeper").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    assert find_settings(repo / "sub") is None
    (repo / ".piimap.yaml").write_text("profile: logs\n")
    assert find_settings(repo / "sub" / "deeper") == repo / ".piimap.yaml"
    (repo / "sub" / ".piimap.yaml").write_text("profile: contracts\n")
    assert find_settings(repo / "sub") == repo / "sub" / ".piimap.yaml"


def test_bad_settings_are_refused_with_the_key(tmp_path):
    bad = tmp_path / ".piimap.yaml"
    bad.write_text("fail_on: sometimes\n")
    with pytest.raises(SettingsError, match="fail_on"):
        load_settings(bad)
    bad.write_text("polcy: x.yaml\n")
    with pytest.raises(SettingsError, match="unknown setting.*polcy"):
        load_settings(bad)
    # Regression: a glob the matcher cannot compile passed here and crashed `check` later.
    bad.write_text("exclude: ['logs/[z-a]/**']\n")
    with pytest.raises(SettingsError, match=r"`exclude`.*\[z-a\].*bad character class"):
        load_settings(bad)


def test_check_reads_fail_on_exclude_and_allowlist_from_the_discovered_file(
    workdir, put, check_json
):
    put(workdir / "logs/app.log", LOG)
    put(workdir / "logs/fixtures/seed.log", LOG)
    code, report = check_json("logs/")
    assert code == 1 and _paths(report) == {"logs/app.log", "logs/fixtures/seed.log"}

    put(workdir / ".piimap.yaml", "exclude: ['logs/fixtures/**']\nfail_on: never\n")
    code, report = check_json("logs/")
    assert code == 0 and _paths(report) == {"logs/app.log"}

    # CLI flags win over the file.
    code, report = check_json("logs/", "--fail-on", "undeclared", "--exclude", "*.nothing")
    assert code == 1 and _paths(report) == {"logs/app.log", "logs/fixtures/seed.log"}

    put(
        workdir / ".piimap.yaml",
        "allowlist:\n  - path: 'logs/app.log'\n    reason: seeded test data\n",
    )
    code, report = check_json("logs/")
    assert _paths(report) == {"logs/fixtures/seed.log"}
    assert check_json("logs/", "--no-config")[1]["summary"]["reported"] == 2


def test_check_include_selects_by_glob(workdir, put, check_json):
    put(workdir / "logs/app.log", LOG)
    put(workdir / "logs/worker.jsonl", f'{{"nric": "{NRIC}"}}\n')
    code, report = check_json("logs/", "--include", "*.jsonl")
    assert _paths(report) == {"logs/worker.jsonl"}


def test_check_skips_tool_folders_and_what_git_ignores(workdir, put, check_json):
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)
    put(workdir / "app.log", LOG)
    for skipped in (".venv/lib/x.log", "node_modules/pkg/y.log", "build/out.log", "tmp.log"):
        put(workdir / skipped, LOG)
    put(workdir / ".gitignore", "build/\ntmp.log\n")
    code, report = check_json(".")
    assert code == 1 and _paths(report) == {"app.log"}
    code, report = check_json(".", "--no-gitignore")
    assert _paths(report) == {"app.log", "build/out.log", "tmp.log"}
    # A file named on the command line is read even when .gitignore ignores it.
    assert _paths(check_json("tmp.log")[1]) == {"tmp.log"}


def test_scan_reads_profile_and_exclude_from_the_discovered_file(workdir, put, piimap):
    import json

    import pandas as pd

    put(workdir / "data/a.log", LOG)
    put(workdir / "data/skip/b.log", LOG)
    put(workdir / ".piimap.yaml", "profile: logs\nexclude: ['skip/**']\n")
    result = piimap("scan", "data", "--out", "run", "-q")
    assert result.exit_code == 0, result.output
    assert json.loads((workdir / "run/summary.json").read_text())["profile"] == "logs"
    assert list(pd.read_parquet(workdir / "run/files.parquet")["path"]) == ["a.log"]
