"""Report tests read run folders built by tests/fixtures/rundir.py, classified by its policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scanner.policy.model import Policy
from tests.fixtures.rundir import POLICY, sample_files, sample_findings, write_run_dir


@pytest.fixture
def policy() -> Policy:
    return POLICY


@pytest.fixture
def make_run_dir() -> Callable[..., Path]:
    """``make_run_dir(tmp_path, findings=[...], files=[...], name="run-a", summary=None)``."""

    def make(tmp_path: Path, findings: list[dict], files: list[dict], *, name: str = "run-a",
             summary: dict | None = None, **kwargs: Any) -> Path:  # fmt: skip
        return write_run_dir(tmp_path / name, findings, files, summary, run_id=name, **kwargs)

    return make


@pytest.fixture
def sample_run(tmp_path: Path, make_run_dir: Callable[..., Path]) -> Path:
    return make_run_dir(tmp_path, findings=sample_findings(), files=sample_files())
