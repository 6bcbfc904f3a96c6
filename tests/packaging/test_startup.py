"""Fast start (issue 12): the commands people run on every commit or in every CI job import no
Presidio/spaCy/pyarrow; `check` with the logs profile never loads the spaCy model. Checked by
which modules a fresh process imported, not by timing (times are `make bench` rows)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HASH_KEY = "5be1c07a9d3f42e8a61b0c7d94e2f38a"  # hex, random-looking: weak keys are refused
HEAVY = (
    "presidio_analyzer",
    "spacy",
    "pyarrow",
    "pandas",
    "scanner.scan.pipeline",
    "scanner.detect.detector",
    "fsspec",  # object stores only: a local scan or a light command never needs it
    "phonenumbers",  # detection and value normalisation only (~0.1 s to import)
)

PROBE = """
import json, sys
from scanner.cli.main import main
try:
    main(sys.argv[1:], prog_name="piimap")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules_after(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PIIMAP_HASH_KEY": HASH_KEY}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    last = done.stderr.strip().splitlines()[-1]
    report = json.loads(last)
    return report["code"], set(report["modules"])


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["policy", "show"], ["policy", "lint"]]
)
def test_light_commands_import_no_detection_stack(args: list[str], tmp_path: Path) -> None:
    code, modules = _modules_after(args, tmp_path)
    assert code == 0
    assert not [m for m in HEAVY if m in modules]


def test_the_probe_sees_heavy_imports_when_a_scan_runs(tmp_path: Path) -> None:
    """Guards the test above: the same probe does see the stack once detection runs."""
    (tmp_path / "app.log").write_text("kyc nric=S8412345E ip=10.1.2.3\n")
    code, modules = _modules_after(["check", "app.log"], tmp_path)
    assert code == 1
    assert {"scanner.detect.detector", "scanner.scan.pipeline", "phonenumbers"} <= modules
    # The logs profile (check's default, the pre-commit hook) never loads the spaCy model.
    assert not [m for m in modules if m.startswith("en_core_web")]


def test_the_cli_names_every_findings_format() -> None:
    from scanner.inventory import FindingsFormat
    from scanner.scan.options import FINDINGS_FORMATS

    assert set(FINDINGS_FORMATS) == {f.value for f in FindingsFormat}


def test_a_profile_whose_model_is_missing_is_named_before_scanning() -> None:
    from scanner.detect.profiles import (
        DEFAULT_PROFILES_PATH,
        Profile,
        load_profiles,
        missing_models,
    )

    shipped = load_profiles(DEFAULT_PROFILES_PATH)
    assert missing_models("logs", shipped) == []
    assert missing_models("contracts", shipped) == []  # the test extra installs the model
    profiles = {
        "nerless": Profile("nerless"),
        "ner": Profile("ner", ner=True, nlp_model="piimap_no_such_model_pkg"),
        "auto": Profile("auto", auto={"prose": "ner", "default": "nerless"}),
    }
    assert missing_models("nerless", profiles) == []
    assert missing_models("ner", profiles) == ["piimap_no_such_model_pkg"]
    assert missing_models("auto", profiles) == ["piimap_no_such_model_pkg"]
