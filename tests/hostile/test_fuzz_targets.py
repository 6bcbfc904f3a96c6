"""The recognizer fuzz target runs its check on seed inputs (``make fuzz`` runs it for real).

atheris is only installed by ``make fuzz``; without it the target's module is imported with
``instrument_imports`` as a no-op, and its check runs exactly as libFuzzer would call it.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from pathlib import Path

import pytest

FUZZ_DIR = Path(__file__).resolve().parents[1] / "fuzz"


@pytest.fixture(scope="module")
def target():
    if importlib.util.find_spec("atheris") is None:
        shim = types.ModuleType("atheris")
        shim.instrument_imports = contextlib.nullcontext  # type: ignore[attr-defined]
        sys.modules["atheris"] = shim
    sys.path.insert(0, str(FUZZ_DIR))
    try:
        yield importlib.import_module("fuzz_recognizers")
    finally:
        sys.path.remove(str(FUZZ_DIR))


@pytest.mark.parametrize(
    "seed", [b"\xffLtd ", b"\xffPte. Ltd. ", b"\x80+65 ", b"\x80S1234567D ", b"\x10a@b.", b"\x01x"]
)
def test_recognizer_target_accepts_adversarial_seeds(target, seed):
    text = target.amplified(seed)
    assert len(text) >= len(seed) - 1
    target.test_one_input(seed)


def test_amplification_reaches_long_runs(target):
    assert len(target.amplified(b"\xffLtd ")) > 100_000
