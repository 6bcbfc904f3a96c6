"""`piimap retention`: files kept past their category's retention_period, aged by mtime."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli.dsar import EXIT_ERROR, EXIT_OK, OutputFormat, retention_command
from scanner.dsar.retention import (
    STATUS_NOT_CHECKABLE,
    STATUS_OVER,
    STATUS_WITHIN,
    Duration,
    RetentionError,
    group_rows,
    parse_duration,
    retention_rows,
)
from scanner.inventory.base import FINDINGS_SCHEMA
from scanner.inventory.parquet import FILES_SCHEMA
from scanner.model import FILE_COLUMNS
from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy
from scanner.protect.hashing import key_id, load_hash_key, value_hash
from scanner.protect.masking import mask_value

RETENTION_POLICY = DEFAULT_POLICY_PATH.parent / "esign-sg-retention.yaml"
AS_OF = date(2026, 1, 1)
CUTOFF = date(2025, 7, 5)  # 2026-01-01 minus 180 days (P180D)


def epoch(day: date) -> float:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()


# path -> (file type, source kind, mtime, [(entity type, value), ...])
FILES = {
    "logs/2025-01/app.log": (
        "log",
        "logs",
        date(2025, 1, 1),
        [
            ("IP_ADDRESS", "203.0.113.7"),
            ("IP_ADDRESS", "203.0.113.8"),
            ("EMAIL_ADDRESS", "tan@example.com"),
        ],
    ),
    "logs/2025-07/app.log": ("log", "logs", date(2025, 7, 4), [("IP_ADDRESS", "203.0.113.9")]),
    "logs/current.log": ("log", "logs", CUTOFF, [("IP_ADDRESS", "198.51.100.1")]),
    "web/access_log": ("log", "logs", date(2024, 6, 30), [("IP_ADDRESS", "192.0.2.44")]),
    "contracts/lease.pdf": ("pdf", "contracts", date(2019, 3, 1), [("SG_NRIC_FIN", "S1234567D")]),
}


@pytest.fixture
def run_dir(tmp_path) -> Path:
    policy = load_policy(RETENTION_POLICY)
    key = load_hash_key()
    run = tmp_path / "run-r"
    run.mkdir()
    findings, files = [], []
    for path, (file_type, kind, mtime, values) in FILES.items():
        for line, (entity_type, value) in enumerate(values, start=1):
            c = policy.classify(entity_type, kind)
            findings.append(
                {
                    "run_id": "run-r",
                    "source": "/data",
                    "path": path,
                    "source_kind": kind,
                    "file_type": file_type,
                    "entity_type": entity_type,
                    "category": c.category,
                    "declared": c.declared,
                    "score": 1.0,
                    "recognizer": "test",
                    "start": 0,
                    "end": len(value),
                    "line": line,
                    "page": None,
                    "field": None,
                    "value_hash": value_hash(key, entity_type, value),
                    "masked_value": mask_value(entity_type, value),
                }
            )
        files.append(
            {
                "path": path,
                "size": 10,
                "file_type": file_type,
                "source_kind": kind,
                "status": "scanned",
                "reason": "",
                "findings": len(values),
                "sha256": "0" * 64,
                "mtime": datetime.fromtimestamp(epoch(mtime), tz=UTC),
            }
        )
    files.append(
        {
            "path": "logs/empty.log",
            "size": 0,
            "file_type": "log",
            "source_kind": "logs",
            "status": "scanned",
            "reason": "",
            "findings": 0,
            "sha256": "0" * 64,
            "mtime": datetime.fromtimestamp(epoch(date(2020, 1, 1)), tz=UTC),
        }
    )
    pq.write_table(pa.Table.from_pylist(findings, schema=FINDINGS_SCHEMA), run / "findings.parquet")
    pq.write_table(pa.Table.from_pylist(files, schema=FILES_SCHEMA), run / "files.parquet")
    summary = {
        "run_id": "run-r",
        "hash_key_id": key_id(key),
        "policy": {"id": "esign-sg-retention", "path": str(RETENTION_POLICY)},
    }
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return run


def test_schemas_match_the_model_columns():
    assert tuple(FILES_SCHEMA.names) == FILE_COLUMNS


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("P180D", Duration(days=180)),
        ("P6M", Duration(months=6)),
        ("P7Y", Duration(years=7)),
        ("P2W", Duration(weeks=2)),
        ("P1Y6M10D", Duration(years=1, months=6, days=10)),
        ("p30d", Duration(days=30)),
    ],
)
def test_parse_duration(text, duration):
    assert parse_duration(text) == duration


@pytest.mark.parametrize("text", ["P", "PT12H", "180D", "6 months", "P1.5Y", "", "P-1D"])
def test_parse_duration_refuses(text):
    with pytest.raises(RetentionError, match="not an ISO-8601 duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("duration", "day", "expected"),
    [
        (Duration(days=180), AS_OF, CUTOFF),
        (Duration(months=1), date(2026, 3, 31), date(2026, 2, 28)),
        (Duration(months=1), date(2024, 3, 31), date(2024, 2, 29)),
        (Duration(years=1), date(2024, 2, 29), date(2023, 2, 28)),
        (Duration(months=13), date(2026, 1, 15), date(2024, 12, 15)),
        (Duration(weeks=1, days=1), date(2026, 1, 1), date(2025, 12, 24)),
    ],
)
def test_duration_before(duration, day, expected):
    assert duration.before(day) == expected


def test_the_example_policy_sets_periods_for_log_categories_only():
    policy = load_policy(RETENTION_POLICY)
    periods = {c.id: c.retention_period for c in policy.categories}
    assert {k for k, v in periods.items() if v} == {
        "device-information",
        "software-information",
        "service-logs",
        "ip-and-location",
        "cookies",
    }
    assert set(periods.values()) == {None, "P180D"}
    service_logs = policy.category("service-logs")
    assert "operational choice" in service_logs.retention
    assert "as long as is necessary" in service_logs.retention


def test_retention_rows_measure_age_from_mtime(run_dir):
    rows = retention_rows(run_dir, load_policy(RETENTION_POLICY), AS_OF)
    by_key = {(r["path"], r["category"]): r for r in rows}
    old = by_key[("logs/2025-01/app.log", "device-information")]
    assert old["status"] == STATUS_OVER
    assert old["findings"] == 2
    assert old["mtime"] == "2025-01-01"
    assert old["cutoff"] == CUTOFF.isoformat()
    assert old["over_by_days"] == (CUTOFF - date(2025, 1, 1)).days == 185
    assert old["age_days"] == 365
    assert old["retention_period"] == "P180D"
    assert by_key[("logs/2025-07/app.log", "device-information")]["over_by_days"] == 1
    # last written on the cutoff day: exactly 180 days old, still within
    assert by_key[("logs/current.log", "device-information")]["status"] == STATUS_WITHIN
    # the login email in a log is account-registration: "as long as necessary", no period
    email = by_key[("logs/2025-01/app.log", "account-registration")]
    assert email["status"] == STATUS_NOT_CHECKABLE
    assert "V(b)" in email["retention"]
    assert by_key[("contracts/lease.pdf", "other-persons-information")]["status"] == (
        STATUS_NOT_CHECKABLE
    )
    # a file without findings is not listed
    assert all(r["path"] != "logs/empty.log" for r in rows)


def test_rows_group_by_category_and_prefix(run_dir):
    rows = retention_rows(run_dir, load_policy(RETENTION_POLICY), AS_OF)
    over = [g for g in group_rows(rows) if g["status"] == STATUS_OVER]
    assert [
        (
            g["category"],
            g["prefix"],
            g["files"],
            g["findings"],
            g["max_over_by_days"],
            g["oldest_mtime"],
        )
        for g in over
    ] == [
        ("device-information", "logs", 2, 3, 185, "2025-01-01"),
        ("device-information", "web", 1, 1, (CUTOFF - date(2024, 6, 30)).days, "2024-06-30"),
    ]


def test_a_later_as_of_puts_more_files_over(run_dir):
    policy = load_policy(RETENTION_POLICY)
    early = retention_rows(run_dir, policy, date(2025, 1, 1))
    late = retention_rows(run_dir, policy, date(2027, 1, 1))
    assert sum(r["status"] == STATUS_OVER for r in early) == 1  # only web/access_log
    assert sum(r["status"] == STATUS_OVER for r in late) == 4


def test_the_default_policy_has_nothing_machine_checkable(run_dir):
    rows = retention_rows(run_dir, load_policy(DEFAULT_POLICY_PATH), AS_OF)
    assert {r["status"] for r in rows} == {STATUS_NOT_CHECKABLE}


def invoke(*args: str):
    return CliRunner().invoke(retention_command, list(args), catch_exceptions=False)


def test_cli_text(run_dir):
    result = invoke(str(run_dir), "--as-of", "2026-01-01", "--policy", str(RETENTION_POLICY))
    assert result.exit_code == EXIT_OK
    out = result.output
    assert "as of 2026-01-01" in out
    assert "mtime" in out
    assert "device-information (Device information): retention_period P180D" in out
    assert "OVER  logs/  2 file(s), 3 finding(s), oldest 2025-01-01, up to 185 days over" in out
    assert "logs/2025-01/app.log  mtime 2025-01-01, 185 days over, 2 finding(s)" in out
    assert "Not machine-checkable" in out
    assert 'account-registration: "as long as necessary' in out
    assert "3 file(s) over retention" in out
    assert "tan@example.com" not in out and "S1234567D" not in out


def test_cli_uses_the_runs_policy_by_default(run_dir):
    result = invoke(str(run_dir), "--as-of", "2026-01-01", "--format", "json")
    doc = json.loads(result.output)
    assert doc["policy"] == str(RETENTION_POLICY)
    assert doc["over_retention"] == 3
    assert doc["age_basis"] == "mtime"


def test_cli_json_and_csv(run_dir):
    as_json = invoke(
        str(run_dir), "--as-of", "2026-01-01", "--format", "json", "--policy", str(RETENTION_POLICY)
    )
    doc = json.loads(as_json.output)
    assert doc["as_of"] == "2026-01-01"
    assert len(doc["rows"]) == len(retention_rows(run_dir, load_policy(RETENTION_POLICY), AS_OF))
    as_csv = invoke(
        str(run_dir), "--as-of", "2026-01-01", "--format", "csv", "--policy", str(RETENTION_POLICY)
    )
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    over = sorted(r["path"] for r in rows if r["status"] == STATUS_OVER)
    assert over == ["logs/2025-01/app.log", "logs/2025-07/app.log", "web/access_log"]


def test_cli_formats_are_exhaustive(run_dir):
    for fmt in OutputFormat:
        result = invoke(str(run_dir), "--as-of", "2026-01-01", "--format", fmt.value)
        assert result.exit_code == EXIT_OK, fmt


def test_nothing_over_retention(run_dir):
    result = invoke(str(run_dir), "--as-of", "2024-01-01", "--policy", str(RETENTION_POLICY))
    assert result.exit_code == EXIT_OK
    assert "nothing over retention" in result.output


def test_missing_run_is_an_error(tmp_path):
    result = invoke(str(tmp_path / "nope"), "--policy", str(RETENTION_POLICY))
    assert result.exit_code == EXIT_ERROR
    assert "no such file or folder" in result.stderr


def test_missing_files_parquet_is_an_error(run_dir):
    (run_dir / "files.parquet").unlink()
    result = invoke(str(run_dir), "--policy", str(RETENTION_POLICY))
    assert result.exit_code == EXIT_ERROR
    assert "has no files.parquet" in result.stderr


def test_scan_then_retention_end_to_end(tmp_path):
    import os

    from scanner.cli.main import main

    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    old_log = data / "logs" / "app.log"
    old_log.write_text("2025-01-01T10:00:00Z login from 203.0.113.7\n", encoding="utf-8")
    new_log = data / "logs" / "today.log"
    new_log.write_text("2025-12-30T10:00:00Z login from 198.51.100.2\n", encoding="utf-8")
    os.utime(old_log, (epoch(date(2025, 1, 1)), epoch(date(2025, 1, 1))))
    os.utime(new_log, (epoch(date(2025, 12, 30)), epoch(date(2025, 12, 30))))
    run = tmp_path / "run"
    scan = CliRunner().invoke(
        main,
        [
            "scan",
            str(data),
            "--out",
            str(run),
            "--workers",
            "1",
            "--quiet",
            "--policy",
            str(RETENTION_POLICY),
        ],
    )
    assert scan.exit_code == 0, scan.output
    result = CliRunner().invoke(
        main, ["retention", str(run), "--as-of", "2026-01-01", "--format", "json"]
    )
    assert result.exit_code == EXIT_OK, result.output
    doc = json.loads(result.output)
    assert doc["policy"] == str(RETENTION_POLICY)  # the policy the run was scanned with
    status = {r["path"]: (r["status"], r["over_by_days"]) for r in doc["rows"]}
    assert status == {
        "logs/app.log": (STATUS_OVER, 185),
        "logs/today.log": (STATUS_WITHIN, None),
    }
