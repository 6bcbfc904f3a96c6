"""The allowlist config: parsing with line numbers, matchers, and expiry with an injected today."""

from __future__ import annotations

import datetime as dt

import pytest

from scanner.gate.allowlist import AllowlistError, parse_allowlist
from scanner.gate.decide import FailOn, evaluate
from scanner.policy.model import KNOWN_ENTITY_TYPES
from tests.fixtures.rundir import make_finding

NRIC = "S8412345E"
HASH_A = "a" * 64
HASH_B = "b" * 64


finding = make_finding  # an undeclared NRIC (value hash HASH_A) in logs/app.log line 3


CONFIG = f"""\
allowlist:
  - value_hash: {HASH_A}
    reason: synthetic NRIC of the load-test user
    expires: 2026-03-01
  - path: "logs/fixtures/**"
    reason: recorded fixtures
  - masked_context_regex: 'user=loadtest-\\d+'
    entity_types: [PHONE_NUMBER]
    reason: load-test accounts
"""


def test_expiry_uses_the_injected_today():
    allow = parse_allowlist(CONFIG, ".piimap.yaml", KNOWN_ENTITY_TYPES)
    on_the_day = evaluate([finding()], today=dt.date(2026, 3, 1), allowlist=allow)
    assert on_the_day.exit_code == 0
    assert [s.by for s in on_the_day.suppressed] == ["allowlist"]
    assert on_the_day.expired == ()

    day_after = evaluate([finding()], today=dt.date(2026, 3, 2), allowlist=allow)
    assert day_after.exit_code == 1
    assert [i.finding.value_hash for i in day_after.items] == [HASH_A]
    (expired,) = day_after.expired
    assert (expired.entry.line, expired.would_match) == (2, 1)
    assert expired.entry.expires == dt.date(2026, 3, 1)


def test_expired_entries_are_listed_even_when_nothing_matches():
    allow = parse_allowlist(CONFIG, ".piimap.yaml")
    other = finding(value_hash=HASH_B)
    result = evaluate([other], today=dt.date(2027, 1, 1), allowlist=allow)
    assert [(e.entry.line, e.would_match) for e in result.expired] == [(2, 0)]


def test_path_glob_and_masked_context_regex():
    allow = parse_allowlist(CONFIG, ".piimap.yaml")
    today = dt.date(2026, 1, 1)
    fixture = finding(value_hash=HASH_B, path="logs/fixtures/2026/a.log")
    phone = finding(
        entity_type="PHONE_NUMBER", value_hash=HASH_B, masked_value="+65 ****4567", line=7
    )
    result = evaluate(
        [fixture, phone],
        today=today,
        allowlist=allow,
        context_lines={("logs/app.log", 7): "INFO user=loadtest-17 phone +65 ****4567"},
    )
    assert result.items == ()
    assert sorted(s.detail.split(":")[1] for s in result.suppressed) == ["5", "7"]
    # Without the context line the regex does not match the masked value alone.
    alone = evaluate([phone], today=today, allowlist=allow)
    assert len(alone.items) == 1


def test_regex_on_the_masked_value_and_entity_type_filter():
    allow = parse_allowlist(
        "allowlist:\n  - masked_context_regex: '^S\\*{4}345E$'\n"
        "    entity_types: [SG_NRIC_FIN]\n    reason: known tester\n"
    )
    today = dt.date(2026, 1, 1)
    assert evaluate([finding()], today=today, allowlist=allow).items == ()
    other_type = finding(entity_type="SG_NRIC_PARTIAL")
    assert len(evaluate([other_type], today=today, allowlist=allow).items) == 1


def test_declared_findings_are_not_counted_unless_fail_on_declared():
    ip = finding(
        entity_type="IP_ADDRESS", value_hash=HASH_B, masked_value="10.1.*.*", declared=True
    )
    today = dt.date(2026, 1, 1)
    assert evaluate([ip], today=today).exit_code == 0
    assert evaluate([ip], today=today, fail_on=FailOn.DECLARED).exit_code == 1
    assert evaluate([finding()], today=today, fail_on=FailOn.NEVER).exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("allowlist:\n  - value_hash: " + HASH_A + "\n", "line 2: `reason` is required"),
        ("allowlist:\n  - reason: x\n", "line 2: an entry needs at least one of"),
        ("allowlist:\n  - path: a\n    reason: x\n    expire: 2026-01-01\n", "unknown key"),
        ("allowlist:\n  - value_hash: abc\n    reason: x\n", "64-hex-digit"),
        ("allowlist:\n  - masked_context_regex: '('\n    reason: x\n", "bad masked_context_regex"),
        ("allowlist:\n  - path: a\n    reason: x\n    expires: 2026-13-01\n", "YYYY-MM-DD"),
        ("allowlist:\n  - path: a\n    reason: x\n    expires: 2026-01-01 10:00:00\n", "a date"),
        ("allowlist:\n  - path: a\n    reason: x\n    entity_types: [NRIC]\n", "unknown entity"),
        ("allow:\n  - path: a\n", "unknown top-level key"),
        ("allowlist: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_config_is_refused_with_a_reason(text, message):
    with pytest.raises(AllowlistError, match=message.replace("(", r"\(").replace("*", r"\*")):
        parse_allowlist(text, "cfg.yaml", KNOWN_ENTITY_TYPES)


def test_cli_allowlist_by_value_hash_and_expired_entry(workdir, check, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(f"INFO nric={NRIC}\n")
    code, report = check_json("logs/")
    assert code == 1
    value_hash = report["findings"][0]["value_hash"]

    live = workdir / "live.yaml"
    live.write_text(
        f"allowlist:\n  - value_hash: {value_hash}\n    reason: tester\n    expires: 2999-12-31\n"
    )
    code, report = check_json("logs/", "--config", str(live))
    assert code == 0
    assert report["summary"]["suppressed"] == {"allowlist": 1}

    old = workdir / "old.yaml"
    old.write_text(
        f"allowlist:\n  - value_hash: {value_hash}\n    reason: tester\n    expires: 2000-01-01\n"
    )
    result = check("logs/", "--config", str(old))
    assert result.exit_code == 1
    assert "expired allowlist entries" in result.stdout
    assert "expired 2000-01-01 (1 finding(s) now reported)" in result.stdout


def test_cli_masked_context_regex_sees_only_masked_lines(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(f"INFO tester=qa-7 nric={NRIC}\n")
    raw = workdir / "raw.yaml"  # a regex on the raw value must not match: lines are masked
    raw.write_text("allowlist:\n  - masked_context_regex: 'S8412345E'\n    reason: x\n")
    assert check_json("logs/", "--config", str(raw))[0] == 1
    ctx = workdir / "ctx.yaml"
    ctx.write_text(
        "allowlist:\n  - masked_context_regex: 'tester=qa-\\d+ nric=S\\*{4}'\n"
        "    reason: QA tester\n"
    )
    assert check_json("logs/", "--config", str(ctx))[0] == 0


def test_cli_bad_config_exits_2(workdir, check):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text("INFO ok\n")
    (workdir / "bad.yaml").write_text("allowlist:\n  - path: '*.log'\n")
    result = check("logs/", "--config", "bad.yaml")
    assert result.exit_code == 2
    assert "bad.yaml: line 2: `reason` is required" in result.output
    assert check("logs/", "--config", "missing.yaml").exit_code == 2
