"""`piimap scan`: parse options, wire the pipeline (local or Spark), print the summary, and map
the outcome to an exit code. The pipeline itself is ``scanner.scan.pipeline``; the options it
shares with the Spark job are ``scanner.scan.options``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scanner.cli.common import prepare_hash_key
from scanner.exit_codes import EXIT_INTERRUPTED, EXIT_USAGE
from scanner.scan.options import (
    FINDINGS_FORMATS,
    REPORT_FORMATS,
    ConfigError,
    ScanOptions,
    refuse_reveal_in_ci,
    scan_options,
)
from scanner.scan.options import check_profile_and_policy as _check_profile_and_policy

# Only light modules at the top (`piimap --help` imports this module); scan-only modules are
# imported inside the command.
if TYPE_CHECKING:
    from scanner.cli.settings import Settings
    from scanner.inventory import FindingsFormat
    from scanner.scan.pipeline import ScanConfig, ScanOutcome


@click.command("scan")
@click.argument("sources", nargs=-1, required=False)
@scan_options
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: number of CPUs).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--resume",
    "resume_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Continue an interrupted run in RUN_DIR with its original settings (give no SOURCES): "
    "files already journaled in RUN_DIR/.state are not scanned again.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Scan only what changed since the last finished run of the same SOURCES in the --out "
    "parent folder (or --baseline-run): unchanged files (same size, mtime, ETag) are not read, "
    "their findings are carried forward.",
)
@click.option(
    "--baseline-run",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The earlier run directory --incremental compares with (implies --incremental).",
)
@click.option(
    "--verify-hash",
    is_flag=True,
    help="With --incremental: also confirm unchanged files by sha256 (reads every file).",
)
@click.option(
    "--force",
    is_flag=True,
    help="--out names an earlier run: delete that whole run folder and scan again.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when the sources list no file at all (default: a warning and exit 2).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; spark: the same scan as an Apache Spark job "
    "(needs `pip install 'piimap[spark]'` and Java 17+).",
)
@click.option("--spark-master", default=None, help="Spark master URL (default: local[*]).")
@click.option(
    "--spark-partitions", type=int, default=None, help="Tasks the file list is split into."
)
@click.option(
    "--spark-dataset-out",
    default=None,
    help="Also append findings as a Parquet dataset (partitioned by source_kind, entity_type) "
    "at this Hadoop path.",
)
def scan(
    sources: tuple[str, ...],
    options: ScanOptions,
    workers: int | None,
    quiet: bool,
    resume_dir: Path | None,
    incremental: bool,
    baseline_run: Path | None,
    verify_hash: bool,
    force: bool,
    allow_empty: bool,
    engine: str,
    spark_master: str | None,
    spark_partitions: int | None,
    spark_dataset_out: str | None,
) -> None:
    """Scan files, folders or object-store URIs (s3://bucket/prefix) into an inventory.

    Writes findings.parquet, files.parquet and summary.json to the run directory. Values are
    stored only as masked text and keyed hashes (HMAC-SHA256, key from PIIMAP_HASH_KEY or
    ~/.config/piimap/hash.key).

    Every completed file is journaled in RUN_DIR/.state/state.sqlite, so a killed run goes on
    with `piimap scan --resume RUN_DIR`, and `--incremental` re-scans only changed files.

    Exit codes: 0 every file scanned, 3 some files errored or were read only in part (status
    `error` / `partial` in files.parquet), 2 usage or configuration error (a missing path, no
    file listed without --allow-empty), 130 interrupted (continue with --resume).
    """
    from scanner.inventory import FindingsFormat
    from scanner.inventory.run_folder import RunFolderError, prepare_out_folder
    from scanner.scan.journal import StateError
    from scanner.scan.pipeline import config_from_request, new_run_id, run_scan
    from scanner.sources import SourceAccessError, is_url

    if resume_dir is not None:
        if sources or incremental or baseline_run:
            raise ConfigError(
                "--resume RUN_DIR continues a run with its own sources and settings; "
                "give no SOURCES and no --incremental/--baseline-run with it"
            )
        request = _load_resume_request(resume_dir)
        config = config_from_request(request)
        sources = tuple(request["sources"])
        include, exclude = tuple(request["include"]), tuple(request["exclude"])
        formats = tuple(request["formats"]) + tuple(request.get("report_formats", ()))
        recorded_endpoint = request.get("endpoint_url")
        out = resume_dir
        refuse_reveal_in_ci(config.reveal)
        _check_profile_and_policy(config.profile, config.policy_path, config.source_kind)
    else:
        if not sources:
            raise ConfigError("give at least one SOURCE to scan (or --resume RUN_DIR)")
        settings = _project_settings()
        options = replace(
            options,
            profile=options.profile or settings.profile,
            policy_path=options.policy_path or settings.policy,
            include=options.include or settings.include,
            exclude=options.exclude or settings.exclude,
        )
        include, exclude, formats = options.include, options.exclude, options.formats
        missing = [s for s in sources if not is_url(s) and not os.path.lexists(s)]
        if missing:
            raise ConfigError("no such file or folder: " + ", ".join(missing))
        run_id = new_run_id()
        config = options.checked_config(run_id)
        recorded_endpoint = None
        out = options.out_dir or Path("reports") / run_id
        try:
            prepare_out_folder(out, force)
        except RunFolderError as exc:
            raise ConfigError(str(exc)) from exc
    prepare_hash_key(create=True)  # before anything builds a ScanContext (which loads the key)
    if baseline_run is None and incremental:
        from scanner.scan.pipeline import pick_baseline_run

        baseline_run, why_none = pick_baseline_run(out.parent, sources, config, exclude=out)
        if baseline_run is None:
            click.echo(f"--incremental: {why_none}; scanning everything", err=True)
    storage_options = options.storage_options(recorded_endpoint)
    finding_formats = [FindingsFormat(f) for f in formats if f in FindingsFormat._value2member_map_]
    report_formats = [f for f in formats if f in REPORT_FORMATS]
    from scanner.cli.progress import ScanProgress

    if engine == "spark":
        if resume_dir is not None or baseline_run is not None or incremental:
            raise ConfigError("--resume and --incremental work with --engine local only")
        outcome = _run_spark(
            sources,
            out,
            config,
            include,
            exclude,
            finding_formats,
            storage_options,
            spark_master,
            spark_partitions,
            spark_dataset_out,
        )
    else:
        try:
            with ScanProgress(enabled=not quiet) as progress:
                outcome = run_scan(
                    sources,
                    out,
                    config,
                    include=include,
                    exclude=exclude,
                    formats=finding_formats,
                    workers=workers or _default_workers(),
                    storage_options=storage_options or None,
                    on_result=progress.update,
                    resume=resume_dir is not None,
                    baseline_run=baseline_run,
                    verify_hash=verify_hash,
                    request_extra={"report_formats": report_formats},
                )
        except (StateError, SourceAccessError) as exc:
            raise ConfigError(str(exc)) from exc
        except KeyboardInterrupt:
            click.echo(f"\ninterrupted; continue with `piimap scan --resume {out}`", err=True)
            sys.exit(EXIT_INTERRUPTED)
    if "html" in formats:
        from scanner.report import write_datamap, write_report

        write_report(out)
        write_datamap(out)
    if not quiet:
        from scanner.cli.progress import print_summary

        print_summary(outcome.summary, out)
    if not outcome.summary["files"]["total"] and not allow_empty:
        click.echo(
            "warning: the sources listed no file at all (an empty folder or a mistyped "
            "prefix?); nothing was scanned. Add --allow-empty if that is expected.",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(outcome.exit_code)


def _run_spark(
    sources: Sequence[str],
    out: Path,
    config: ScanConfig,
    include: Sequence[str],
    exclude: Sequence[str],
    formats: Sequence[FindingsFormat],
    storage_options: dict[str, Any],
    master: str | None,
    partitions: int | None,
    dataset_out: str | None,
) -> ScanOutcome:
    try:
        from scanner.engines.spark import SparkEngineError, run_scan_spark
    except ImportError as exc:
        raise ConfigError(
            f"--engine spark needs pyspark: pip install 'piimap[spark]' ({exc})"
        ) from exc
    try:
        return run_scan_spark(
            sources,
            out,
            config,
            include=include,
            exclude=exclude,
            formats=formats,
            storage_options=storage_options or None,
            master=master,
            partitions=partitions,
            dataset_out=dataset_out,
        )
    except SparkEngineError as exc:
        raise ConfigError(str(exc)) from exc


def _project_settings() -> Settings:
    """The discovered .piimap.yaml's settings (scan reads policy, profile, include, exclude)."""
    from scanner.cli.settings import Settings, SettingsError, find_settings, load_settings

    path = find_settings()
    if path is None:
        return Settings()
    try:
        return load_settings(path)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from exc


def _load_resume_request(run_dir: Path) -> dict[str, Any]:
    from scanner.scan.journal import read_meta

    meta = read_meta(run_dir)
    if not meta or "config" not in meta:
        raise ConfigError(
            f"{run_dir} has no scan journal (.state/state.sqlite); only a run directory written "
            "by `piimap scan` can be resumed"
        )
    config: dict[str, Any] = meta["config"]
    return config


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


__all__ = ["FINDINGS_FORMATS", "scan"]
