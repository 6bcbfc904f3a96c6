"""Start-up rows for `make bench`: whole-process wall time of the commands people run most.

`piimap --help`, `--version` and `policy show` must stay light (no Presidio/spaCy import; see
tests/packaging/test_startup.py for the import check); `check` of one small log is what the
pre-commit hook pays on every commit. Timed here, never in a test: the machine is shared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SMALL_LOG = (
    "2024-03-01T10:00:00Z INFO login ok user=tan.wm@example.com ip=10.1.2.3\n"
    "2024-03-01T10:00:01Z WARN kyc retry nric=S8412345E\n"
) * 20

COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("piimap --help", ("--help",)),
    ("piimap --version", ("--version",)),
    ("piimap policy show", ("policy", "show")),
    ("piimap check app.log (2 KB)", ("check", "app.log")),
)
TARGETS = {"piimap check app.log (2 KB)": 2.0}  # seconds; the light commands: 0.3


def _piimap() -> list[str]:
    script = Path(sys.executable).with_name("piimap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scanner.cli.main"]


def measure(repeats: int = 5) -> list[dict[str, Any]]:
    """Median and best wall seconds of each command over ``repeats`` fresh processes."""
    rows = []
    env = {**os.environ, "PIIMAP_HASH_KEY": os.environ.get("PIIMAP_HASH_KEY", "bench-key" * 4)}
    with tempfile.TemporaryDirectory(prefix="piimap-startup-") as tmp:
        Path(tmp, "app.log").write_text(SMALL_LOG, encoding="utf-8")
        for label, args in COMMANDS:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                subprocess.run(
                    [*_piimap(), *args], cwd=tmp, env=env, capture_output=True, check=False
                )
                times.append(time.perf_counter() - start)
            rows.append({
                "command": label,
                "median_seconds": statistics.median(times),
                "best_seconds": min(times),
                "target_seconds": TARGETS.get(label, 0.3),
                "repeats": repeats,
            })  # fmt: skip
    return rows


def markdown(rows: list[dict[str, Any]] | None) -> list[str]:
    """The start-up table as markdown lines (empty when not measured)."""
    if not rows:
        return []
    lines = ["", "| start-up (whole process) | median s | best s | target s |",
             "|---|---:|---:|---:|"]  # fmt: skip
    for row in rows:
        lines.append(
            f"| {row['command']} | {row['median_seconds']:.2f} | {row['best_seconds']:.2f} | "
            f"< {row['target_seconds']:g} |"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
