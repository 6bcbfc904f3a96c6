"""Start-up rows for `make bench`: whole-process wall time of the commands people run most.

`piimap --help`, `--version` and `policy show` must stay light (no Presidio/spaCy import; see
tests/packaging/test_startup.py for the import check); `check` of one small log is what the
pre-commit hook pays on every commit. Timed here, never in a test: the machine is shared.

Honest conditions: each command runs once untimed first, with bytecode writing allowed (the
developers' shells set PYTHONDONTWRITEBYTECODE, which makes every import compile its source:
~1.5 s more for `check`, a cost no pip-installed user pays, since pip compiles at install).
Beside wall time the table gives the child's CPU seconds (user + system), which other work on
a shared machine inflates far less than wall time.
"""

from __future__ import annotations

import os
import resource
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
    ("piimap scan app.log --profile logs (2 KB)", ("scan", "app.log", "--profile", "logs",
                                                   "--workers", "1", "--out", "run", "--force")),
)  # fmt: skip
# Seconds; the light commands: 0.3.
TARGETS = {"piimap check app.log (2 KB)": 2.0, "piimap scan app.log --profile logs (2 KB)": 2.0}


def _piimap() -> list[str]:
    script = Path(sys.executable).with_name("piimap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scanner.cli.main"]


def measure(repeats: int = 5) -> list[dict[str, Any]]:
    """Median and best wall seconds, and best CPU seconds, of each command over ``repeats``
    fresh processes (after one untimed run that caches bytecode)."""
    rows = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PIIMAP_HASH_KEY"] = os.environ.get("PIIMAP_HASH_KEY", "bench-key" * 4)
    with tempfile.TemporaryDirectory(prefix="piimap-startup-") as tmp:
        Path(tmp, "app.log").write_text(SMALL_LOG, encoding="utf-8")
        for label, args in COMMANDS:
            times, cpu = [], []
            for run in range(repeats + 1):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(
                    [*_piimap(), *args], cwd=tmp, env=env, capture_output=True, check=False
                )
                wall = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if run:  # the first run only caches bytecode
                    times.append(wall)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            rows.append({
                "command": label,
                "median_seconds": statistics.median(times),
                "best_seconds": min(times),
                "best_cpu_seconds": min(cpu),
                "target_seconds": TARGETS.get(label, 0.3),
                "repeats": repeats,
            })  # fmt: skip
    return rows


def markdown(rows: list[dict[str, Any]] | None) -> list[str]:
    """The start-up table as markdown lines (empty when not measured)."""
    if not rows:
        return []
    lines = ["", "| start-up (whole process, bytecode cached) | median s | best s | best CPU s "
             "| target s |", "|---|---:|---:|---:|---:|"]  # fmt: skip
    for row in rows:
        cpu = row.get("best_cpu_seconds")
        lines.append(
            f"| {row['command']} | {row['median_seconds']:.2f} | {row['best_seconds']:.2f} | "
            f"{'' if cpu is None else f'{cpu:.2f}'} | < {row['target_seconds']:g} |"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(markdown(measure())))
