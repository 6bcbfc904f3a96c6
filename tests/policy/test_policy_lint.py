"""`lint_policy` finds each kind of mistake in a policy file and puts it on the right line."""

from __future__ import annotations

import re
from itertools import zip_longest
from pathlib import Path

import pytest

from scanner.policy.model import (
    DEFAULT_POLICY_PATH,
    LintIssue,
    PolicyError,
    format_lint,
    lint_policy,
    load_policy,
)

POLICY_TEXT = """\
Privacy Policy
1.1 We collect your email address
as your login name.
2.1 Device Information: unique device identifier and IP address.
"""

VALID_POLICY = """\
id: tiny
title: Tiny policy
version: "2024-01"
source_text: policy.txt
source_kinds:
  - kind: logs
    description: logs
    paths: ["logs/**", "**/*.log"]
  - kind: contracts
    paths: ["**/*.pdf"]
default_source_kind: other
answers:
  stdin_source_kind: logs
  records:
    contracts: {whole_file: true, noun: contract}
    logs: {noun: log line}
categories:
  - id: account
    title: Account
    section: "1.1"
    quote: "We collect your email address as your LOGIN name."
    entity_types: [EMAIL_ADDRESS]
    source_kinds: [logs]
    purpose: register
    shared_with: nobody
    retention: while needed
    retention_period: null
    on_request: delete
  - id: device
    title: Device
    section: "2.1"
    quote: "unique device identifier and IP address"
    entity_types: [DEVICE_ID, IP_ADDRESS]
    source_kinds: [logs, other]
    purpose: security
    shared_with: nobody
    retention: while needed
    retention_period: P90D
    on_request: "keep: required by law"
"""


def write_policy(tmp_path: Path, yaml_text: str) -> Path:
    (tmp_path / "policy.txt").write_text(POLICY_TEXT, encoding="utf-8")
    path = tmp_path / "policy.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle` (so tests don't hard-code)."""
    hits = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def first_changed_line(before: str, after: str) -> int:
    """1-based line where `after` first differs from `before`: the line an edit put a mistake on."""
    pairs = zip_longest(before.splitlines(), after.splitlines())
    return next(number for number, (old, new) in enumerate(pairs, 1) if old != new)


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_valid_policy_has_no_issues_and_loads(tmp_path: Path) -> None:
    path = write_policy(tmp_path, VALID_POLICY)
    assert lint_policy(path) == []
    policy = load_policy(path)
    assert policy.category("device").retention_period == "P90D"
    assert policy.category("account").retention_period is None
    assert policy.category("device").on_request_action == "keep"
    assert policy.classify("EMAIL_ADDRESS", "logs").declared
    assert policy.source_kind_for("x/y.pdf") == "contracts"


