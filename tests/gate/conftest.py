"""Fixtures for the CI gate tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.fixtures.cli import piimap as invoke_piimap

# Real values with valid checksums; none of them may appear in any output.
RAW_VALUES = (
    "S8412345E",
    "M2424771J",
    "4111 1111 1111 1111",
    "4111111111111111",
    "+65 9123 4567",
    "91234567",
)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A working directory of its own, so reported paths are short and stable (`logs/app.log`)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def piimap() -> Callable[..., Result]:
    """Run `piimap ARGS...` in-process; unexpected exceptions propagate."""
    return invoke_piimap


@pytest.fixture
def check() -> Callable[..., Result]:
    """Run `piimap check ARGS...` in-process."""
    return lambda *args, **kw: invoke_piimap("check", *args, **kw)


@pytest.fixture
def check_json() -> Callable[..., tuple[int, dict]]:
    """Run `piimap check ARGS... --format json`; returns (exit code, report)."""

    def run(*args: str, **kw) -> tuple[int, dict]:
        result = invoke_piimap("check", *args, "--format", "json", **kw)
        return result.exit_code, json.loads(result.stdout)

    return run


@pytest.fixture
def no_raw_values() -> Callable[[str], None]:
    def assert_clean(text: str) -> None:
        for value in RAW_VALUES:
            assert value not in text, f"raw value {value!r} leaked into the output"

    return assert_clean


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def put() -> Callable[[Path, str], Path]:
    """Write a UTF-8 text file, creating folders."""
    return write
