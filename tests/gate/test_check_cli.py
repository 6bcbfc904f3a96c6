"""`piimap check` end to end: exit codes, formats, inputs and the no-raw-value rule."""

from __future__ import annotations

import gzip
import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from scanner.cli.main import main

NRIC = "S8412345E"
CARD = "4111 1111 1111 1111"
PHONE = "+65 9123 4567"
CLEAN_LINES = [
    "2026-01-02T10:00:00.120Z INFO request_id=7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b "
    "method=GET path=/api/v1/contracts status=200 latency_ms=12",
    "2026-01-02T10:00:01.004Z DEBUG [worker-3] cache hit key=template:42 ttl=300",
    "2026-01-02T10:00:02.388Z WARN slow query duration_ms=812 table=envelopes",
]


def log_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_log_exits_0(workdir, check):
    write(workdir / "logs/app.log", log_text(*CLEAN_LINES))
    result = check("logs/")
    assert result.exit_code == 0, result.output
    assert "0 undeclared findings reported" in result.stdout


def test_undeclared_nric_in_a_log_exits_1_and_names_the_section(workdir, check, no_raw_values):
    write(workdir / "logs/app.log", log_text(CLEAN_LINES[0], f"INFO signer nric={NRIC} ok"))
    result = check("logs/")
    assert result.exit_code == 1, result.output
    assert "logs/app.log:2: SG_NRIC_FIN S****345E" in result.stdout
    assert "I(i) 1.2" in result.stdout  # why: declared for identity records, not for logs
    no_raw_values(result.output)


@pytest.mark.parametrize("where", ["logs/pay.log", "contracts/notes.txt", "misc/dump.txt"])
def test_card_number_fails_anywhere(workdir, where, check_json):
    write(workdir / where, log_text(f"2026-01-02T10:00:00Z WARN card {CARD} declined"))
    code, report = check_json(where)
    assert code == 1
    assert [f["entity_type"] for f in report["findings"]] == ["CREDIT_CARD"]
    assert report["findings"][0]["masked_value"] == "**** **** **** 1111"


def test_ip_in_a_log_is_declared_and_passes(workdir, check_json):
    write(workdir / "logs/access.log", log_text("2026-01-02T10:00:00Z INFO client 203.0.113.7 ok"))
    code, report = check_json("logs/")
    assert code == 0
    assert report["summary"]["findings_total"] == 1
    assert report["summary"]["declared_total"] == 1
    assert report["findings"] == []


def test_fail_on_declared_fails_on_the_declared_ip(workdir, check_json):
    write(workdir / "logs/access.log", log_text("2026-01-02T10:00:00Z INFO client 203.0.113.7 ok"))
    code, report = check_json("logs/", "--fail-on", "declared")
    assert code == 1
    assert [(f["entity_type"], f["declared"]) for f in report["findings"]] == [("IP_ADDRESS", True)]


def test_fail_on_never_reports_but_passes(workdir, check_json):
    write(workdir / "logs/app.log", log_text(f"INFO nric={NRIC}"))
    code, report = check_json("logs/", "--fail-on", "never")
    assert code == 0
    assert [f["entity_type"] for f in report["findings"]] == ["SG_NRIC_FIN"]


def test_source_kind_override_declares_the_nric(workdir, check):
    write(workdir / "exports/singpass.txt", log_text(f"nric={NRIC}"))
    assert check("exports/singpass.txt", "--source-kind", "logs").exit_code == 1
    assert check("exports/singpass.txt", "--source-kind", "identity_records").exit_code == 0


def test_bad_policy_exits_2(workdir, check):
    write(workdir / "logs/app.log", log_text(*CLEAN_LINES))
    bad = write(workdir / "policy.yaml", "id: [unclosed\n")
    result = check("logs/", "--policy", str(bad))
    assert result.exit_code == 2
    assert "policy" in result.output.lower()


def test_bad_option_and_missing_path_exit_2(workdir, check):
    write(workdir / "logs/app.log", log_text(*CLEAN_LINES))
    assert check("logs/", "--format", "xml").exit_code == 2
    assert check("logs/", "--fail-on", "sometimes").exit_code == 2
    missing = check("nope/")
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output
    assert check("logs/*.txt").exit_code == 2  # a glob that matches nothing


def test_unreadable_file_exits_2_even_with_undeclared_findings(workdir, check_json):
    write(workdir / "logs/app.log", log_text(f"INFO nric={NRIC}"))
    broken = gzip.compress(log_text(*CLEAN_LINES * 50).encode())[:60]  # truncated gzip
    (workdir / "logs/old.log.gz").write_bytes(broken)
    code, report = check_json("logs/")
    assert code == 2
    assert [e["path"] for e in report["errors"]] == ["logs/old.log.gz"]
    assert [f["entity_type"] for f in report["findings"]] == ["SG_NRIC_FIN"]


