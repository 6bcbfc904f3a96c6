"""Under CI=true the property tests are reproducible: derandomized, no example database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import runpy
runpy.run_path("tests/conftest.py")
from hypothesis import settings
print(settings.default.derandomize, settings.default.database)
"""


def _probe(ci: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_ci_runs_hypothesis_derandomized_without_a_database() -> None:
    assert _probe("true") == "True None"


def test_local_runs_keep_random_search() -> None:
    derandomize, database = _probe(None).split(" ", 1)
    assert derandomize == "False"
    assert database != "None"
