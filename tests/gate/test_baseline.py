"""Baselines: stable across moved lines, new on new values, deterministic, no PII, audit marks."""

from __future__ import annotations

import json
import random
import re

import pytest

from scanner.gate.baseline import (
    BaselineError,
    audit_baseline,
    baseline_from_findings,
    format_baseline,
    load_baseline,
)
from scanner.model import Finding
from tests.fixtures.rundir import make_finding

NRIC = "S8412345E"
NRIC_2 = "M2424771J"
CARD = "4111 1111 1111 1111"
HEADER = "2026-01-02T10:00:00Z INFO service started version=4.2.1\n"


@pytest.fixture
def logs(workdir):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(HEADER + f"WARN nric={NRIC} failed check\n")
    (workdir / "logs/pay.log").write_text(f"ERROR card {CARD} declined\n")
    return workdir / "logs"


def test_baselined_findings_pass_and_moving_lines_keeps_them_known(logs, piimap, check_json):
    created = piimap("baseline", "create", "logs/")
    assert created.exit_code == 0, created.output
    assert check_json("logs/", "--baseline", ".piimap-baseline.json")[0] == 0

    # Lines inserted above the baselined finding: it is not new.
    app = logs / "app.log"
    app.write_text(HEADER * 25 + app.read_text())
    code, report = check_json("logs/", "--baseline", ".piimap-baseline.json")
    assert code == 0
    assert report["summary"]["suppressed"] == {"baseline": 2}

    # A new value on the old line is new.
    app.write_text(app.read_text().replace(NRIC, NRIC_2))
    code, report = check_json("logs/", "--baseline", ".piimap-baseline.json")
    assert code == 1
    assert [(f["path"], f["masked_value"]) for f in report["findings"]] == [
        ("logs/app.log", "M****771J")
    ]


def test_same_value_in_another_file_is_new(logs, piimap, check_json):
    piimap("baseline", "create", "logs/")
    (logs / "other.log").write_text(f"WARN nric={NRIC}\n")
    code, report = check_json("logs/", "--baseline", ".piimap-baseline.json")
    assert code == 1
    assert [f["path"] for f in report["findings"]] == ["logs/other.log"]


def test_baseline_file_has_no_lines_raw_values_or_timestamps(logs, workdir, piimap):
    piimap("baseline", "create", "logs/")
    text = (workdir / ".piimap-baseline.json").read_text()
    for raw in (NRIC, CARD, CARD.replace(" ", "")):
        assert raw not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)
    data = json.loads(text)
    assert set(data) == {"version", "policy", "generated_by", "hash_key_id", "entries"}
    assert data["policy"] == "esign-sg"
    for entry in data["entries"]:
        assert set(entry) == {"entity_type", "path", "value_hash", "masked_value"}
    assert [(e["path"], e["entity_type"]) for e in data["entries"]] == [
        ("logs/app.log", "SG_NRIC_FIN"),
        ("logs/pay.log", "CREDIT_CARD"),
    ]


def test_same_input_gives_a_byte_identical_baseline(logs, workdir, piimap):
    piimap("baseline", "create", "logs/", "--out", "a.json")
    piimap("baseline", "create", "logs/app.log", "logs/pay.log", "--out", "b.json")
    assert (workdir / "a.json").read_bytes() == (workdir / "b.json").read_bytes()


def _finding(path: str, entity: str, value_hash: str, masked: str, line: int) -> Finding:
    return make_finding(
        run_id=f"run-{line}",
        source=".",
        path=path,
        entity_type=entity,
        score=0.9,
        recognizer="r",
        start=line,
        end=line + 9,
        line=line,
        value_hash=value_hash,
        masked_value=masked,
    )


def test_order_of_findings_does_not_change_the_file():
    findings = [
        _finding(f"logs/{p}.log", e, h * 64, m, line)
        for line, (p, e, h, m) in enumerate(
            [
                ("b", "SG_NRIC_FIN", "1", "S****345E"),
                ("a", "CREDIT_CARD", "2", "**** 1111"),
                ("a", "SG_NRIC_FIN", "1", "S****345E"),
                ("a", "SG_NRIC_FIN", "1", "s****345e"),
            ],
            start=1,
        )
    ]
    texts = set()
    for seed in range(5):
        shuffled = findings[:]
        random.Random(seed).shuffle(shuffled)
        texts.add(
            format_baseline(
                baseline_from_findings(shuffled, policy="p", generated_by="g", hash_key_id="k")
            )
        )
    assert len(texts) == 1
    assert len(json.loads(texts.pop())["entries"]) == 3


