"""Issue 17 item 1: subject requests link by evidence, tested on a real scan with namesakes, and
the README's subject-request walkthrough run end to end."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from recognizers.sg.nric import nric_check_letter
from scanner.cli.main import main
from scanner.exit_codes import EXIT_OK, EXIT_USAGE

README = Path(__file__).resolve().parents[2] / "README.md"
NAME = "Tan Wei Ming"
PHONE = "+65 9123 4567"
EMAIL = "tan.wm@example.com"


def nric(digits: str) -> str:
    return "S" + digits + nric_check_letter("S", digits)


SUBJECT = nric("1234567")
NAMESAKES = [nric(d) for d in ("2345678", "3456789", "4567890", "5678901")]


def invoke(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def share_run(tmp_path_factory) -> Path:
    """A company share: the subject and four namesakes (same name, other NRICs) in a CRM export
    and an audit log, plus a support note that names the subject only."""
    base = tmp_path_factory.mktemp("namesakes")
    share = base / "share"
    (share / "crm").mkdir(parents=True)
    (share / "logs").mkdir()
    rows = ["customer_id,name,nric,phone,email", f"C001,{NAME},{SUBJECT},{PHONE},{EMAIL}"]
    for i, other in enumerate(NAMESAKES):
        rows.append(f"C10{i},{NAME},{other},+65 8{i}23 456{i},tan.wm{i}@example.net")
    (share / "crm" / "customers.csv").write_text("\n".join(rows) + "\n")
    (share / "crm" / "notes.csv").write_text(
        f"note_id,customer_name,comment\nN1,{NAME},asked about the invoice\n"
    )
    audit = [
        json.dumps({"event": "profile.update", "customer_name": NAME, "nric": n})
        for n in [SUBJECT, *NAMESAKES]
    ]
    (share / "logs" / "audit.jsonl").write_text("\n".join(audit) + "\n")
    run = base / "run"
    result = invoke("scan", share, "--out", run, "-q", "--workers", "1")
    assert result.exit_code == EXIT_OK, result.output
    return run


def request_file(tmp_path: Path, *values: str) -> Path:
    path = tmp_path / "request.txt"
    path.write_text("\n".join(values) + "\n")
    return path


def test_deletion_list_holds_only_the_subjects_records(share_run, tmp_path):
    req = request_file(tmp_path, NAME, SUBJECT, PHONE, EMAIL)
    result = invoke("locate", share_run, "--values-file", req, "--for-deletion", "--format", "json")
    assert result.exit_code == EXIT_OK, result.output
    doc = json.loads(result.stdout)
    records = {o["record"] for v in doc["values"] for o in v["occurrences"]}
    assert records == {"crm/customers.csv:2", "crm/notes.csv:2", "logs/audit.jsonl:1"}
    planned = {(e["path"], f["location"]) for e in doc["deletion_plan"] for f in e["findings"]}
    assert all(loc.startswith("line 2") or loc.startswith("line 1") for _, loc in planned)
    # Co-occurring values come from the subject's records only: no namesake's NRIC or email.
    related = {r["masked_value"] for v in doc["values"] for r in v["related"]}
    for other in NAMESAKES:
        assert f"S****{other[-4:]}" not in related
    assert not any(m.endswith("@example.net") for m in related)
    name_report = doc["values"][0]
    assert name_report["not_linked"]["records"] == 8  # 4 CSV rows + 4 audit lines
    assert name_report["not_linked"]["note"] == "same name, other identifiers: not this subject"
    for raw in (NAME, SUBJECT, PHONE, EMAIL, *NAMESAKES):
        assert raw not in result.output


def test_text_answer_reports_namesakes_apart_as_counts(share_run, tmp_path):
    req = request_file(tmp_path, NAME, SUBJECT)
    result = invoke("locate", share_run, "--values-file", req, "--for-deletion")
    assert result.exit_code == EXIT_OK
    text = result.output
    assert "same name, other identifiers: not this subject — 8 record(s) in 2 file(s)" in text
    assert "crm/customers.csv  line 3" not in text and "customers.csv:3" not in text
    for other in NAMESAKES:
        assert f"S****{other[-4:]}" not in text


def test_a_name_alone_links_where_no_identifier_conflicts(share_run, tmp_path):
    result = invoke("locate", share_run, "--value", NAME, "--format", "json")
    doc = json.loads(result.stdout)
    # Nothing says who the subject is beyond the name, so no identifier conflicts with it.
    assert len({o["record"] for o in doc["values"][0]["occurrences"]}) == 11


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (SUBJECT[:-1] + ("A" if SUBJECT[-1] != "A" else "B"), "check letter"),
        ("+65 1234 5678", "not a valid one"),
        ("tan.wm@", "cannot be one"),
    ],
)
def test_invalid_request_values_are_refused(share_run, value, words):
    result = invoke("locate", share_run, "--value", NAME, "--value", value)
    assert result.exit_code == EXIT_USAGE
    assert "value 2" in result.output and words in result.output
    assert value not in result.output
    assert "no occurrences" not in result.output


def test_declared_type_is_validated_too(share_run):
    result = invoke("locate", share_run, "--value", "12345", "--type", "PHONE_NUMBER")
    assert result.exit_code == EXIT_USAGE


# --- the README's walkthrough ------------------------------------------------------------------


def readme_locate_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Handling a data subject request") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    joined = block.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip().startswith("piimap ")]


@pytest.fixture
def readme_runs(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    one, two = tmp_path / "store1", tmp_path / "store2"
    (one / "exports").mkdir(parents=True)
    (one / "logs").mkdir()
    (one / "exports" / "users.csv").write_text(
        f"name,nric,phone,email\n{NAME},S1234567D,{PHONE},tan@example.com\n"
        f"{NAME},{NAMESAKES[0]},+65 8123 4567,other@example.net\n"
    )
    (one / "logs" / "app.log").write_text(
        "2026-01-01T00:00:00 INFO login user=tan@example.com nric=S1234567D\n"
    )
    (two / "logs").mkdir(parents=True)
    (two / "logs" / "old.log").write_text("2024-01-01T00:00:00 INFO callback 0065-9123-4567\n")
    assert invoke("scan", one, "--out", "reports/run1", "-q").exit_code == EXIT_OK
    assert invoke("scan", two, "--out", "reports/run2", "-q").exit_code == EXIT_OK
    Path("request-42.txt").write_text(f"S1234567D\n{PHONE}\ntan@example.com\n")
    return tmp_path


def test_readme_subject_request_walkthrough(readme_runs):
    commands = readme_locate_commands()
    assert len(commands) >= 5
    for command in commands:
        args = shlex.split(command, comments=True)[1:]
        stdin = None
        if "<" in args:
            at = args.index("<")
            stdin = Path(args[at + 1]).read_text()
            args = args[:at]
        result = invoke(*args, input=stdin)
        assert result.exit_code == EXIT_OK, (command, result.output)
        assert "no occurrences" not in result.output, command
        assert "S1234567D" not in result.output and "9123 4567" not in result.output
        assert f"S****{NAMESAKES[0][-4:]}" not in result.output, command
    assert (readme_runs / "dsar/request-42/occurrences.csv").is_file()
