"""The `piimap` command line: parse options, wire the pipeline, pick writers, own exit codes."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from scanner import __version__
from scanner.inventory import FindingsFormat
from scanner.pipeline import (
    EXIT_PARTIAL,
    EXIT_USAGE,
    ScanConfig,
    config_from_request,
    new_run_id,
    run_scan,
)
from scanner.policy import (
    DEFAULT_POLICY_PATH,
    PolicyError,
    format_lint,
    format_policy,
    lint_policy,
    load_policy,
)
from scanner.profiles import DEFAULT_PROFILES_PATH, ProfileError, load_profiles
from scanner.sources import SourceAccessError
from scanner.state import StateError, latest_finished_run, read_meta

REPORT_FORMATS = ("html",)


class ConfigError(click.ClickException):
    """A configuration problem: exit code 2 with a message that says how to fix it."""

    exit_code = EXIT_USAGE


def refuse_reveal_in_ci(reveal: bool) -> None:
    if reveal and os.environ.get("CI"):
        raise ConfigError(
            "--reveal is refused when the CI environment variable is set: CI logs and artifacts "
            "must never carry raw personal data. Run it on a workstation instead."
        )


def parse_storage_options(pairs: tuple[str, ...], endpoint_url: str | None) -> dict:
    opts: dict = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--storage-option takes KEY=VALUE, got {pair!r}")
        k, v = pair.split("=", 1)
        opts[k] = v
    endpoint = endpoint_url or os.environ.get("PIIMAP_S3_ENDPOINT_URL")
    if endpoint:
        opts.setdefault("client_kwargs", {})["endpoint_url"] = endpoint
    return opts


class LazyGroup(click.Group):
    """Commands from their own modules (CI gate, data subject requests), imported on first use,
    so `piimap scan` does not pay for loading `check` or `locate`."""

    LAZY = {
        "check": "scanner.cli_check:check",
        "baseline": "scanner.cli_check:baseline",
        "locate": "scanner.cli_dsar:locate",
        "retention": "scanner.cli_dsar:retention",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, attr = self.LAZY[cmd_name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="piimap")
def main() -> None:
    """piimap finds personal data in storage and maps it to your privacy policy.

    \b
    Typical use:
      piimap scan ./storage --out reports/run1      # inventory of contracts and logs
      piimap report reports/run1                    # self-contained HTML report
      piimap check logs/ --format sarif             # CI gate: exit 1 on undeclared PII
      piimap locate reports/run1 --value S1234567D  # data subject request
    """


@main.command()
@click.argument("sources", nargs=-1, required=False)
@click.option(
    "--profile",
    default="auto",
    show_default=True,
    help="Detection profile from configs/profiles.yaml: logs, contracts or auto (per file kind).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_POLICY_PATH,
    show_default="configs/policies/esign-sg.yaml",
    help="Policy YAML the findings are classified against.",
)
@click.option(
    "--source-kind",
    default=None,
    help="Treat every file as this source kind (e.g. logs, contracts) instead of the policy's "
    "path rules.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Run directory to write (default: reports/<run-id>/).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in FindingsFormat] + list(REPORT_FORMATS)),
    help="Extra outputs besides findings.parquet: csv, jsonl, html. Repeatable.",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes (default: number of CPUs).",
)
@click.option("--include", multiple=True, help="Only paths matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Skip paths matching this glob (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--reveal",
    is_flag=True,
    help="Add a `value` column with raw values for remediation. Refused when CI is set.",
)
@click.option(
    "--recognizers",
    "recognizers_yaml",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Extra recognizers in Presidio's recognizer YAML format (see configs/recognizers.yaml).",
)
@click.option(
    "--endpoint-url",
    default=None,
    help="S3-compatible endpoint for s3:// sources (also PIIMAP_S3_ENDPOINT_URL).",
)
@click.option("--storage-option", "storage_pairs", multiple=True, help="fsspec KEY=VALUE option.")
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
    profile: str,
    policy_path: Path,
    source_kind: str | None,
    out_dir: Path | None,
    formats: tuple[str, ...],
    workers: int | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    quiet: bool,
    reveal: bool,
    recognizers_yaml: Path | None,
    endpoint_url: str | None,
    storage_pairs: tuple[str, ...],
    resume_dir: Path | None,
    incremental: bool,
    baseline_run: Path | None,
    verify_hash: bool,
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

    Exit codes: 0 every file scanned, 3 some files errored (see files.parquet), 2 usage or
    configuration error.
    """
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
        endpoint_url = endpoint_url or request.get("endpoint_url")
        out = resume_dir
        refuse_reveal_in_ci(config.reveal)
        _check_profile_and_policy(config.profile, config.policy_path, config.source_kind)
    else:
        if not sources:
            raise ConfigError("give at least one SOURCE to scan (or --resume RUN_DIR)")
        refuse_reveal_in_ci(reveal)
        _check_profile_and_policy(profile, policy_path, source_kind)
        _check_recognizers(recognizers_yaml)
        run_id = new_run_id()
        out = out_dir or Path("reports") / run_id
        config = ScanConfig(
            run_id=run_id,
            profile=profile,
            policy_path=policy_path,
            source_kind=source_kind,
            reveal=reveal,
            recognizers_yaml=recognizers_yaml,
        )
    if baseline_run is None and incremental:
        baseline_run = latest_finished_run(out.parent, sources, exclude=out)
        if baseline_run is None and not quiet:
            click.echo(
                f"--incremental: no earlier finished run of these sources in {out.parent}; "
                "scanning everything",
                err=True,
            )
    storage_options = parse_storage_options(storage_pairs, endpoint_url)
    finding_formats = [FindingsFormat(f) for f in formats if f in FindingsFormat._value2member_map_]
    report_formats = [f for f in formats if f in REPORT_FORMATS]
    from scanner.progress import ScanProgress

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
    if "html" in formats:
        from scanner.report import write_datamap, write_report

        write_report(out)
        write_datamap(out)
    if not quiet:
        from scanner.progress import print_summary

        print_summary(outcome.summary, out)
    sys.exit(outcome.exit_code)