def test_update_keeps_audit_marks_and_drops_vanished_entries(logs, workdir, piimap):
    piimap("baseline", "create", "logs/")
    data = json.loads((workdir / ".piimap-baseline.json").read_text())
    nric_hash = next(e["value_hash"] for e in data["entries"] if e["entity_type"] == "SG_NRIC_FIN")
    card_hash = next(e["value_hash"] for e in data["entries"] if e["entity_type"] == "CREDIT_CARD")

    audited = piimap(
        "baseline",
        "audit",
        "--hash",
        nric_hash[:10],
        "--status",
        "false_positive",
        "--by",
        "dpo@example.com",
        "--reason",
        "synthetic test identity",
    )
    assert audited.exit_code == 0, audited.output
    assert (
        piimap(
            "baseline",
            "audit",
            "--hash",
            card_hash[:10],
            "--status",
            "accepted",
            "--by",
            "sec",
            "--reason",
            "test card",
        ).exit_code
        == 0
    )

    (logs / "pay.log").write_text("INFO nothing here\n")  # the card entry vanishes
    (logs / "new.log").write_text(f"WARN nric={NRIC_2}\n")
    updated = piimap("baseline", "update", "logs/")
    assert updated.exit_code == 0, updated.output
    assert "1 added, 1 removed, 1 kept" in updated.output
    entries = json.loads((workdir / ".piimap-baseline.json").read_text())["entries"]
    marks = {(e["path"], e.get("status"), e.get("by")) for e in entries}
    assert marks == {
        ("logs/app.log", "false_positive", "dpo@example.com"),
        ("logs/new.log", None, None),
    }


def test_audit_errors_exit_2(logs, workdir, piimap):
    piimap("baseline", "create", "logs/")
    args = ["--status", "accepted", "--by", "me", "--reason", "ok"]
    assert piimap("baseline", "audit", "--hash", "ffffffffff", *args).exit_code == 2
    assert piimap("baseline", "audit", "--hash", "", *args).exit_code == 2
    assert piimap("baseline", "audit", "missing.json", "--hash", "abcdef", *args).exit_code == 2
    bad_status = ["--status", "fine", "--by", "me", "--reason", "ok"]
    assert piimap("baseline", "audit", "--hash", "abcdef", *bad_status).exit_code == 2


def test_audit_prefix_must_name_one_value():
    one, two = "abcdef1" + "1" * 57, "abcdef2" + "2" * 57
    findings = [
        _finding("a.log", "SG_NRIC_FIN", one, "x", 1),
        _finding("b.log", "SG_NRIC_FIN", one, "x", 2),
        _finding("a.log", "SG_NRIC_FIN", two, "y", 3),
    ]
    base = baseline_from_findings(findings, policy="p", generated_by="g", hash_key_id="k")
    mark = {"status": "accepted", "by": "a", "reason": "b"}
    with pytest.raises(BaselineError, match="ambiguous"):
        audit_baseline(base, "abcdef", **mark)
    with pytest.raises(BaselineError, match="at least 6"):
        audit_baseline(base, "ab", **mark)
    marked, count = audit_baseline(base, "ABCDEF1", **mark)
    assert count == 2  # the same value in two files
    assert [e.status for e in marked.entries] == ["accepted", None, "accepted"]


def test_create_refuses_to_overwrite_without_force(logs, piimap):
    assert piimap("baseline", "create", "logs/").exit_code == 0
    again = piimap("baseline", "create", "logs/")
    assert again.exit_code == 2
    assert "baseline update" in again.output
    assert piimap("baseline", "create", "logs/", "--force").exit_code == 0


def test_unusable_baselines_exit_2(logs, workdir, piimap, check):
    piimap("baseline", "create", "logs/")
    path = workdir / ".piimap-baseline.json"
    data = json.loads(path.read_text())

    newer = workdir / "newer.json"
    newer.write_text(json.dumps({**data, "version": 99}))
    result = check("logs/", "--baseline", str(newer))
    assert result.exit_code == 2
    assert "newer than this piimap" in result.output

    other_key = check(
        "logs/", "--baseline", str(path), env={"PIIMAP_HASH_KEY": "another-key-0123456789abcdef"}
    )
    assert other_key.exit_code == 2
    assert "hash key" in other_key.output

    (workdir / "broken.json").write_text("{")
    assert check("logs/", "--baseline", "broken.json").exit_code == 2
    with pytest.raises(BaselineError, match="unknown keys: line"):
        (workdir / "lines.json").write_text(
            json.dumps({**data, "entries": [{**data["entries"][0], "line": 3}]})
        )
        load_baseline(workdir / "lines.json")


def test_baseline_refuses_to_write_when_a_file_cannot_be_read(logs, workdir, piimap):
    (logs / "old.log.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    result = piimap("baseline", "create", "logs/")
    assert result.exit_code == 2
    assert not (workdir / ".piimap-baseline.json").exists()


def test_create_and_update_share_their_scan_options_in_help_order() -> None:
    from scanner.cli.baseline import baseline_create, baseline_update

    shared = ["paths", "out_path", "policy_path", "source_kind", "profile", "workers",
              "include_declared", "config_path"]  # fmt: skip
    assert [p.name for p in baseline_create.params] == [*shared, "force"]
    assert [p.name for p in baseline_update.params] == shared
