"""The ripgrep row's ASCII word boundaries find what Unicode ones find in ASCII text, faster."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bench.rg_baseline import PATTERNS, rg_path, rg_pattern, run_rg

SAMPLE = (
    "2024-05-01 10:00:01 login user=S1234567D from 10.0.0.12 phone +65 9123 4567\n"
    "uen 201912345K mail tan.wei@example.com.sg mac 00:1a:2b:3c:4d:5e imei 490154203237518\n"
    "card 4111 1111 1111 1111 v6 fe80::1ff:fe23:4567:890a tel 6123-4567 S7654321Ax\n"
)


def test_rg_pattern_makes_every_word_boundary_ascii():
    for pattern in PATTERNS.values():
        given = rg_pattern(pattern)
        assert r"(?-u:\b)" in given or r"\b" not in pattern
        assert re.sub(r"\(\?-u:\\b\)", "", given).count(r"\b") == 0


@pytest.mark.skipif(rg_path() is None, reason="ripgrep is not installed")
def test_ascii_boundaries_count_what_unicode_ones_count(tmp_path: Path):
    (tmp_path / "app.log").write_text(SAMPLE * 50, encoding="utf-8")
    run = run_rg(tmp_path)
    assert run is not None
    unicode_args = [str(rg_path()), "--count-matches", "--no-filename", "--no-ignore"]
    for pattern in PATTERNS.values():
        unicode_args += ["-e", pattern]
    proc = subprocess.run(
        [*unicode_args, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert run.matches == int(proc.stdout.strip()) > 0