def test_shipped_policy_lints_clean() -> None:
    assert lint_policy(DEFAULT_POLICY_PATH) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # unknown keys, at every level
        ("version:", "owner: me\nversion:", "policy: unknown key 'owner'"),
        ("description:", "descripton:", "source kind rule: unknown key 'descripton'"),
        ("P90D\n", "P90D\n    notes: x\n", "category 'device': unknown key 'notes'"),
        # duplicate keys (yaml.safe_load would silently keep the last one)
        ("title: Tiny policy", "title: Tiny policy\ntitle: Again", "duplicate key"),
        # unknown entity types
        ("[DEVICE_ID, IP_ADDRESS]", "[DEVICE_ID, IP_ADRESS]", "unknown entity type 'IP_ADRESS'"),
        # source kinds no rule defines
        ("[logs, other]", "[logs, storage]", "source kind 'storage' is defined by no rule"),
        # (retention periods have their own test, beside the one for accepted periods)
        # invalid globs
        ('"logs/**"', '"logs/[abc"', "invalid glob 'logs/[abc': unclosed '['"),
        ('"logs/**"', '"/var/logs/**"', "invalid glob '/var/logs/**'"),
        ('"**/*.pdf"', '"**/a**.pdf"', "'**' must be a whole path segment"),
        # deletion outcome
        ("on_request: delete", "on_request: purge", "on_request must be one of"),
        ('on_request: "keep: required by law"', "on_request: keep", "needs"),
        # ids and values
        ("- id: device", "- id: Device_Info", "id must be kebab-case"),
        ("    purpose: security", "    purpose: null", "'purpose' must be"),
        ("[EMAIL_ADDRESS]", "EMAIL_ADDRESS", "'entity_types' must be a list"),
        ("[EMAIL_ADDRESS]", "[EMAIL_ADDRESS, EMAIL_ADDRESS]", "listed twice"),
        ("source_kinds: [logs]", "source_kinds: []", "must not be empty"),
        ('paths: ["**/*.pdf"]', "paths: []", "must not be empty"),
        # the answers block
        ("stdin_source_kind: logs", "stdin_source_kind: pipes", "stdin_source_kind 'pipes'"),
        ("    logs: {noun: log line}", "    tapes: {noun: tape}", "records of 'tapes'"),
        ("{whole_file: true, noun: contract}", "{whole_file: yes please}", "true or false"),
        ("    logs: {noun: log line}", "    logs: {name: log line}", "unknown key 'name'"),
    ],
)
def test_lint_reports_each_mistake_on_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = replace_once(VALID_POLICY, old, new)
    path = write_policy(tmp_path, text)
    issues = lint_policy(path)
    line = first_changed_line(VALID_POLICY, text)
    assert len(issues) == 1, issues
    assert issues[0].line == line
    assert message in issues[0].message
    with pytest.raises(PolicyError, match=rf"^{re.escape(str(path))}:{line}: "):
        load_policy(path)


def test_lint_reports_missing_required_key_on_the_mapping(tmp_path: Path) -> None:
    text = replace_once(
        VALID_POLICY,
        "    shared_with: nobody\n    retention: while needed\n    retention_period: P90D",
        "    retention: while needed\n    retention_period: P90D",
    )
    issues = lint_policy(write_policy(tmp_path, text))
    assert issues == [
        LintIssue(
            line_of(text, "- id: device"), "category 'device': missing required key 'shared_with'"
        )
    ]


def test_lint_reports_missing_top_level_key_on_line_one(tmp_path: Path) -> None:
    text = replace_once(VALID_POLICY, "default_source_kind: other\n", "")
    issues = lint_policy(write_policy(tmp_path, text))
    messages = [issue.message for issue in issues]
    assert LintIssue(1, "policy: missing required key 'default_source_kind'") in issues
    # Without the default, 'other' is no longer a known source kind either.
    assert any("source kind 'other' is defined by no rule" in m for m in messages)


def test_lint_reports_duplicate_category_ids(tmp_path: Path) -> None:
    text = replace_once(VALID_POLICY, "- id: device", "- id: account")
    issues = lint_policy(write_policy(tmp_path, text))
    assert issues == [
        LintIssue(line_of(text, "- id: account", 2), "duplicate category id 'account'")
    ]


def test_lint_reports_every_issue_in_line_order(tmp_path: Path) -> None:
    text = replace_once(VALID_POLICY, "[DEVICE_ID, IP_ADDRESS]", "[DEVICE, IP]")
    text = replace_once(text, '"logs/**"', '"logs/"')
    issues = lint_policy(write_policy(tmp_path, text))
    assert [issue.line for issue in issues] == sorted(issue.line for issue in issues)
    assert len(issues) == 3
    assert [i.line for i in issues] == [line_of(text, '"logs/"')] + [
        line_of(text, "[DEVICE, IP]")
    ] * 2


def test_lint_quote_check_needs_the_source_text(tmp_path: Path) -> None:
    path = write_policy(tmp_path, VALID_POLICY)
    (tmp_path / "policy.txt").unlink()
    issues = lint_policy(path)
    assert len(issues) == 1
    assert issues[0].line == line_of(VALID_POLICY, "source_text:")
    assert "cannot read source_text" in issues[0].message


