"""The ``spark-submit`` entry point: ``piimap scan --engine spark`` for a cluster's driver.

    spark-submit --master yarn --deploy-mode client \\
        --archives piimap-venv.tar.gz#venv \\
        --conf spark.pyspark.python=./venv/bin/python \\
        scanner/engines/spark_job.py s3://bucket/exports --out /data/piimap/run1 \\
        [--partitions N] [--dataset-out s3a://lake/piimap/findings] [--format csv] ...

Also runs as ``python -m scanner.engines.spark_job`` (then ``--master`` picks the cluster). It
uses the session spark-submit configured, writes the run directory on the driver (client mode
keeps it on the submitting machine) and exits with the scan's exit code (0, or 3 when some files
had errors; 2 for a usage error), like ``piimap scan``. Its options are ``piimap scan``'s own
(one definition, ``scanner.scan.options``) plus the Spark ones above and ``--run-id``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from scanner.scan.options import REPORT_FORMATS, ConfigError, ScanOptions, scan_options


@click.command(
    name="spark_job", help="Scan sources for personal data on Apache Spark (`piimap scan` options)."
)
@click.argument("sources", nargs=-1, required=True)
@scan_options
@click.option("--master", default=None, help="Spark master when no session is active.")
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="Tasks the file list is split into.",
)
@click.option("--dataset-out", default=None, help="Also append findings to this Hadoop path.")
@click.option("--run-id", default=None, help="Run id (default: a new one, as `piimap scan`).")
def spark_job(
    sources: tuple[str, ...],
    options: ScanOptions,
    master: str | None,
    partitions: int | None,
    dataset_out: str | None,
    run_id: str | None,
) -> None:
    from scanner.engines.spark import SparkEngineError, run_scan_spark
    from scanner.inventory import FindingsFormat
    from scanner.scan.pipeline import new_run_id

    out_dir = options.out_dir
    if out_dir is None:
        raise ConfigError("--out is required: the run directory on the driver")
    config = options.checked_config(run_id or new_run_id())
    try:
        outcome = run_scan_spark(
            sources,
            out_dir,
            config,
            include=options.include,
            exclude=options.exclude,
            formats=[FindingsFormat(f) for f in options.formats if f not in REPORT_FORMATS],
            storage_options=options.storage_options() or None,
            master=master,
            partitions=partitions,
            dataset_out=dataset_out,
        )
    except SparkEngineError as exc:
        raise ConfigError(str(exc)) from exc
    if "html" in options.formats:
        from scanner.report import write_datamap, write_report

        write_report(out_dir)
        write_datamap(out_dir)
    files, findings = outcome.summary["files"], outcome.summary["findings"]
    click.echo(
        f"piimap: {files['total']} files ({files['error']} errors, {files['skipped']} skipped), "
        f"{findings['total']} findings ({findings['undeclared']} undeclared) -> {outcome.out_dir}"
    )
    sys.exit(outcome.exit_code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job with ``argv`` (default: the command line); return its exit code."""
    try:
        spark_job.main(args=list(argv) if argv is not None else None, prog_name="spark_job")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
