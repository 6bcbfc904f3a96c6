"""The `piimap` command line: parse options, wire the pipeline, pick writers, own exit codes."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scanner import __version__
from scanner.exit_codes import EXIT_INTERRUPTED, EXIT_PARTIAL, EXIT_USAGE
from scanner.resources import default_policy_path, default_profiles_path

if TYPE_CHECKING:
    from scanner.cli.settings import Settings
    from scanner.inventory import FindingsFormat
    from scanner.scan.pipeline import ScanConfig, ScanOutcome

# Only light modules at the top: `piimap --help`, `--version` and `policy show` must start
# without importing the scan pipeline (Presidio, spaCy, pyarrow). Policy and profile loading are
# imported in the commands that need them; scan-only modules inside `scan`.

# The findings formats of scanner.inventory.FindingsFormat (tests/packaging/test_startup.py
# checks they agree), named here so building the option does not import pyarrow.
FINDINGS_FORMATS = ("parquet", "csv", "jsonl")
DEFAULT_POLICY_SHOWN = "configs/policies/esign-sg.yaml (shipped)"
REPORT_FORMATS = ("html",)


class ConfigError(click.ClickException):
    """A configuration problem: exit code 2 with a message that says how to fix it."""

    exit_code = EXIT_USAGE


def refuse_reveal_in_ci(reveal: bool) -> None:
    """Refuse --reveal under CI; otherwise make every file written from now on owner-only."""
    from scanner.protect.reveal import ci_variable, make_outputs_private

    if not reveal:
        return
    found = ci_variable()
    if found is not None:
        raise ConfigError(
            f"--reveal is refused when the {found} environment variable is set (even empty): "
            "CI logs and artifacts must never carry raw personal data. Run it on a workstation "
            "instead."
        )
    previous = make_outputs_private()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(lambda: os.umask(previous))


def prepare_hash_key(create: bool = True) -> None:
    """Resolve the hash key before any file is read: a bad key is exit 2 with what to do, and
    the run that creates the key file says where it is and why it matters (stderr, once)."""
    from scanner.protect.hashing import HashKeyError, key_created_notice, resolve_hash_key

    try:
        info = resolve_hash_key(create=create)
    except HashKeyError as exc:
        raise ConfigError(str(exc)) from exc
    if info.created:
        click.echo(key_created_notice(info), err=True)


def parse_storage_options(pairs: tuple[str, ...], endpoint_url: str | None) -> dict[str, Any]:
    opts: dict[str, Any] = {}
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
    """Commands from their own modules (CI gate, data subject requests, init), imported on first
    use, so `piimap scan` does not pay for loading `check` or `locate`, and `piimap --help` lists
    them from the one-line help below without importing any of them."""

    LAZY = {
        "check": ("scanner.cli.check:check", "CI gate: fail when PATHs hold undeclared PII."),
        "baseline": ("scanner.cli.check:baseline", "Record known findings for check --baseline."),
        "locate": ("scanner.cli.dsar:locate", "Find one data subject's data in a run."),
        "retention": ("scanner.cli.dsar:retention", "Findings past their retention period."),
        "init": ("scanner.cli.init:init", "Write a commented starter .piimap.yaml."),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, attr = self.LAZY[cmd_name][0].split(":")
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.LAZY:
                rows.append((name, self.LAZY[name][1]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


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
    default=None,
    show_default="`profile` in .piimap.yaml, else auto",
    help="Detection profile from configs/profiles.yaml: logs, contracts or auto (per file kind).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path),
    default=None,
    show_default=DEFAULT_POLICY_SHOWN,
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
    type=click.Choice(list(FINDINGS_FORMATS) + list(REPORT_FORMATS)),
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
@click.option(
    "--ocr",
    type=click.Choice(["auto", "off", "always"]),
    default="auto",
    show_default=True,
    help="OCR (Tesseract) for PDF pages without a text layer and image files: auto reads "
    "pages that have no text, always also pages that have, off reads none (such files are "
    "then `partial`, exit 3).",
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
    force: bool,
    allow_empty: bool,
    engine: str,
    spark_master: str | None,
    spark_partitions: int | None,
    spark_dataset_out: str | None,
    ocr: str,
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
    from scanner.scan.pipeline import ScanConfig, config_from_request, new_run_id, run_scan
    from scanner.sources import SourceAccessError, is_url

    policy_arg_given = policy_path is not None
    policy_path = policy_path or default_policy_path()
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
        settings = _project_settings()
        profile = profile or settings.profile or "auto"
        policy_path = (policy_path if policy_arg_given else None) or settings.policy or policy_path
        include = include or settings.include
        exclude = exclude or settings.exclude
        missing = [s for s in sources if not is_url(s) and not os.path.lexists(s)]
        if missing:
            raise ConfigError("no such file or folder: " + ", ".join(missing))
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
            ocr=ocr,
        )
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
    storage_options = parse_storage_options(storage_pairs, endpoint_url)
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
    request: dict[str, Any] = meta["config"]
    return request


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _check_profile_and_policy(profile: str, policy_path: Path, source_kind: str | None) -> None:
    from scanner.detect.profiles import ProfileError, load_profiles, missing_models
    from scanner.policy.model import PolicyError, load_policy

    try:
        profiles = load_profiles(default_profiles_path())
    except ProfileError as exc:
        raise ConfigError(str(exc)) from exc
    if profile not in profiles:
        raise ConfigError(
            f"unknown profile {profile!r}; choose one of: {', '.join(sorted(profiles))}"
        )
    missing = missing_models(profile, profiles)
    if missing:
        raise ConfigError(
            f"profile {profile!r} runs spaCy NER, but the model package {', '.join(missing)} is "
            "not installed: pip install 'piimap[ner]' (or use --profile logs)"
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
@click.argument("path", type=click.Path(path_type=Path), default=None, required=False)
def policy_show(path: Path | None) -> None:
    """Print the policy's categories: section, entity types, source kinds, purpose, sharing."""
    from scanner.policy.model import PolicyError, format_policy, load_policy

    path = path or default_policy_path()
    try:
        click.echo(format_policy(load_policy(path)))
    except PolicyError as exc:
        raise ConfigError(str(exc)) from exc


@policy.command("lint")
@click.argument("path", type=click.Path(path_type=Path), default=None, required=False)
def policy_lint(path: Path | None) -> None:
    """Validate a policy file; errors name the line. Exit 2 when there are errors."""
    from scanner.policy.model import format_lint, lint_policy

    path = path or default_policy_path()
    issues = lint_policy(path)
    if issues:
        click.echo(format_lint(issues, path), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"{path}: ok")


@main.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--compare",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="An earlier run directory: adds new / resolved / unchanged findings.",
)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="HTML file to write.")
def report_cmd(run_dir: Path, compare: Path | None, out: Path | None) -> None:
    """Write a self-contained HTML report (and datamap.csv) for a run directory."""
    from scanner.inventory.run_folder import RunFolderError, require_run_folder
    from scanner.report import write_datamap, write_report

    try:
        require_run_folder(run_dir)
        if compare is not None:
            require_run_folder(compare)
    except RunFolderError as exc:
        raise ConfigError(str(exc)) from exc
    path = write_report(run_dir, out, compare=compare)
    datamap = write_datamap(run_dir)
    click.echo(f"report: {path}\ndata map: {datamap}")


__all__ = ["EXIT_PARTIAL", "main"]


if __name__ == "__main__":
    main()