def test_broken_symlink_is_a_read_error(workdir, check):
    write(workdir / "logs/app.log", log_text(*CLEAN_LINES))
    os.symlink(workdir / "logs/gone.log", workdir / "logs/link.log")
    result = check("logs/")
    assert result.exit_code == 2
    assert "logs/link.log" in result.stdout


def test_reveal_is_refused_in_ci(workdir, check, no_raw_values):
    write(workdir / "logs/app.log", log_text(f"INFO nric={NRIC}"))
    result = check("logs/", "--reveal", env={"CI": "true"})
    assert result.exit_code == 2
    assert "--reveal is refused" in result.output
    no_raw_values(result.output)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_failing_run_output_has_no_raw_value(workdir, fmt, check, no_raw_values):
    write(
        workdir / "logs/app.log",
        log_text(f"INFO nric={NRIC} card={CARD}", f"INFO phone {PHONE}", f"ERROR nric {NRIC}"),
    )
    write(workdir / "contracts/scan.txt", log_text(f"Signer NRIC {NRIC}, tel {PHONE}"))
    result = check("logs/", "contracts/", "--format", fmt)
    assert result.exit_code == 1, result.output
    assert "S****345E" in result.stdout
    no_raw_values(result.output)


def test_output_file_is_written_and_stdout_stays_clean(workdir, check):
    write(workdir / "logs/app.log", log_text(f"INFO nric={NRIC}"))
    result = check("logs/", "--format", "json", "--output", "reports/gate.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    report = json.loads((workdir / "reports/gate.json").read_text())
    assert report["exit_code"] == 1
    assert [p.name for p in (workdir / "reports").iterdir()] == ["gate.json"]  # no temp left


def test_globs_and_files_report_paths_relative_to_the_working_directory(workdir, check_json):
    write(workdir / "logs/a/app.log", log_text(f"INFO nric={NRIC}"))
    write(workdir / "logs/b/db.log", log_text(f"INFO card {CARD}"))
    write(workdir / "logs/b/readme.md", log_text(f"INFO nric={NRIC}"))
    _, report = check_json("logs/**/*.log")
    assert sorted(f["path"] for f in report["findings"]) == ["logs/a/app.log", "logs/b/db.log"]
    _, single = check_json("./logs/a/app.log", "logs/a/")  # the same file twice is scanned once
    assert [f["path"] for f in single["findings"]] == ["logs/a/app.log"]
    assert single["summary"]["files_scanned"] == 1


def _git(cwd, *args):
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )


def test_changed_since_scans_only_changed_files(workdir, check_json, check):
    _git(workdir, "init", "-q", "-b", "main")
    write(workdir / "logs/old.log", log_text(f"INFO nric={NRIC}"))  # known, committed before
    _git(workdir, "add", ".")
    _git(workdir, "commit", "-q", "-m", "base")
    _git(workdir, "tag", "base")
    write(workdir / "logs/clean.log", log_text(*CLEAN_LINES))
    _git(workdir, "add", ".")
    _git(workdir, "commit", "-q", "-m", "clean log")
    _, report = check_json("logs/", "--changed-since", "base")
    assert report["exit_code"] == 0
    assert report["summary"]["files_scanned"] == 1

    write(workdir / "logs/new.log", log_text(f"WARN card {CARD}"))  # untracked
    _, report = check_json("logs/", "--changed-since", "base")
    assert [f["path"] for f in report["findings"]] == ["logs/new.log"]

    bad_rev = check("logs/", "--changed-since", "no-such-rev")
    assert bad_rev.exit_code == 2
    assert "unknown git revision" in bad_rev.output


def test_changed_since_outside_a_git_repo_is_a_clear_error(workdir, monkeypatch, check):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(workdir.parent))
    write(workdir / "logs/app.log", log_text(*CLEAN_LINES))
    result = check("logs/", "--changed-since", "HEAD~1")
    assert result.exit_code == 2
    assert "not inside one" in result.output


def test_help_documents_exit_codes():
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    assert "read errors win" in result.output


def test_workers_classify_a_file_as_one_worker_does(workdir, monkeypatch, check_json):
    """Worker processes classify with check's rule path (relative to the git work tree), as the
    parent does: `check --workers 2` once matched the policy's path rules on the path as given,
    so a contract checked from inside its folder counted as an undeclared finding anywhere."""
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)
    for name in ("a.txt", "b.txt"):
        write(workdir / "contracts" / name, log_text(f"Signed by the client, NRIC {NRIC}."))
    monkeypatch.chdir(workdir / "contracts")
    reports = {}
    for workers in ("1", "2"):
        code, report = check_json("a.txt", "b.txt", "--workers", workers)
        reports[workers] = (
            code,
            sorted((f["path"], f["source_kind"], f["declared"]) for f in report["findings"]),
        )
    # From the work tree's root both files are contracts, where an NRIC is declared.
    assert reports["1"] == (0, [])
    assert reports["2"] == reports["1"]
