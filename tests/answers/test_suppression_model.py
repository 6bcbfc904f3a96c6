"""Issue 17 item 2: one suppression model, and the README's CI recipe end to end on a frozen clock.

Baselines never absorb allowlisted findings (`baseline create/update` read the same `--config`
as `check`); a finding only an expired allowlist entry matches fails the gate even when a
baseline lists it; `baseline audit --config` lists baseline entries whose allowlist reason
expired.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli.main import main
from scanner.exit_codes import EXIT_FINDINGS, EXIT_OK
from scanner.gate import suppressions
from scanner.protect.hashing import load_hash_key, value_hash

README = Path(__file__).resolve().parents[2] / "README.md"
ALLOWED_NRIC = "S8412345E"  # the synthetic load-test user, allowlisted until 2026-12-31
KNOWN_PHONE = "+65 9123 4567"  # an accepted finding recorded in the baseline
BEFORE, AFTER = dt.date(2026, 6, 1), dt.date(2027, 1, 1)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def freeze(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(suppressions, "today", lambda: day)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "app.log").write_text(
        f"2026-01-01T00:00:00 INFO load-test login nric={ALLOWED_NRIC}\n"
        f"2026-01-01T00:00:01 INFO support callback phone={KNOWN_PHONE}\n"
    )
    nric_hash = value_hash(load_hash_key(), "SG_NRIC_FIN", ALLOWED_NRIC)
    (tmp_path / ".piimap.yaml").write_text(
        "allowlist:\n"
        f"  - value_hash: {nric_hash}\n"
        "    reason: synthetic NRIC of the load-test user\n"
        "    expires: 2026-12-31\n"
    )
    return tmp_path


def readme_check_command() -> list[str]:
    """The `piimap check` line of the README's full GitHub Actions job."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Add piimap to your CI") :]
    commands = re.findall(r"- run: (piimap check [^\n]*--baseline[^\n]*)", section)
    assert commands, "the README's CI job lost its `piimap check --baseline` step"
    return shlex.split(commands[0])[1:]


def readme_baseline_command() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Add piimap to your CI") :]
    found = re.search(r"`(piimap baseline create [^`]*)`", section)
    assert found, "the README lost its `piimap baseline create` line"
    return shlex.split(found.group(1))[1:]


def sarif_results(path: Path) -> list[dict]:
    return json.loads(path.read_text())["runs"][0]["results"]


def test_readme_ci_recipe_end_to_end(repo, monkeypatch):
    freeze(monkeypatch, BEFORE)
    baseline_args = readme_baseline_command()
    assert "--config" in baseline_args  # the README tells users to pass the same config
    made = run(*baseline_args)
    assert made.exit_code == EXIT_OK, made.output
    entries = json.loads((repo / ".piimap-baseline.json").read_text())["entries"]
    assert [e["entity_type"] for e in entries] == ["PHONE_NUMBER"]  # allowlisted NRIC left out

    check_args = readme_check_command()
    before = run(*check_args)
    assert before.exit_code == EXIT_OK, before.output
    assert sarif_results(repo / "piimap.sarif") == []

    freeze(monkeypatch, AFTER)
    after = run(*check_args)
    assert after.exit_code == EXIT_FINDINGS, after.output
    results = sarif_results(repo / "piimap.sarif")
    assert [r["ruleId"] for r in results] == ["SG_NRIC_FIN"]
    assert ALLOWED_NRIC not in (repo / "piimap.sarif").read_text()


def baseline_made_before_the_allowlist(*args: str):
    """A baseline written before the allowlist entry existed (or by a piimap that did not read
    it): it absorbs the value the allowlist now decides. `baseline create` finds .piimap.yaml
    by itself, like `check`, so the file is moved aside while the old baseline is made."""
    config = Path(".piimap.yaml")
    aside = config.rename("piimap.yaml.aside")
    try:
        return run("baseline", "create", *args)
    finally:
        aside.rename(config)


def test_baseline_create_finds_the_config_by_itself(repo, monkeypatch):
    freeze(monkeypatch, BEFORE)
    made = run("baseline", "create", "logs/")  # no --config: .piimap.yaml is discovered
    assert made.exit_code == EXIT_OK, made.output
    entries = json.loads((repo / ".piimap-baseline.json").read_text())["entries"]
    assert [e["entity_type"] for e in entries] == ["PHONE_NUMBER"]


def test_expired_entry_fails_even_when_an_old_baseline_absorbed_it(repo, monkeypatch):
    freeze(monkeypatch, BEFORE)
    old = baseline_made_before_the_allowlist("logs/", "--out", "old-baseline.json")
    assert old.exit_code == EXIT_OK
    kinds = sorted(
        e["entity_type"] for e in json.loads(Path("old-baseline.json").read_text())["entries"]
    )
    assert kinds == ["PHONE_NUMBER", "SG_NRIC_FIN"]  # absorbed the allowlisted value
    args = ("check", "logs/", "--baseline", "old-baseline.json", "--config", ".piimap.yaml")
    assert run(*args).exit_code == EXIT_OK
    freeze(monkeypatch, AFTER)
    result = run(*args)
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert "1 undeclared finding" in result.output or "S****345E" in result.output

    audit = run("baseline", "audit", "old-baseline.json", "--config", ".piimap.yaml")
    assert audit.exit_code == EXIT_FINDINGS
    assert "S****345E" in audit.output and "expired 2026-12-31" in audit.output
    assert "synthetic NRIC of the load-test user" in audit.output
    assert "1 baseline entry whose allowlist reason expired" in audit.output

    freeze(monkeypatch, BEFORE)
    quiet = run("baseline", "audit", "old-baseline.json", "--config", ".piimap.yaml")
    assert quiet.exit_code == EXIT_OK
    assert "0 baseline entries whose allowlist reason expired" in quiet.output


def test_baseline_update_reads_the_config_too(repo, monkeypatch):
    freeze(monkeypatch, BEFORE)
    assert baseline_made_before_the_allowlist("logs/").exit_code == EXIT_OK  # absorbs both
    updated = run("baseline", "update", "logs/", "--config", ".piimap.yaml")
    assert updated.exit_code == EXIT_OK, updated.output
    assert "1 removed" in updated.output
    entries = json.loads(Path(".piimap-baseline.json").read_text())["entries"]
    assert [e["entity_type"] for e in entries] == ["PHONE_NUMBER"]


def test_audit_needs_hash_or_config(repo):
    result = run("baseline", "audit")
    assert result.exit_code == 2
    assert "--config" in result.output
