"""Helpers for the fault tests: a small PII corpus, the piimap executable, inventory comparison."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.identifiers import make_nric

PIIMAP = str(Path(sys.executable).with_name("piimap"))
HASH_KEY = "ca234701f249fe3af3423006ec9d3ba991e85de9773f9c75"


def make_corpus(root: Path, files: int, lines: int = 400, seed: int = 7) -> list[Path]:
    """``files`` log files, each with ``lines`` lines, a few of them carrying identifiers."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(files):
        path = root / f"svc{i // 10}" / f"app-{i:03d}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        out = []
        for n in range(lines):
            if n % 25 == 0:
                out.append(
                    f"2026-01-02T10:{n % 60:02d}:00 INFO login user=u{i}-{n}@example.com "
                    f"nric={make_nric(rng, 'S')} ip=10.0.{i % 250}.{n % 250}"
                )
            else:
                took = rng.randint(1, 900)
                out.append(f"2026-01-02T10:{n % 60:02d}:00 DEBUG request {n} took {took}ms")
        path.write_text("\n".join(out) + "\n")
        written.append(path)
    return written


def inventory(run_dir: Path) -> tuple[pa.Table, pa.Table]:
    """(findings without run_id, files without carried_forward) of a run directory: the rows an
    incremental run must share with a full scan (carried_forward says how each row was made)."""
    findings = pq.read_table(run_dir / "findings.parquet")
    files = pq.read_table(run_dir / "files.parquet")
    return findings.drop(["run_id"]), files.drop(["carried_forward"])


def run_ids(run_dir: Path) -> set[str]:
    return set(pq.read_table(run_dir / "findings.parquet")["run_id"].to_pylist())
