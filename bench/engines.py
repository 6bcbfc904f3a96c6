"""Run one engine in a child process and measure it: wall time, peak RSS, predictions.

Every engine runs in its own ``python -m bench.engines`` process, so its peak resident memory
(the child's own ``VmHWM`` and that of the worker processes it waited for, see
``own_peak_rss_mb``) is its own and a model loaded by one engine never warms up another. The
child writes its predictions as JSON lines (path, entity type, span, masked value; never a raw
value) and a JSON result file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class EngineRun:
    result: dict[str, Any]  # what the child reported (timings, counts)
    wall_seconds: float  # the whole child, start-up and model load included
    peak_rss_mb: float  # largest resident set of the child or any of its workers
    returncode: int
    stderr_tail: str


def run_child(args: list[str], result_path: Path, *, timeout: float = 1800) -> EngineRun:
    """Start ``python <args>`` and wait for it with ``os.wait4`` to read its own rusage."""
    result_path.parent.mkdir(parents=True, exist_ok=True)
    result_path.unlink(missing_ok=True)
    err_path = result_path.with_suffix(".stderr")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    start = time.perf_counter()
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, *args], cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = json.loads(result_path.read_text("utf-8")) if result_path.exists() else {}
    tail = err_path.read_text("utf-8", errors="replace")[-2000:]
    # The child's own measure when it gave one (see own_peak_rss_mb); wait4's is an upper bound.
    peak = result.get("peak_rss_mb") or usage.ru_maxrss / 1024
    return EngineRun(result, wall, peak, proc.returncode, tail)


def run_piimap(
    source: Path, predictions: Path, result_path: Path, *, profile: str, workers: int
) -> EngineRun:
    """piimap on ``source`` in a child (``python -m bench.engines piimap``); its findings go to
    ``predictions`` (JSON lines), its timings to ``result_path``."""
    spec = {
        "source": str(source),
        "profile": profile,
        "workers": workers,
        "predictions": str(predictions),
    }
    args = ["-m", "bench.engines", "piimap", json.dumps(spec), str(result_path)]
    return run_child(args, result_path)


def _piimap(spec: dict[str, Any]) -> dict[str, Any]:
    """Scan ``spec["source"]`` with one profile; time the scan after the one-time set-up."""
    from scanner.model import FindingColumns
    from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, new_run_id, scan_files

    t0 = time.perf_counter()
    config = ScanConfig(
        run_id=new_run_id(), profile=spec["profile"], source_kind=spec.get("source_kind")
    )
    context = ScanContext(config)
    # Loads what detection builds lazily on first use (spaCy, the log-name recognizer's
    # first-name dictionary: about a second), so the timed scan excludes it.
    context.warm_up()
    setup = time.perf_counter() - t0
    statuses: dict[str, int] = {}
    findings = 0
    t1 = time.perf_counter()
    with open(spec["predictions"], "w", encoding="utf-8") as out:
        for result in scan_files(
            list_sources([spec["source"]]), config, workers=int(spec["workers"]), context=context
        ):
            statuses[result.record.status] = statuses.get(result.record.status, 0) + 1
            findings += len(result.findings)
            # Read as columns (what a worker returns), not as one Finding object per row.
            names = ("path", "entity_type", "start", "end", "masked_value")
            found = result.findings
            rows = (
                zip(*(found.column(n) for n in names), strict=True)
                if isinstance(found, FindingColumns)
                else ((f.path, f.entity_type, f.start, f.end, f.masked_value) for f in found)
            )
            out.write(
                "".join(json.dumps(dict(zip(names, row, strict=True))) + "\n" for row in rows)
            )
    return {
        "setup_seconds": setup,
        "scan_seconds": time.perf_counter() - t1,
        "statuses": statuses,
        "findings": findings,
    }


def main(argv: list[str]) -> int:
    kind, spec_json, result_path = argv
    spec = json.loads(spec_json)
    if kind == "piimap":
        result = _piimap(spec)
    elif kind == "presidio":
        from bench.presidio_baseline import run_presidio

        result = run_presidio(
            Path(spec["subset"]),
            Path(spec["predictions"]),
            chunk_chars=int(spec.get("chunk_chars", 32_000)),
        )
    else:
        raise SystemExit(f"unknown engine {kind!r}")
    result["peak_rss_mb"] = own_peak_rss_mb()
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


def own_peak_rss_mb() -> float | None:
    """This process's peak resident memory since its ``exec`` (``VmHWM``), or that of a worker
    it waited for, whichever is larger; None off Linux.

    ``wait4``'s ``ru_maxrss`` cannot say it: Linux keeps the high-water mark across ``exec``,
    so a child spawned by a bench process holding 450 MB reports at least 450 MB however
    little it uses (every row after the bench had grown read 446 MB)."""
    import resource

    try:
        status = Path("/proc/self/status").read_text("ascii")
    except OSError:
        return None
    own = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    if own is None:
        return None
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, forked after exec
    return max(int(own), workers) / 1024


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


def speed_row(
    engine: str,
    profile: str,
    data: str,
    workers: int | str,
    text_bytes: int,
    seconds: float,
    peak_rss_mb: float | None,
    **extra: Any,
) -> dict[str, Any]:
    """One row of the speed table: text volume in MB (10^6 bytes), throughput, peak memory."""
    return {
        "engine": engine,
        "profile": profile,
        "data": data,
        "workers": workers,
        "text_mb": text_bytes / 1_000_000,
        "seconds": seconds,
        "mb_per_s": text_bytes / 1_000_000 / seconds if seconds else None,
        "peak_rss_mb": peak_rss_mb,
        **extra,
    }
