"""`piimap locate`: find a person's values in existing runs by keyed hash, never showing them."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import click
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.dsar import OutputFormat, locate_command
from scanner.dsar.locate import ENTITY_TYPES, candidate_types, locate, record_key, record_noun
from scanner.exit_codes import EXIT_OK, EXIT_USAGE
from scanner.inventory.base import FINDINGS_SCHEMA
from scanner.inventory.parquet import FILES_SCHEMA
from scanner.model import FILE_COLUMNS, FINDING_COLUMNS
from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy
from scanner.protect.hashing import key_id, load_hash_key, value_hash
from scanner.protect.masking import mask_value

# The person of the request, written as the files hold the values.
NRIC = "S1234567D"
PHONE_E164 = "+6591234567"
EMAIL = "Tan.WM@Example.com"
NAME = "Tan Wei Ming"
# Someone else, in the same files.
OTHER_NRIC = "T0123456G"
OTHER_PHONE = "+65 8765 4321"
OTHER_EMAIL = "lim@example.org"

# Everything that would give the person's values away, in any spelling.
RAW_FORMS = [
    "S1234567D",
    "s1234567d",
    "1234567",
    "91234567",
    "9123 4567",
    "9123-4567",
    "+6591234567",
    "tan.wm@example.com",
    "Tan.WM",
    "TAN.WM",
    "Tan Wei Ming",
    "tan wei ming",
]


def test_schemas_match_the_model_columns():
    assert tuple(FINDINGS_SCHEMA.names) == FINDING_COLUMNS
    assert tuple(FILES_SCHEMA.names) == FILE_COLUMNS


def finding(
    policy, path, file_type, source_kind, entity_type, value, *, line=1, page=None, field=None
) -> dict:
    key = load_hash_key()
    classification = policy.classify(entity_type, source_kind)
    return {
        "source": "/data",
        "path": path,
        "source_kind": source_kind,
        "file_type": file_type,
        "entity_type": entity_type,
        "category": classification.category,
        "declared": classification.declared,
        "score": 1.0,
        "recognizer": "test",
        "start": 0,
        "end": len(value),
        "line": line,
        "page": page,
        "field": field,
        "value_hash": value_hash(key, entity_type, value),
        "masked_value": mask_value(entity_type, value),
    }


def write_run(
    run_dir: Path,
    rows: list[dict],
    *,
    mtimes: dict[str, float] | None = None,
    hash_key: bytes | None = None,
) -> Path:
    run_dir.mkdir(parents=True)
    run_id = run_dir.name
    rows = [{"run_id": run_id, **r} for r in rows]
    pq.write_table(pa.Table.from_pylist(rows, schema=FINDINGS_SCHEMA), run_dir / "findings.parquet")
    counts: dict[str, dict] = {}
    for r in rows:
        entry = counts.setdefault(r["path"], {**r, "findings": 0})
        entry["findings"] += 1
    files = [
        {
            "path": p,
            "size": 100,
            "file_type": r["file_type"],
            "source_kind": r["source_kind"],
            "status": "scanned",
            "reason": "",
            "findings": r["findings"],
            "sha256": "0" * 64,
            "mtime": (mtimes or {}).get(p, 1_700_000_000.0),
        }
        for p, r in counts.items()
    ]
    pq.write_table(pa.Table.from_pylist(files, schema=FILES_SCHEMA), run_dir / "files.parquet")
    summary = {
        "run_id": run_id,
        "policy": {"id": "esign-sg", "path": str(DEFAULT_POLICY_PATH)},
        "hash_key_id": key_id(hash_key if hash_key is not None else load_hash_key()),
    }
    (run_dir / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return run_dir


@pytest.fixture
def policy():
    return load_policy(DEFAULT_POLICY_PATH)


@pytest.fixture
def runs(tmp_path, policy) -> tuple[Path, Path]:
    f = finding
    run_a = write_run(
        tmp_path / "run-a",
        [
            # a contract: the whole document is one record
            f(policy, "contracts/lease.pdf", "pdf", "contracts", "SG_NRIC_FIN", NRIC, page=1),
            f(policy, "contracts/lease.pdf", "pdf", "contracts", "PERSON", NAME, page=1),
            f(
                policy,
                "contracts/lease.pdf",
                "pdf",
                "contracts",
                "PHONE_NUMBER",
                "9123 4567",
                page=3,
                line=40,
            ),
            # a log: each line is a record
            f(policy, "logs/app.log", "log", "logs", "EMAIL_ADDRESS", EMAIL, line=3),
            f(policy, "logs/app.log", "log", "logs", "IP_ADDRESS", "203.0.113.7", line=3),
            f(policy, "logs/app.log", "log", "logs", "SG_NRIC_FIN", "s1234567d", line=7),
            f(policy, "logs/app.log", "log", "logs", "EMAIL_ADDRESS", OTHER_EMAIL, line=9),
            f(policy, "logs/app.log", "log", "logs", "IP_ADDRESS", "198.51.100.2", line=9),
            # a JSON export: each top-level item is a record
            f(
                policy,
                "exports/users.json",
                "json",
                "identity_records",
                "SG_NRIC_FIN",
                NRIC,
                line=3,
                field="$[0].nric",
            ),
            f(
                policy,
                "exports/users.json",
                "json",
                "identity_records",
                "PHONE_NUMBER",
                "+65 9123 4567",
                line=4,
                field="$[0].contact.phone",
            ),
            f(
                policy,
                "exports/users.json",
                "json",
                "identity_records",
                "SG_NRIC_FIN",
                OTHER_NRIC,
                line=7,
                field="$[1].nric",
            ),
            f(
                policy,
                "exports/users.json",
                "json",
                "identity_records",
                "PHONE_NUMBER",
                OTHER_PHONE,
                line=8,
                field="$[1].phone",
            ),
            # a CSV export: each row is a record
            f(
                policy,
                "exports/users.csv",
                "csv",
                "identity_records",
                "SG_NRIC_FIN",
                NRIC,
                line=2,
                field="nric",
            ),
            f(
                policy,
                "exports/users.csv",
                "csv",
                "identity_records",
                "PHONE_NUMBER",
                "0065-9123-4567",
                line=2,
                field="phone",
            ),
            f(
                policy,
                "exports/users.csv",
                "csv",
                "identity_records",
                "EMAIL_ADDRESS",
                "tan.wm@example.com",
                line=2,
                field="email",
            ),
            f(
                policy,
                "exports/users.csv",
                "csv",
                "identity_records",
                "SG_NRIC_FIN",
                OTHER_NRIC,
                line=3,
                field="nric",
            ),
            f(
                policy,
                "exports/users.csv",
                "csv",
                "identity_records",
                "EMAIL_ADDRESS",
                OTHER_EMAIL,
                line=3,
                field="email",
            ),
        ],
    )
    run_b = write_run(
        tmp_path / "run-b",
        [
            f(policy, "logs/2024/old.log", "log", "logs", "PHONE_NUMBER", "91234567", line=12),
            f(policy, "logs/2024/old.log", "log", "logs", "IP_ADDRESS", "203.0.113.7", line=12),
            f(policy, "logs/2024/old.log", "log", "logs", "IP_ADDRESS", "192.0.2.1", line=13),
        ],
    )
    return run_a, run_b


def invoke(*args: str, input: str | None = None):
    result = CliRunner().invoke(locate_command, list(args), input=input, catch_exceptions=False)
    return result


def assert_no_raw(*texts: str) -> None:
    for text in texts:
        low = text.lower()
        for raw in RAW_FORMS:
            assert raw.lower() not in low, f"raw value form {raw!r} leaked"


def test_the_leak_check_catches_each_spelling():
    for leaked in ("id s1234567d here", "call 9123 4567", "mail TAN.WM@EXAMPLE.COM"):
        with pytest.raises(AssertionError, match="leaked"):
            assert_no_raw("ok", leaked)


def where(occurrences) -> set[tuple]:
    return {(Path(o.run_dir).name, o.path, o.line, o.page, o.field) for o in occurrences}


# --- lookup ---------------------------------------------------------------------------------


def test_each_spelling_finds_every_occurrence_across_formats_and_runs(runs):
    run_a, run_b = runs
    result = locate(
        [run_a, run_b], ["s1234567d", "0065 9123 4567", "TAN.WM@example.COM"], key=load_hash_key()
    )
    nric, phone, email = result.values
    assert where(nric.occurrences) == {
        ("run-a", "contracts/lease.pdf", 1, 1, None),
        ("run-a", "logs/app.log", 7, None, None),
        ("run-a", "exports/users.json", 3, None, "$[0].nric"),
        ("run-a", "exports/users.csv", 2, None, "nric"),
    }
    assert where(phone.occurrences) == {
        ("run-a", "contracts/lease.pdf", 40, 3, None),
        ("run-a", "exports/users.json", 4, None, "$[0].contact.phone"),
        ("run-a", "exports/users.csv", 2, None, "phone"),
        ("run-b", "logs/2024/old.log", 12, None, None),
    }
    assert where(email.occurrences) == {
        ("run-a", "logs/app.log", 3, None, None),
        ("run-a", "exports/users.csv", 2, None, "email"),
    }
    assert {o.entity_type for o in nric.occurrences} == {"SG_NRIC_FIN"}
    assert nric.sought.masked == "S****567D"
    assert phone.sought.masked.endswith("4567") and "9123" not in phone.sought.masked


@pytest.mark.parametrize(
    "spelling", ["+65 9123 4567", "91234567", "0065-9123-4567", "(65) 9123 4567"]
)
def test_phone_spellings_resolve_to_the_same_occurrences(runs, spelling):
    result = locate(list(runs), [spelling], key=load_hash_key())
    assert len(result.values[0].occurrences) == 4


def test_an_explicit_type_restricts_the_normalisation(runs):
    hit = locate(
        list(runs), ["tan.wm@EXAMPLE.com"], key=load_hash_key(), entity_type="EMAIL_ADDRESS"
    )
    assert len(hit.values[0].occurrences) == 2
    assert hit.values[0].sought.entity_types == ("EMAIL_ADDRESS",)
    # A lower-case NRIC hashed as a name is not upper-cased, so it cannot match the NRIC.
    miss = locate(list(runs), ["s1234567d"], key=load_hash_key(), entity_type="PERSON")
    assert miss.values[0].occurrences == []


def test_an_absent_value_has_no_occurrences(runs):
    result = locate(list(runs), ["S7654321B"], key=load_hash_key())
    assert not result.found
    assert result.values[0].occurrences == []
    assert result.values[0].related == []
    assert result.values[0].summary.endswith("no occurrences")


def test_every_entity_type_is_tried_without_a_type(runs):
    result = locate(list(runs), [NAME.upper()], key=load_hash_key())
    occ = result.values[0].occurrences
    assert [(o.path, o.entity_type) for o in occ] == [("contracts/lease.pdf", "PERSON")]
    assert set(result.values[0].sought.entity_types) == set(ENTITY_TYPES)
    assert result.values[0].sought.masked == "T** W** M***"  # masked as the type it matched


def test_summary_counts_records_by_kind(runs):
    result = locate(list(runs), ["S1234567D"], key=load_hash_key())
    assert result.values[0].summary == (
        "value 1 (S****567D) appears in 1 contract, 2 identity records and 1 log line "
        "(4 findings in 4 files, 1 run)"
    )
    phone = locate(list(runs), ["91234567"], key=load_hash_key()).values[0]
    assert phone.summary.endswith(
        "appears in 1 contract, 2 identity records and 1 log line (4 findings in 4 files, 2 runs)"
    )


# --- records and co-occurrence --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "file_type", "kind", "line", "field", "record"),
    [
        ("a/b.json", "json", "other", 5, "$[12].user.nric", "a/b.json $[12]"),
        ("a/b.json", "json", "other", 5, "$.user.nric", "a/b.json"),
        ("a/b.csv", "csv", "identity_records", 4, "nric", "a/b.csv:4"),
        ("a/b.log", "log", "logs", 9, None, "a/b.log:9"),
        ("a/b.parquet", "parquet", "other", 9, "nric", "a/b.parquet:9"),
        ("a/c.pdf", "pdf", "other", 9, None, "a/c.pdf"),
        ("a/c.txt", "text", "contracts", 9, None, "a/c.txt"),
        ("a/c.txt", "text", "other", 9, None, "a/c.txt:9"),
    ],
)
def test_record_key(path, file_type, kind, line, field, record, policy):
    whole = policy.answers.whole_file_kinds  # the shipped policy counts a contract as one record
    assert record_key(path, file_type, kind, line, field, whole) == record


@pytest.mark.parametrize(
    ("file_type", "kind", "with_policy", "without"),
    [
        ("text", "contracts", "contract", "line"),
        ("pdf", "contracts", "contract", "document"),
        ("pdf", "logs", "document", "document"),
        ("log", "logs", "log line", "line"),
        ("csv", "identity_records", "identity record", "row"),
        ("json", "other", "JSON record", "JSON record"),
    ],
)
def test_record_nouns_come_from_the_policy(file_type, kind, with_policy, without, policy):
    assert record_noun(file_type, kind, policy.answers) == with_policy
    assert record_noun(file_type, kind) == without


def test_related_values_share_the_record(runs):
    result = locate(list(runs), ["S1234567D"], key=load_hash_key())
    related = result.values[0].related
    # contract: the name and the phone anywhere in the PDF; JSON item $[0]: the phone;
    # CSV row 2: the phone and the email. The three phone spellings are one value.
    assert {(r.entity_type, r.records, r.findings) for r in related} == {
        ("PERSON", 1, 1),
        ("PHONE_NUMBER", 3, 3),
        ("EMAIL_ADDRESS", 1, 1),
    }
    masks = {r.entity_type: r.masked_value for r in related}
    assert masks["PERSON"] == "T** W** M***"
    assert masks["EMAIL_ADDRESS"] == "t***@example.com"
    assert masks["PHONE_NUMBER"].endswith("****4567")
    # not the other person's NRIC in $[1] / CSV row 3, nor the IPs of other log lines


def test_related_values_of_log_lines(runs):
    result = locate(list(runs), ["tan.wm@example.com"], key=load_hash_key())
    related = {(r.entity_type, r.masked_value, r.records) for r in result.values[0].related}
    # log line 3 holds an IP; CSV row 2 holds the NRIC and the phone; line 9 (another user) not
    assert related == {
        ("IP_ADDRESS", "203.0.*.*", 1),
        ("SG_NRIC_FIN", "S****567D", 1),
        ("PHONE_NUMBER", "+65 ****4567", 1),
    }


# --- command line ---------------------------------------------------------------------------


def test_text_output_lists_occurrences_masked(runs):
    run_a, run_b = runs
    result = invoke(
        str(run_a),
        str(run_b),
        "--value",
        "s1234567d",
        "--value",
        "+65 9123 4567",
        "--value",
        "TAN.WM@example.COM",
    )
    assert result.exit_code == EXIT_OK
    assert "value 1 (S****567D) appears in" in result.output
    assert "exports/users.json  line 3, field $[0].nric  SG_NRIC_FIN S****567D" in result.output
    assert "The same records also hold:" in result.output
    assert "logs/2024/old.log" in result.output
    assert_no_raw(result.output, result.stderr)


def test_values_file_and_stdin(runs, tmp_path):
    values = tmp_path / "values.txt"
    values.write_text("# the person's values\ns1234567d\n\nTAN.WM@example.COM\n", encoding="utf-8")
    from_file = invoke(*map(str, runs), "--values-file", str(values), "--format", "json")
    from_stdin = invoke(
        *map(str, runs),
        "--values-file",
        "-",
        "--format",
        "json",
        input=values.read_text(encoding="utf-8"),
    )
    for result in (from_file, from_stdin):
        assert result.exit_code == EXIT_OK
        doc = json.loads(result.output)
        assert [len(v["occurrences"]) for v in doc["values"]] == [4, 2]
        assert_no_raw(result.output)


def test_json_and_csv_formats(runs):
    as_json = invoke(*map(str, runs), "--value", "91234567", "--format", "json")
    doc = json.loads(as_json.output)
    assert doc["found"] is True
    assert len(doc["values"][0]["occurrences"]) == 4
    assert {r["entity_type"] for r in doc["values"][0]["related"]} >= {"SG_NRIC_FIN", "IP_ADDRESS"}
    as_csv = invoke(*map(str, runs), "--value", "91234567", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert len(rows) == 4
    assert {r["run_id"] for r in rows} == {"run-a", "run-b"}
    assert all(r["value_masked"].endswith("4567") for r in rows)
    assert_no_raw(as_json.output, as_csv.output)


def test_formats_are_exhaustive(runs):
    for fmt in OutputFormat:
        result = invoke(*map(str, runs), "--value", "S1234567D", "--format", fmt.value)
        assert result.exit_code == EXIT_OK, fmt
        assert result.output.strip()


def test_nothing_found_prints_no_occurrences_and_exits_0(runs):
    result = invoke(*map(str, runs), "--value", "S7654321F")  # valid, and held nowhere
    assert result.exit_code == EXIT_OK
    assert "no occurrences" in result.output
    assert "S7654321F" not in result.output


def test_export_bundle_never_holds_raw_values(runs, tmp_path):
    out = tmp_path / "bundle"
    result = invoke(
        *map(str, runs),
        "--value",
        "s1234567d",
        "--value",
        "0065 9123 4567",
        "--value",
        "TAN.WM@example.COM",
        "--value",
        NAME,
        "--export",
        str(out),
    )
    assert result.exit_code == EXIT_OK
    assert sorted(os.listdir(out)) == ["occurrences.csv", "occurrences.json", "summary.txt"]
    texts = [p.read_text(encoding="utf-8") for p in out.iterdir()]
    assert_no_raw(result.output, result.stderr, *texts)
    rows = list(csv.DictReader(io.StringIO((out / "occurrences.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 4 + 4 + 2 + 1
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "value 4 (T** W** M***) appears in 1 contract" in summary
    assert json.loads((out / "occurrences.json").read_text(encoding="utf-8"))["found"] is True


def test_for_deletion_groups_by_file_with_the_policy_action(runs):
    result = invoke(
        *map(str, runs),
        "--value",
        "S1234567D",
        "--value",
        "tan.wm@example.com",
        "--for-deletion",
        "--format",
        "json",
    )
    assert result.exit_code == EXIT_OK
    entries = json.loads(result.output)["deletion_plan"]
    plan = {(Path(e["run_dir"]).name, e["path"]): e for e in entries}
    actions = {k: {(f["entity_type"], f["action"]) for f in e["findings"]} for k, e in plan.items()}
    assert actions == {
        # an NRIC in a contract: other-persons-information, deleted when the person objects (I(ii))
        ("run-a", "contracts/lease.pdf"): {("SG_NRIC_FIN", "delete")},
        # the login email is account-registration (delete); an NRIC in a log is undeclared
        ("run-a", "logs/app.log"): {("EMAIL_ADDRESS", "delete"), ("SG_NRIC_FIN", "review")},
        ("run-a", "exports/users.json"): {("SG_NRIC_FIN", "keep")},
        ("run-a", "exports/users.csv"): {("SG_NRIC_FIN", "keep"), ("EMAIL_ADDRESS", "delete")},
    }
    keep = next(f for f in plan[("run-a", "exports/users.json")]["findings"])
    assert keep["category"] == "real-name-authentication"
    assert "VII(B)" in keep["reason"]
    text = invoke(*map(str, runs), "--value", "S1234567D", "--for-deletion")
    assert "Deletion plan" in text.output
    assert "category real-name-authentication: KEEP" in text.output
    assert "reason: VII(B)" in text.output
    assert_no_raw(result.output, text.output)


def test_the_undeclared_reason_is_the_policys_own(runs, tmp_path):
    """An undeclared finding is marked for review with the reason the policy YAML gives."""
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    own = tmp_path / "own-policy.yaml"
    start = text.index("  undeclared_deletion_reason:")
    end = text.index("\n  #", start)
    reason = "  undeclared_deletion_reason: ask the privacy desk (clause 9)"
    own.write_text(text[:start] + reason + text[end:], encoding="utf-8")
    args = [*map(str, runs), "--value", "S1234567D", "--for-deletion", "--format", "json"]
    shipped = json.loads(invoke(*args).output)["deletion_plan"]
    mine = json.loads(invoke(*args, "--policy", str(own)).output)["deletion_plan"]

    def undeclared(plan):
        return {f["reason"] for e in plan for f in e["findings"] if not f["declared"]}

    assert len(undeclared(shipped)) == 1 and "VII(B) 2.1" in undeclared(shipped).pop()
    assert undeclared(mine) == {"ask the privacy desk (clause 9)"}


def test_for_deletion_csv_has_action_columns(runs):
    result = invoke(
        *map(str, runs),
        "--value",
        "S1234567D",
        "--for-deletion",
        "--format",
        "csv",
        "--policy",
        str(DEFAULT_POLICY_PATH),
    )
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["action"] for r in rows} == {"delete", "keep", "review"}
    assert all(r["reason"] for r in rows)


def test_the_value_column_of_a_revealed_run_is_never_read(runs, tmp_path):
    findings = pq.read_table(runs[1] / "findings.parquet")
    raw = ["91234567", "203.0.113.7", "192.0.2.1"]
    pq.write_table(findings.append_column("value", pa.array(raw)), runs[1] / "findings.parquet")
    out = tmp_path / "bundle"
    result = invoke(
        str(runs[1]), "--value", "+65 9123 4567", "--format", "json", "--export", str(out)
    )
    assert result.exit_code == EXIT_OK
    assert len(json.loads(result.output)["values"][0]["occurrences"]) == 1
    texts = [result.output] + [p.read_text(encoding="utf-8") for p in out.iterdir()]
    assert_no_raw(*texts)
    assert not any("203.0.113.7" in t for t in texts)


# --- errors ---------------------------------------------------------------------------------


def test_wrong_hash_key_is_a_clear_error(tmp_path, policy):
    other_key = b"another-installation-key-0123456789"
    run = write_run(
        tmp_path / "run-old",
        [finding(policy, "logs/a.log", "log", "logs", "SG_NRIC_FIN", NRIC)],
        hash_key=other_key,
    )
    result = invoke(str(run), "--value", NRIC)
    assert result.exit_code == EXIT_USAGE
    assert f"run {run} was hashed with a different key (id {key_id(other_key)})" in result.stderr
    assert "PIIMAP_HASH_KEY / PIIMAP_KEY_FILE" in result.stderr
    assert_no_raw(result.output, result.stderr)


def test_missing_run_dir_and_findings_are_errors(tmp_path, runs):
    missing = invoke(str(tmp_path / "nope"), "--value", NRIC)
    assert missing.exit_code == EXIT_USAGE
    assert "no such file or folder" in missing.stderr
    empty = tmp_path / "empty-run"
    empty.mkdir()
    no_findings = invoke(str(runs[0]), str(empty), "--value", NRIC)
    assert no_findings.exit_code == EXIT_USAGE
    assert "is not a piimap run folder (no summary.json, findings.parquet)" in no_findings.stderr
    assert_no_raw(missing.output, missing.stderr, no_findings.output, no_findings.stderr)


def test_a_run_without_summary_is_refused(runs):
    (runs[1] / "summary.json").unlink()
    result = invoke(*map(str, runs), "--value", NRIC)
    assert result.exit_code == EXIT_USAGE
    assert "is not a piimap run folder (no summary.json)" in result.stderr


def test_type_must_be_a_known_entity_type(runs):
    result = invoke(str(runs[0]), "--value", NRIC, "--type", "NRIC")
    assert result.exit_code == click.UsageError.exit_code
    assert "sg_nric_fin" in result.output.lower()
    lower = invoke(str(runs[0]), "--value", NRIC, "--type", "sg_nric_fin", "--format", "json")
    assert lower.exit_code == EXIT_OK
    assert json.loads(lower.output)["values"][0]["candidate_types"] == ["SG_NRIC_FIN"]


def test_no_value_is_a_usage_error(runs):
    result = invoke(str(runs[0]))
    assert result.exit_code == click.UsageError.exit_code
    assert "--value" in result.output


# --- real recognizers and a real scan -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "types"),
    [
        ("S1234567D", ("SG_NRIC_FIN",)),
        ("s1234567d", ("SG_NRIC_FIN",)),
        ("91234567", ("PHONE_NUMBER",)),
        ("0065-9123-4567", ("PHONE_NUMBER",)),
        ("TAN.WM@example.COM", ("EMAIL_ADDRESS",)),
        ("203.0.113.7", ("IP_ADDRESS",)),
    ],
)
def test_the_default_recognizers_name_a_lone_value(value, types):
    from recognizers import default_recognizers

    candidates, named_as = candidate_types(value, recognizers=default_recognizers())
    assert candidates[: len(types)] == types
    assert set(candidates) == set(ENTITY_TYPES)
    assert named_as == types[0]


def test_scan_then_locate_end_to_end(tmp_path):
    from scanner.cli.main import main

    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "identity").mkdir()
    (data / "logs" / "app.log").write_text(
        "2025-01-01T10:00:00Z login user=tan.wm@example.com nric=S1234567D from 203.0.113.7\n"
        "2025-01-01T10:05:00Z login user=lim@example.org from 198.51.100.2\n",
        encoding="utf-8",
    )
    (data / "identity" / "users.csv").write_text(
        "nric,name,email,phone\nS1234567D,Tan Wei Ming,tan.wm@example.com,+65 9123 4567\n"
        "T0123456G,Lim Mei Ling,lim@example.org,+65 8765 4321\n",
        encoding="utf-8",
    )
    run = tmp_path / "run"
    scan = CliRunner().invoke(
        main, ["scan", str(data), "--out", str(run), "--workers", "1", "--quiet"]
    )
    assert scan.exit_code == 0, scan.output
    # through the `piimap` group, as a user runs it
    result = CliRunner().invoke(
        main,
        [
            "locate",
            str(run),
            "--value",
            "s1234567d",
            "--value",
            "0065 9123 4567",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == EXIT_OK, result.output
    nric, phone = json.loads(result.output)["values"]
    assert {(o["path"], o["line"]) for o in nric["occurrences"]} == {
        ("logs/app.log", 1),
        ("identity/users.csv", 2),
    }
    assert [(o["path"], o["field"]) for o in phone["occurrences"]] == [
        ("identity/users.csv", "phone")
    ]
    # the log line holds the email and the IP; the CSV row the name, email and phone
    related = {(r["entity_type"], r["records"]) for r in nric["related"]}
    assert ("EMAIL_ADDRESS", 2) in related
    assert ("IP_ADDRESS", 1) in related
    assert ("PHONE_NUMBER", 1) in related
    assert all(r["masked_value"] != "l***@example.org" for r in nric["related"])
    text = invoke(str(run), "--value", "s1234567d", "--for-deletion")
    assert_no_raw(result.output, text.output, text.stderr)
