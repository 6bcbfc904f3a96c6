"""Scale rows for ``make bench`` (issue 14 item 5), called from ``bench/run.py``.

- a big generated log (``BENCH_BIG_LOG_MB``, default 2000 MB; set e.g. 50 for a quick run),
  built by repeating the bench corpus's logs, scanned with one worker: MB/s and peak RSS;
- ``BENCH_SMALL_FILES`` (default 10,000) small log files: first scan vs ``--incremental``
  re-scan with nothing changed;
- contracts: ``BENCH_CONTRACTS`` (default 60) generated agreements as a templated set and as a
  set with no repeated line, each timed against vanilla Presidio on the same text with its own
  labels for PERSON/ORGANIZATION F1 (``bench.contracts_bench``);
- Spark ``local[1]`` next to the ``local[N]`` row ``bench/run.py`` already has.

Every scan runs the real ``piimap`` CLI in a child process; peak RSS is the child's own
(``os.wait4``). Nothing here is a test: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.engines import speed_row as _row

MB = 1_000_000


def piimap_cli(
    args: list[str], env: dict[str, str] | None = None
) -> tuple[int, float, float, float]:
    """Run ``piimap ARGS``; (exit code, wall seconds, peak RSS MB, CPU seconds of the child).

    CPU seconds (user + system) are the child's and its worker processes' (``wait4`` counts the
    descendants it waited for): on a shared machine they hold up where wall time also measures
    the neighbours."""
    piimap = str(Path(sys.executable).with_name("piimap"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [piimap, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    return (
        os.waitstatus_to_exitcode(status),
        time.perf_counter() - start,
        usage.ru_maxrss / 1024,
        usage.ru_utime + usage.ru_stime,
    )


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment for timed ``piimap`` runs: bytecode cached in ``cache``.

    An installed piimap (a wheel) ships its bytecode; the editable install of a checkout has
    none, and with ``PYTHONDONTWRITEBYTECODE`` set (as in this project's environment) every
    process compiles piimap's sources again: a fixed ~0.3-1 s that is no part of a scan, and most
    of an unchanged ``--incremental`` re-scan. ``PYTHONPYCACHEPREFIX`` keeps the cache out of the
    source tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _engine_scan(source: Path, profile: str, out: Path, tag: str) -> tuple[float, float, int]:
    """``bench.engines``' piimap run (scan seconds after the one-time set-up, peak RSS MB,
    findings)."""
    import json

    from bench.engines import run_child

    spec = {
        "source": str(source),
        "profile": profile,
        "workers": 1,
        "predictions": str(out / f"{tag}.predictions.jsonl"),
    }
    run = run_child(
        ["-m", "bench.engines", "piimap", json.dumps(spec), str(out / f"{tag}.json")],
        out / f"{tag}.json",
        timeout=6 * 3600,
    )
    if run.returncode != 0 or not run.result:
        raise RuntimeError(f"piimap {tag} failed ({run.returncode}): {run.stderr_tail[-300:]}")
    return run.result["scan_seconds"], run.peak_rss_mb, run.result["findings"]


def _log_text(corpus: Path) -> bytes:
    parts = []
    for path in sorted((corpus / "logs").rglob("*")):
        if path.is_file() and path.suffix in (".log", ".gz"):
            raw = path.read_bytes()
            parts.append(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts)


def make_big_log(corpus: Path, target: Path, megabytes: int) -> int:
    """Write ``megabytes`` MB of the corpus's log lines (repeated) to ``target``; its size."""
    block = _log_text(corpus)
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(target, "wb") as out:
        while written < megabytes * MB:
            out.write(block)
            written += len(block)
    return written


def make_small_files(corpus: Path, folder: Path, count: int) -> int:
    """``count`` small log files of a few lines each; total bytes."""
    lines = _log_text(corpus).splitlines(keepends=True)
    if folder.exists():
        shutil.rmtree(folder)
    total = 0
    for i in range(count):
        sub = folder / f"d{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = b"".join(lines[(i * 5 + k) % len(lines)] for k in range(5))
        (sub / f"f{i:05d}.log").write_bytes(data)
        total += len(data)
    return total


