"""Time a piimap scan on Spark, for the benchmark's "piimap on Spark" row.

The JVM and session start-up is measured apart from the scan (``startup_seconds``): on a
cluster the session is started once for many scans, so ``seconds`` and ``mb_per_s`` cover the
scan itself (listing, executors, collecting and writing the run directory).

    python -m bench.spark_bench CORPUS_DIR [--master local[2]] [--profile logs]
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import click

MB = 1_000_000  # the benchmark table's MB (bench/run.py)


def time_spark_scan(
    corpus_dir: Path | str,
    out_dir: Path | str | None = None,
    *,
    master: str = "local[2]",
    profile: str = "auto",
    partitions: int | None = None,
) -> dict[str, Any]:
    """Scan ``corpus_dir`` once on Spark; returns mb_per_s, seconds, files and run facts."""
    from scanner.engines.spark import run_scan_spark, spark_session
    from scanner.scan.pipeline import ScanConfig, new_run_id

    with tempfile.TemporaryDirectory(prefix="piimap-spark-bench-") as tmp:
        out = Path(out_dir) if out_dir is not None else Path(tmp) / "run"
        t0 = time.perf_counter()
        with spark_session(master, app_name="piimap bench") as spark:
            spark.range(1).count()  # the first job starts the executors' Python workers
            startup = time.perf_counter() - t0
            effective_master = spark.sparkContext.master
            cores = spark.sparkContext.defaultParallelism
            start = time.perf_counter()
            outcome = run_scan_spark(
                [str(corpus_dir)],
                out,
                ScanConfig(run_id=new_run_id(), profile=profile),
                partitions=partitions,
            )
            seconds = time.perf_counter() - start
    summary = outcome.summary
    scanned = summary["bytes_scanned"]
    return {
        "mb_per_s": scanned / MB / seconds if seconds else None,
        "seconds": seconds,
        "files": summary["files"]["total"],
        "bytes_scanned": scanned,
        "findings": summary["findings"]["total"],
        "startup_seconds": startup,
        "workers": f"{effective_master} ({cores} cores)",
        "exit_code": outcome.exit_code,
    }


@click.command()
@click.argument("corpus_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--master", default="local[2]", show_default=True)
@click.option("--profile", default="auto", show_default=True)
@click.option("--partitions", type=int, default=None)
def main(corpus_dir: Path, master: str, profile: str, partitions: int | None) -> None:
    result = time_spark_scan(corpus_dir, master=master, profile=profile, partitions=partitions)
    click.echo(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
