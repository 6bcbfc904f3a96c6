"""`piimap check -`: a test run pipes its own output through the gate."""

from __future__ import annotations

import tempfile

from scanner.policy.model import DEFAULT_POLICY_PATH

NRIC = "S8412345E"
CLEAN = (
    "2026-01-02T10:00:00.120Z INFO request_id=7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b "
    "method=GET path=/api/v1/sign status=200 latency_ms=31\n"
)


def test_clean_stdin_passes(workdir, check):
    result = check("-", input=CLEAN * 20)
    assert result.exit_code == 0, result.output


def test_nric_on_stdin_fails_as_an_undeclared_log_finding(workdir, check_json, no_raw_values):
    code, report = check_json("-", input=CLEAN + f"DEBUG user nric={NRIC}\n" + CLEAN)
    assert code == 1
    (finding,) = report["findings"]
    assert (finding["path"], finding["line"]) == ("<stdin>", 2)
    assert finding["source_kind"] == "logs"
    assert finding["masked_value"] == "S****345E"
    no_raw_values(str(report))


def test_ip_on_stdin_is_declared_for_logs(workdir, check):
    assert check("-", input="2026-01-02T10:00:00Z INFO peer 198.51.100.23 ok\n").exit_code == 0


def test_source_kind_option_applies_to_stdin(workdir, check):
    line = f"2026-01-02T10:00:00Z INFO nric={NRIC}\n"
    assert check("-", "--source-kind", "identity_records", input=line).exit_code == 0


def test_stdin_with_files_and_inline_marker(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(CLEAN)
    piped = f"INFO nric={NRIC}  # piimap:allow SG_NRIC_FIN synthetic fixture user\n"
    code, report = check_json("logs/", "-", input=piped)
    assert code == 0
    assert report["summary"]["files_scanned"] == 2
    assert report["summary"]["suppressed"] == {"inline": 1}


def test_stdin_spool_file_is_removed(workdir, check, monkeypatch):
    spool_dir = workdir / "spool"
    spool_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_dir))
    assert check("-", input=f"INFO nric={NRIC}\n").exit_code == 1
    assert list(spool_dir.iterdir()) == []


def test_large_stdin_is_streamed(workdir, check_json):
    body = CLEAN * 9000  # ~1.2 MB: more than one stdin chunk
    code, report = check_json("-", input=body + f"WARN nric={NRIC}\n")
    assert code == 1
    assert report["findings"][0]["line"] == 9001


def test_the_policy_names_the_source_kind_of_stdin(workdir, check_json):
    """stdin has no path for the rules: its kind is the policy's `answers.stdin_source_kind`."""
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    policy = workdir / "policy.yaml"
    policy.write_text(
        text.replace("stdin_source_kind: logs", "stdin_source_kind: identity_records")
    )
    line = f"2026-01-02T10:00:00Z INFO nric={NRIC}\n"
    code, report = check_json("-", "--policy", str(policy), "--fail-on", "declared", input=line)
    assert code == 1
    (finding,) = report["findings"]
    assert (finding["source_kind"], finding["declared"]) == ("identity_records", True)