def test_lint_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = replace_once(VALID_POLICY, "    purpose: register", "    purpose: [register")
    issues = lint_policy(write_policy(tmp_path, text))
    start = line_of(text, "purpose: [register")
    # The parser notices on the next line; the message points back to where the list began.
    assert issues == [
        LintIssue(
            start + 1,
            "YAML syntax error: expected ',' or ']', but got ':' "
            f"(while parsing a flow sequence started on line {start})",
        )
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "policy file is empty"), ("- a\n- b\n", "policy must be a mapping")],
)
def test_lint_rejects_a_file_that_is_not_a_policy(
    tmp_path: Path, content: str, message: str
) -> None:
    assert lint_policy(write_policy(tmp_path, content)) == [LintIssue(1, message)]


def test_lint_rejects_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_bytes(b"id: tiny\ntitle: \xff\xfe\n")
    assert lint_policy(path) == [LintIssue(2, "policy file is not valid UTF-8")]


def test_load_policy_raises_on_lint_errors_except_quotes(tmp_path: Path) -> None:
    """A wrong quote is a documentation error (lint); a wrong entity type breaks classification.
    Quotes are compared with whitespace and case normalised, words not."""
    bad_quote = replace_once(VALID_POLICY, "IP address", "MAC address")
    issues = lint_policy(write_policy(tmp_path, bad_quote))
    assert [issue.line for issue in issues] == [first_changed_line(VALID_POLICY, bad_quote)]
    assert "quote does not occur in the policy text" in issues[0].message
    assert load_policy(write_policy(tmp_path, bad_quote)).id == "tiny"
    bad_entity = replace_once(VALID_POLICY, "[EMAIL_ADDRESS]", "[E_MAIL]")
    path = write_policy(tmp_path, bad_entity)
    with pytest.raises(PolicyError, match=rf"^{path}:{line_of(bad_entity, 'E_MAIL')}: "):
        load_policy(path)


def test_format_lint_is_path_line_message(tmp_path: Path) -> None:
    issues = [LintIssue(3, "first"), LintIssue(12, "second")]
    assert format_lint(issues, "p.yaml") == "p.yaml:3: first\np.yaml:12: second\n"
    assert format_lint([], "p.yaml") == ""


@pytest.mark.parametrize("period", ["P2Y", "P6M", "P90D", "P2W", "P1Y6M", "P1Y2M3W4D"])
def test_lint_accepts_iso_durations_in_calendar_units(tmp_path: Path, period: str) -> None:
    text = replace_once(VALID_POLICY, "retention_period: P90D", f"retention_period: {period}")
    path = write_policy(tmp_path, text)
    assert lint_policy(path) == []
    assert load_policy(path).category("device").retention_period == period


@pytest.mark.parametrize("period", ["90 days", "P", "PT", "P1Y2", "PT12H", "p90d", "[P1Y]"])
def test_lint_rejects_periods_not_in_calendar_units(tmp_path: Path, period: str) -> None:
    text = replace_once(VALID_POLICY, "retention_period: P90D", f"retention_period: {period}")
    issues = lint_policy(write_policy(tmp_path, text))
    assert len(issues) == 1, issues
    assert issues[0].line == first_changed_line(VALID_POLICY, text)
    assert "is not an ISO-8601 duration" in issues[0].message


def test_policies_read_by_libyaml_equal_those_read_by_pyyaml(monkeypatch) -> None:
    """The fast parser is a start-up saving only: every shipped policy gives the same Policy
    through PyYAML's own parser (and the syntax-error test above keeps PyYAML's messages)."""
    import yaml

    import scanner.policy.model as model

    shipped = sorted(Path(model.__file__).parents[2].joinpath("configs", "policies").glob("*.yaml"))
    assert shipped
    fast = [load_policy(p) for p in shipped]
    monkeypatch.setattr(model, "_FAST_LOADER", yaml.SafeLoader)
    assert [load_policy(p) for p in shipped] == fast
