"""`piimap check`, the CI gate: parse options, hand the inputs to the gate wing, print the report
and exit with the gate's code.

Listing and scanning the inputs (``scanner.gate.inputs``, ``scanner.gate.run``), the decision
(``scanner.gate.decide``) and the report formats (``scanner.gate.reporters``) live in the gate
wing; this module only maps options to them and their errors to usage errors (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner import __version__
from scanner.cli.common import ConfigError, file_option
from scanner.cli.gate_options import (
    allowlist_of,
    load_baseline_checked,
    load_project_settings,
    prepare_config,
    scan_options,
)
from scanner.exit_codes import EXIT_USAGE
from scanner.gate import suppressions
from scanner.gate.decide import FailOn
from scanner.gate.inputs import STDIN_ARG, InputError, Selection, changed_since
from scanner.gate.reporters import FORMATS, ReportMeta
from scanner.gate.reporters.output import render, write_report_file
from scanner.gate.run import decide_run, report_columns, run_inputs
from scanner.protect.safe_text import escape_controls
from scanner.scan.options import check_globs


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@scan_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text, json, sarif (GitHub code scanning) or github (annotations).",
)
@file_option(
    "--output", help="Write the report to FILE (atomically, after the scan) instead of stdout."
)
@file_option(
    "--baseline",
    "baseline_path",
    help="Baseline from `piimap baseline create`: findings in it are not reported.",
)
@file_option(
    "--config",
    "config_path",
    help="Settings and allowlist file (default: .piimap.yaml in the current folder or the git "
    "root; see `piimap init`). Options on the command line win over its settings.",
)
@click.option("--no-config", is_flag=True, help="Read no .piimap.yaml.")
@click.option(
    "--include",
    multiple=True,
    callback=check_globs,
    help="Only paths matching this glob (gitignore dialect; repeatable; replaces `include`).",
)
@click.option(
    "--exclude",
    multiple=True,
    callback=check_globs,
    help="Skip paths matching this glob (repeatable; replaces `exclude`). .git/, .venv/ and "
    "node_modules/ are always skipped inside folders.",
)
@click.option("--no-gitignore", is_flag=True, help="Also read files that .gitignore ignores.")
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default=None,
    show_default="`fail_on` in .piimap.yaml, else undeclared",
    help="undeclared: fail on findings the policy does not declare; declared: fail on any "
    "finding; never: report only.",
)
@click.option(
    "--changed-since",
    "changed_rev",
    default=None,
    metavar="REV",
    help="Only files changed since the git revision REV (committed, staged, modified or "
    "untracked).",
)
@click.option(
    "--reveal",
    is_flag=True,
    help="Show raw values in text/json output (never in sarif/github). Refused when CI is set.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when the PATHs hold no file at all (default: a warning and exit 2; with "
    "--changed-since no changed file is always fine).",
)
def check(
    paths: tuple[str, ...],
    policy_path: Path,
    source_kind: str | None,
    profile: str,
    workers: int,
    fmt: str,
    output: Path | None,
    baseline_path: Path | None,
    config_path: Path | None,
    no_config: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    no_gitignore: bool,
    fail_on: str | None,
    changed_rev: str | None,
    reveal: bool,
    allow_empty: bool,
) -> None:
    """CI gate: fail when PATHs hold personal data the policy does not declare for them.

    PATH is a file, a folder, a glob (quoted, `**` allowed) or `-` to read a log from stdin
    (e.g. `pytest 2>&1 | piimap check -`). Findings listed in the baseline, matched by a live
    allowlist entry, or marked in a comment on the same or the previous line with
    `# piimap:allow ENTITY_TYPE reason` (one value per marker) are not reported. Reports
    carry masked values and keyed hashes only.

    \b
    Exit codes:
      0  nothing to report
      1  findings to report (per --fail-on)
      2  usage or configuration error, a file could not be read (read errors win over
         findings, because a gate that cannot read a file cannot vouch for it), or the PATHs
         hold no file at all (unless --allow-empty)
    """
    settings = load_project_settings(config_path, no_config)
    config = prepare_config(
        profile, policy_path, source_kind, reveal, settings,
        key_expected=(baseline_path or settings.baseline) is not None,
    )  # fmt: skip
    fail_on = fail_on or settings.fail_on or FailOn.UNDECLARED.value
    baseline_path = baseline_path or settings.baseline
    selection = Selection(
        include=include or settings.include,
        exclude=exclude or settings.exclude,
        gitignore=settings.gitignore and not no_gitignore,
    )
    allowlist = allowlist_of(settings)
    baseline = load_baseline_checked(baseline_path) if baseline_path is not None else None
    try:
        changed = changed_since(changed_rev) if changed_rev else None
        run = run_inputs(
            paths,
            config,
            workers=workers,
            changed=changed,
            stdin=getattr(sys.stdin, "buffer", None) if STDIN_ARG in paths else None,
            keep_declared=FailOn(fail_on) is FailOn.DECLARED,
            selection=selection,
        )
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    if not run.records and changed is None and not allow_empty:
        run.cleanup()
        click.echo(
            "piimap: warning: the PATHs hold no file at all, so nothing was checked; add "
            "--allow-empty if that is expected",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    try:
        result = decide_run(
            run,
            today=suppressions.today(),
            fail_on=FailOn(fail_on),
            baseline=baseline,
            allowlist=allowlist,
        )
    finally:
        run.cleanup()
    columns = report_columns(run, result) if fmt == "sarif" else {}
    meta = ReportMeta(tool_version=__version__, revealed=reveal, columns=columns)
    if output is None:
        click.echo(render(fmt, result, meta), nl=False)
    else:
        write_report_file(fmt, result, meta, output)
    if output is not None or fmt != "text":
        for err in result.errors:
            click.echo(
                f"piimap: cannot read {escape_controls(err.path)}: {escape_controls(err.reason)}",
                err=True,
            )
        click.echo(
            f"piimap: {len(result.items)} finding(s) reported, {len(result.suppressed)} "
            f"suppressed, {len(result.errors)} read error(s); exit {result.exit_code}",
            err=True,
        )
    sys.exit(result.exit_code)


__all__ = ["check"]
