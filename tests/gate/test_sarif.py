"""SARIF output: valid against the official 2.1.0 schema, stable fingerprints, rules per entity."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scanner.policy.model import KNOWN_ENTITY_TYPES

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"
NRIC = "S8412345E"
CARD = "4111 1111 1111 1111"
LINES = [
    "2026-01-02T10:00:00Z INFO service started",
    f"2026-01-02T10:00:01Z WARN nric={NRIC} not verified",
    "2026-01-02T10:00:02Z INFO client 203.0.113.7 connected",
    f"2026-01-02T10:00:03Z ERROR card {CARD} declined",
]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(check, *args: str) -> tuple[int, dict]:
    result = check(*args, "--format", "sarif")
    return result.exit_code, json.loads(result.stdout)


def assert_valid(validator, doc: dict) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_validates_and_maps_findings(workdir, check, validator, no_raw_values):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text("\n".join(LINES) + "\n")
    code, doc = sarif(check, "logs/", "--fail-on", "declared")
    assert code == 1
    assert_valid(validator, doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][: len(KNOWN_ENTITY_TYPES)] == list(KNOWN_ENTITY_TYPES)
    got = {
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    }
    assert got == {
        ("SG_NRIC_FIN", "error", "logs/app.log", 2),
        ("IP_ADDRESS", "note", "logs/app.log", 3),
        ("CREDIT_CARD", "error", "logs/app.log", 4),
    }
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert list(r["partialFingerprints"]) == ["piimapValueHash/v1"]
        assert len(r["partialFingerprints"]["piimapValueHash/v1"]) == 64
    assert run["invocations"][0]["executionSuccessful"] is True
    no_raw_values(json.dumps(doc))


def test_fingerprints_survive_moved_lines(workdir, check):
    (workdir / "logs").mkdir()
    app = workdir / "logs/app.log"
    app.write_text("\n".join(LINES) + "\n")
    _, before = sarif(check, "logs/")
    app.write_text("2026-01-02T09:59:59Z INFO rotated\n" * 7 + app.read_text())
    _, after = sarif(check, "logs/")

    def prints(doc):
        return {
            (r["ruleId"], r["partialFingerprints"]["piimapValueHash/v1"])
            for r in doc["runs"][0]["results"]
        }

    assert prints(before) == prints(after)
    lines = sorted(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in after["runs"][0]["results"]
    )
    assert lines == [9, 11]


def test_sarif_with_errors_expired_entries_and_odd_paths_validates(workdir, check, validator):
    (workdir / "logs/with space").mkdir(parents=True)
    (workdir / "logs/with space/app.log").write_text(f"WARN nric={NRIC}\n")
    (workdir / "logs/bad.log.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    (workdir / "cfg.yaml").write_text(
        "allowlist:\n  - path: 'nothing/**'\n    reason: old\n    expires: 2001-01-01\n"
    )
    code, doc = sarif(check, "logs/", "--config", "cfg.yaml")
    assert code == 2
    assert_valid(validator, doc)
    run = doc["runs"][0]
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]
    assert uris == ["logs/with%20space/app.log"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    levels = sorted(n["level"] for n in invocation["toolExecutionNotifications"])
    assert levels == ["error", "warning"]


def test_stdin_sarif_validates(workdir, check, validator):
    result = check("-", "--format", "sarif", input=f"WARN nric={NRIC}\n")
    doc = json.loads(result.stdout)
    assert_valid(validator, doc)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "%3Cstdin%3E"}


def test_clean_run_is_valid_sarif_with_no_results(workdir, check, validator):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text("2026-01-02T10:00:00Z INFO ok\n")
    code, doc = sarif(check, "logs/")
    assert code == 0
    assert_valid(validator, doc)
    assert doc["runs"][0]["results"] == []


def test_the_schema_rejects_a_broken_document(workdir, check, validator):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(f"WARN nric={NRIC}\n")
    _, doc = sarif(check, "logs/")
    del doc["runs"][0]["results"][0]["message"]
    doc["runs"][0]["results"][0]["level"] = "fatal"
    assert len(list(validator.iter_errors(doc))) == 2


def test_sarif_ranks_rules_by_what_the_policy_declares(workdir, check, validator):
    """Undeclared checksum identifiers and cards are high, other undeclared data medium,
    declared data low (README "SARIF severity"); each rule links to that README section."""
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(
        "\n".join(LINES) + "\nWARN mail weiming.tan@example.com phone +65 9123 4567\n"
    )
    code, doc = sarif(check, "logs/", "--fail-on", "declared")
    assert code == 1
    assert_valid(validator, doc)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    severity = {k: float(r["properties"]["security-severity"]) for k, r in rules.items()}
    assert severity["SG_NRIC_FIN"] >= 7.0 and severity["CREDIT_CARD"] >= 7.0  # undeclared, high
    assert 4.0 <= severity["PHONE_NUMBER"] < 7.0  # undeclared in logs, medium
    assert 0.0 < severity["IP_ADDRESS"] < 4.0  # declared for logs, low
    assert 0.0 < severity["SG_PASSPORT"] < 4.0  # not found here: low
    assert all(r["helpUri"].endswith("#sarif-severity") for r in rules.values())
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert float(by_rule["IP_ADDRESS"]["properties"]["security-severity"]) < 4.0
    assert run["automationDetails"]["id"] == "piimap-check/esign-sg/"


def test_sarif_results_carry_columns_of_the_value(workdir, check, validator):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text("\n".join(LINES) + "\n")
    _, doc = sarif(check, "logs/", "--fail-on", "declared")
    assert_valid(validator, doc)
    results = doc["runs"][0]["results"]
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in results}
    expected = (("SG_NRIC_FIN", NRIC), ("CREDIT_CARD", CARD), ("IP_ADDRESS", "203.0.113.7"))
    for rule, value in expected:
        line = LINES[regions[rule]["startLine"] - 1]
        start, end = regions[rule]["startColumn"], regions[rule]["endColumn"]
        assert line[start - 1 : end - 1] == value, rule
