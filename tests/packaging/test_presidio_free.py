"""Start-up (issues 12 and 14): `piimap check` and `piimap scan --profile logs` run piimap's
rules (``recognizers.rules``) and import neither Presidio nor spaCy; a profile with NER and a
user's recognizer YAML do import them. Checked in a fresh process by what it imported at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HASH_KEY = "5be1c07a9d3f42e8a61b0c7d94e2f38a"
NER_STACK = ("presidio_analyzer", "spacy")
LOG = (
    "2024-03-01T10:00:00Z INFO login ok user=tan.wm@example.com ip=10.1.2.3 hp +65 9123 4567\n"
    "2024-03-01T10:00:01Z WARN kyc retry nric=S8412345E card 4111 1111 1111 1111\n"
    "2024-03-01T10:00:02Z INFO envelope completed by Lim Swee Hock for Acme Widgets Pte Ltd\n"
)

# Calls the CLI in try/finally and prints what the process imported, whatever the exit.
PROBE = """
import json, sys
from scanner.cli.main import main
code = 0
try:
    main(sys.argv[1:], prog_name="piimap")
except SystemExit as exc:
    code = exc.code
finally:
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _run(args: list[str], cwd: Path) -> tuple[int, set[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PIIMAP_HASH_KEY": HASH_KEY}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), done.stdout


def _imported(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in roots)


def test_check_imports_no_presidio_or_spacy(tmp_path: Path) -> None:
    (tmp_path / "app.log").write_text(LOG)
    code, modules, out = _run(["check", "app.log"], tmp_path)
    assert code == 1  # the undeclared NRIC fails the gate: detection really ran
    assert "SG_NRIC_FIN" in out and "S****345E" in out
    assert "recognizers.rules" in modules and "scanner.detect.detector" in modules
    assert _imported(modules, NER_STACK) == []


def test_scan_with_the_logs_profile_imports_no_presidio_or_spacy(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.log").write_text(LOG)
    out = tmp_path / "run"
    code, modules, _ = _run(
        ["scan", "src", "--profile", "logs", "--workers", "1", "--out", str(out)], tmp_path
    )
    assert code == 0
    import pyarrow.parquet as pq

    found = set(pq.read_table(out / "findings.parquet").column("entity_type").to_pylist())
    assert {"SG_NRIC_FIN", "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "ORGANIZATION"} <= found
    assert _imported(modules, NER_STACK) == []


@pytest.mark.slow
def test_the_probe_sees_spacy_when_a_profile_needs_ner(tmp_path: Path) -> None:
    """Guards the tests above: a contracts scan (NER) does load spaCy in the same probe."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "contract.txt").write_text(
        "This Agreement is made between Tan Wei Ming and Acme Widgets Pte Ltd.\n"
    )
    out = tmp_path / "run"
    code, modules, _ = _run(
        ["scan", "src", "--profile", "contracts", "--workers", "1", "--out", str(out)], tmp_path
    )
    assert code == 0
    assert "spacy" in modules


def test_a_users_recognizer_yaml_loads_presidio(tmp_path: Path) -> None:
    """User recognizers are Presidio recognizers: with `--recognizers` Presidio is imported."""
    (tmp_path / "app.log").write_text("ticket TCK-12345 opened\n")
    (tmp_path / "recs.yaml").write_text(
        "supported_languages: [en]\n"
        "global_regex_flags: 26\n"
        "recognizers:\n"
        "  - name: TicketRecognizer\n"
        "    supported_language: en\n"
        "    supported_entity: TICKET\n"
        "    type: custom\n"
        "    patterns:\n"
        "      - name: ticket\n"
        "        regex: 'TCK-[0-9]{5}'\n"
        "        score: 0.9\n"
    )
    out = tmp_path / "run"
    code, modules, _ = _run(
        ["scan", "app.log", "--profile", "logs", "--workers", "1", "--out", str(out),
         "--recognizers", "recs.yaml"],
        tmp_path,
    )  # fmt: skip
    assert code == 0
    assert "presidio_analyzer" in modules
    import pyarrow.parquet as pq

    found = pq.read_table(out / "findings.parquet").column("entity_type").to_pylist()
    assert "TICKET" in found
