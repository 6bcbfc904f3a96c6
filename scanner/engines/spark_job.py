"""The ``spark-submit`` entry point: ``piimap scan --engine spark`` for a cluster's driver.

    spark-submit --master yarn --deploy-mode client \\
        --archives piimap-venv.tar.gz#venv \\
        --conf spark.pyspark.python=./venv/bin/python \\
        scanner/engines/spark_job.py s3://bucket/exports --out /data/piimap/run1 \\
        [--partitions N] [--dataset-out s3a://lake/piimap/findings] [--format csv] ...

Also runs as ``python -m scanner.engines.spark_job`` (then ``--master`` picks the cluster). It
uses the session spark-submit configured, writes the run directory on the driver (client mode
keeps it on the submitting machine) and exits with the scan's exit code (0, or 3 when some files
had errors), like ``piimap scan``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from scanner.detect.profiles import DEFAULT_PROFILES_PATH
from scanner.exit_codes import EXIT_USAGE
from scanner.inventory import FindingsFormat
from scanner.policy.model import DEFAULT_POLICY_PATH
from scanner.scan.pipeline import ScanConfig, new_run_id


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="spark_job", description="Scan sources for personal data on Apache Spark."
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="folder, file or fsspec URI")
    p.add_argument("--out", required=True, type=Path, help="run directory (on the driver)")
    p.add_argument("--master", default=None, help="Spark master when no session is active")
    p.add_argument("--partitions", type=int, default=None, help="file-list partitions")
    p.add_argument("--dataset-out", default=None, help="also append findings to this Hadoop path")
    p.add_argument("--profile", default="auto")
    p.add_argument("--policy", type=Path, default=DEFAULT_POLICY_PATH)
    p.add_argument("--profiles", type=Path, default=DEFAULT_PROFILES_PATH)
    p.add_argument("--recognizers", type=Path, default=None, help="extra recognizer YAML")
    p.add_argument("--source-kind", default=None, help="override the policy's path rules")
    p.add_argument("--include", action="append", default=[], metavar="GLOB")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    p.add_argument(
        "--format",
        action="append",
        default=[],
        choices=[f.value for f in FindingsFormat],
        help="extra findings formats (parquet is always written)",
    )
    p.add_argument("--run-id", default=None)
    p.add_argument("--reveal", action="store_true", help="also write raw values (handle with care)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        print("spark_job: --partitions must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    from scanner.engines.spark import run_scan_spark

    config = ScanConfig(
        run_id=args.run_id or new_run_id(),
        profile=args.profile,
        policy_path=args.policy,
        profiles_path=args.profiles,
        source_kind=args.source_kind,
        reveal=args.reveal,
        recognizers_yaml=args.recognizers,
    )
    outcome = run_scan_spark(
        args.sources,
        args.out,
        config,
        include=args.include,
        exclude=args.exclude,
        formats=[FindingsFormat(f) for f in args.format],
        master=args.master,
        partitions=args.partitions,
        dataset_out=args.dataset_out,
    )
    files, findings = outcome.summary["files"], outcome.summary["findings"]
    print(
        f"piimap: {files['total']} files ({files['error']} errors, {files['skipped']} skipped), "
        f"{findings['total']} findings ({findings['undeclared']} undeclared) -> {outcome.out_dir}"
    )
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
