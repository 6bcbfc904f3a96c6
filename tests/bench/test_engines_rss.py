"""The bench's peak RSS is the child's own, not the bench process's carried across exec."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.engines import REPO_ROOT, own_peak_rss_mb

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux only")


def test_a_small_child_of_a_big_parent_reports_its_own_peak(tmp_path: Path):
    """The parent holds 300 MB when it starts the child: wait4's ru_maxrss says >= 300 MB for
    a child that uses ~20 MB (Linux keeps the high-water mark across exec); VmHWM does not."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from bench.engines import run_child\n"
        "held = bytearray(300 * 1024 * 1024)\n"
        "held[::4096] = b'x' * len(held[::4096])\n"
        "out = Path(sys.argv[1])\n"
        "run = run_child(['-c', 'import json, sys; from bench.engines import own_peak_rss_mb; "
        'open(sys.argv[1], "w").write(json.dumps({"peak_rss_mb": own_peak_rss_mb()}))\', '
        "str(out)], out)\n"
        "print(json.dumps(run.peak_rss_mb))\n"
    )
    out = tmp_path / "child.json"
    proc = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"},
    )
    reported = json.loads(proc.stdout)
    assert 1 < reported < 150


def test_own_peak_counts_this_process():
    peak = own_peak_rss_mb()
    assert peak is not None and peak > 10