def _run_spark(
    sources,
    out,
    config,
    include,
    exclude,
    formats,
    storage_options,
    master,
    partitions,
    dataset_out,
):
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


def _load_resume_request(run_dir: Path) -> dict:
    meta = read_meta(run_dir)
    if not meta or "config" not in meta:
        raise ConfigError(
            f"{run_dir} has no scan journal (.state/state.sqlite); only a run directory written "
            "by `piimap scan` can be resumed"
        )
    return meta["config"]


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _check_profile_and_policy(profile: str, policy_path: Path, source_kind: str | None) -> None:
    try:
        profiles = load_profiles(DEFAULT_PROFILES_PATH)
    except ProfileError as exc:
        raise ConfigError(str(exc)) from exc
    if profile not in profiles:
        raise ConfigError(
            f"unknown profile {profile!r}; choose one of: {', '.join(sorted(profiles))}"
        )
    try:
        policy = load_policy(policy_path)
    except PolicyError as exc:
        raise ConfigError(f"{exc}\nRun `piimap policy lint {policy_path}` for details.") from exc
    if source_kind and source_kind not in policy.source_kinds():
        raise ConfigError(
            f"unknown source kind {source_kind!r}; the policy defines: "
            f"{', '.join(policy.source_kinds())}"
        )


def _check_recognizers(path: Path | None) -> None:
    """A `--recognizers` file is loaded once up front: a pattern that cannot run in linear time
    (or a file Presidio cannot read) is a usage error before any file is scanned."""
    if path is None:
        return
    from recognizers import load_recognizers_yaml

    try:
        load_recognizers_yaml(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(str(exc)) from exc


@main.group()
def policy() -> None:
    """Show or validate a policy file."""


@policy.command("show")
@click.argument(
    "path", type=click.Path(path_type=Path), default=DEFAULT_POLICY_PATH, required=False
)
def policy_show(path: Path) -> None:
    """Print the policy's categories: section, entity types, source kinds, purpose, sharing."""
    try:
        click.echo(format_policy(load_policy(path)))
    except PolicyError as exc:
        raise ConfigError(str(exc)) from exc


@policy.command("lint")
@click.argument(
    "path", type=click.Path(path_type=Path), default=DEFAULT_POLICY_PATH, required=False
)
def policy_lint(path: Path) -> None:
    """Validate a policy file; errors name the line. Exit 2 when there are errors."""
    issues = lint_policy(path)
    if issues:
        click.echo(format_lint(issues, path), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{path}: ok")


@main.command("report")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--compare",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="An earlier run directory: adds new / resolved / unchanged findings.",
)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="HTML file to write.")
def report_cmd(run_dir: Path, compare: Path | None, out: Path | None) -> None:
    """Write a self-contained HTML report (and datamap.csv) for a run directory."""
    from scanner.report import write_datamap, write_report

    path = write_report(run_dir, out, compare=compare)
    datamap = write_datamap(run_dir)
    click.echo(f"report: {path}\ndata map: {datamap}")


__all__ = ["EXIT_PARTIAL", "main"]


if __name__ == "__main__":
    main()