def scale_rows(
    corpus: Path, out: Path, *, workers: int, spark: bool = True
) -> tuple[list[dict[str, Any]], list[str]]:
    """The scale rows and notes; each step's failure becomes a note, not an abort."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    work = out / "scale"
    work.mkdir(parents=True, exist_ok=True)

    big_mb = int(os.environ.get("BENCH_BIG_LOG_MB", "2000"))
    if big_mb > 0:
        big = work / "big" / "big.log"
        size = make_big_log(corpus, big, big_mb)
        seconds, rss, found = _engine_scan(big.parent, "logs", work, "big-log")
        rows.append(
            _row(
                "piimap",
                "logs",
                f"one {size / MB:,.0f} MB log",
                1,
                size,
                seconds,
                rss,
                findings=found,
            )
        )
        notes.append(
            f"Big log: peak RSS {rss:,.0f} MB (target < 500 MB); BENCH_BIG_LOG_MB={big_mb}."
        )
        big.unlink(missing_ok=True)

    count = int(os.environ.get("BENCH_SMALL_FILES", "10000"))
    if count > 0:
        env = bytecode_env(work / "pycache")

        def small_scans(folder: Path, runs: Path) -> Iterator[tuple[str, list[str], Any]]:
            shutil.rmtree(runs, ignore_errors=True)
            for name, extra in (("first", []), ("rescan", ["--incremental"])):
                yield (
                    name,
                    extra,
                    piimap_cli(
                        ["scan", str(folder), "--out", str(runs / name), "--profile", "logs", "-q"]
                        + ["--workers", str(workers), *extra],
                        env,
                    ),
                )

        # Untimed warm-up of both paths on a few files: every module either run imports is
        # byte-compiled once, so neither timed run compiles piimap's own sources.
        make_small_files(corpus, work / "small-warmup", 20)
        for _ in small_scans(work / "small-warmup", work / "small-warmup-runs"):
            pass
        folder = work / "small"
        size = make_small_files(corpus, folder, count)
        timings, cpu_times = {}, {}
        for name, extra, result in small_scans(folder, work / "small-runs"):
            code, seconds, rss, cpu = result
            timings[name] = seconds
            cpu_times[name] = cpu
            rows.append(
                _row(
                    f"piimap{' --incremental' if extra else ''}",
                    "logs",
                    f"{count:,} small files ({name})",
                    workers,
                    size,
                    seconds,
                    rss,
                    exit_code=code,
                    cpu_seconds=cpu,
                )
            )
        notes.append(
            f"{count:,} small files: --incremental re-scan "
            f"{timings['first'] / timings['rescan']:.1f}x faster than the first scan "
            f"({cpu_times['first'] / cpu_times['rescan']:.1f}x in CPU seconds; target >= 20x)."
        )

    contracts = int(os.environ.get("BENCH_CONTRACTS", "60"))
    if contracts > 0:
        from bench.contracts_bench import contract_rows

        more_rows, more_notes = contract_rows(work, contracts)
        rows += more_rows
        notes += more_notes

    if spark:
        try:
            from bench.spark_bench import time_spark_scan

            result = time_spark_scan(
                corpus / "logs", work / "spark1", profile="logs", master="local[1]"
            )
            text = sum(len(p) for p in [_log_text(corpus)])
            rows.append(
                _row(
                    "piimap on Spark",
                    "logs",
                    "logs",
                    "local[1]",
                    text,
                    result["seconds"],
                    None,
                    setup_seconds=result.get("startup_seconds"),
                )
            )
        except Exception as exc:  # noqa: BLE001 - a failed row is a note
            notes.append(f"Spark local[1]: {type(exc).__name__}: {exc}"[:300])
    return rows, notes


def candidate_engines(corpus: Path) -> dict[str, float]:
    """MB/s of the candidate scan on the bench logs: Hyperscan (what the detector uses) and
    RE2 as one alternation (finds only leftmost non-overlapping matches)."""
    import hyperscan
    import re2

    from recognizers import default_recognizers
    from scanner.detect.candidates import _collect, declared_candidates

    patterns = [p for r in default_recognizers() for p in (declared_candidates(r) or ())]
    text = _log_text(corpus).decode("utf-8", "replace")
    data = text.encode("ascii", "replace")
    db = hyperscan.Database()
    db.compile(
        expressions=[p.encode() for p in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=hyperscan.HS_FLAG_CASELESS,
    )
    hits: list = []
    start = time.perf_counter()
    db.scan(data, match_event_handler=_collect, context=hits)
    hs = len(data) / MB / (time.perf_counter() - start)
    alternation = re2.compile("(?i)" + "|".join(f"({p})" for p in patterns))
    start = time.perf_counter()
    sum(1 for _ in alternation.finditer(text))
    rre2 = len(data) / MB / (time.perf_counter() - start)
    return {"hyperscan_mb_per_s": hs, "re2_alternation_mb_per_s": rre2}
