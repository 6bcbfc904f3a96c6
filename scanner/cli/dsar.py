"""``piimap locate`` and ``piimap retention``: answer data subject requests from existing runs.

Both commands read inventories only (no re-scan). Exit codes: 0 when the command ran (also
when nothing is found or nothing is over retention), 2 on a usage or input error (missing run,
wrong hash key, unreadable policy). Raw values given to ``locate`` never reach any output,
log or error message: everything is printed as a label (``value 1``) and masked form.
"""

from __future__ import annotations

import io
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, assert_never

import click

from recognizers.entities import ENTITY_TYPES
from scanner.cli.common import file_option
from scanner.dsar.locate import LocateError, LocateResult, request_policy_path
from scanner.dsar.locate import locate as locate_values
from scanner.dsar.locate_formats import (
    format_deletion_text,
    format_locate_csv,
    format_locate_json,
    format_locate_text,
    write_bundle,
)
from scanner.dsar.retention import RetentionError, retention_rows
from scanner.dsar.retention_formats import (
    format_retention_csv,
    format_retention_json,
    format_retention_text,
)
from scanner.exit_codes import EXIT_USAGE
from scanner.inventory.rundir import RunDir, RunFolderError, open_run_dir
from scanner.protect.hashing import HashKeyError, load_hash_key
from scanner.protect.safe_text import escape_terminal

if TYPE_CHECKING:
    from scanner.policy.model import Policy


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in OutputFormat]),
    default=OutputFormat.TEXT.value,
    show_default=True,
)


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def _load_policy(policy_path: Path | None, runs_policy: list[str | None]) -> tuple[Policy, str]:
    """The policy given, else the one the (first) run was scanned with, else the default."""
    from scanner.policy.model import load_policy

    policy_path = request_policy_path(policy_path, runs_policy)
    try:
        return load_policy(policy_path), str(policy_path)
    except Exception as exc:  # the policy module raises its own error with a reason
        _fail(f"cannot load policy {policy_path}: {exc}")


def _export(
    result: LocateResult, directory: Path, policy: Policy | None, policy_path: str | None
) -> None:
    try:
        write_bundle(result, directory, policy, policy_path)
    except OSError as exc:
        _fail(f"cannot write the export to {directory}: {exc.strerror}")


def _read_values(values: tuple[str, ...], values_file: io.TextIOBase | None) -> list[str]:
    collected = [v for v in values if v.strip()]
    if values_file is not None:
        for line in values_file:
            text = line.strip()
            if text and not text.startswith("#"):
                collected.append(text)
    return collected


@click.command("locate")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--value", "values", multiple=True, help="A value the person gave (repeatable).")
@click.option(
    "--values-file",
    type=click.File("r", encoding="utf-8"),
    help="File with one value per line ('-' reads stdin); blank and '#' lines are skipped.",
)
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(ENTITY_TYPES, case_sensitive=False),
    help="Entity type of the values (default: every type, recognised ones first).",
)
@_format_option
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a subject-access bundle: occurrences.csv, occurrences.json, summary.txt.",
)
@click.option(
    "--for-deletion",
    is_flag=True,
    help="Group by file with the action the policy implies (delete / anonymise / keep).",
)
@file_option(
    "--policy",
    "policy_path",
    help="Policy for --for-deletion (default: the run's policy, else the bundled one).",
)
def locate_command(
    run_dirs: tuple[Path, ...],
    values: tuple[str, ...],
    values_file: io.TextIOBase | None,
    entity_type: str | None,
    output_format: str,
    export_dir: Path | None,
    for_deletion: bool,
    policy_path: Path | None,
) -> None:
    """Find every occurrence of a person's values in existing runs (no re-scan).

    Each value is normalised and hashed with the installation key and looked up by hash; the
    raw value is never printed or written. Exits 0 also when nothing is found ("no occurrences").
    """
    _require_runs(run_dirs)
    sought = _read_values(values, values_file)
    if not sought:
        raise click.UsageError("give at least one --value or a --values-file")
    from scanner.dsar.request_values import RequestValueError, check_request_values

    try:
        check_request_values(sought, entity_type.upper() if entity_type else None)
    except RequestValueError as exc:
        sought.clear()
        _fail(str(exc))
    try:
        key = load_hash_key(create=False)  # a fresh key would match nothing: never create one
    except HashKeyError as exc:
        _fail(str(exc))
    try:
        result = locate_values(list(run_dirs), sought, key=key, entity_type=entity_type)
    except LocateError as exc:
        _fail(str(exc))
    finally:
        sought.clear()
    policy, used_policy = (None, None)
    if for_deletion:
        policy, used_policy = _load_policy(policy_path, [r.policy_path for r in result.runs])
    fmt = OutputFormat(output_format)
    if fmt is OutputFormat.TEXT:
        text = format_locate_text(result)
        if policy is not None:
            text += "\n" + format_deletion_text(result, policy, used_policy or "")
    elif fmt is OutputFormat.JSON:
        text = format_locate_json(result, policy, used_policy)
    elif fmt is OutputFormat.CSV:
        text = format_locate_csv(result, policy)
    else:  # pragma: no cover
        assert_never(fmt)
    if export_dir is not None:
        _export(result, export_dir, policy, used_policy)
    click.echo(escape_terminal(text) if fmt is OutputFormat.TEXT else text, nl=False)


@click.command("retention")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to check against (YYYY-MM-DD; default today).",
)
@file_option(
    "--policy",
    "policy_path",
    help="Policy with retention_period per category (default: the run's policy).",
)
@_format_option
def retention_command(
    run_dir: Path, as_of: Any, policy_path: Path | None, output_format: str
) -> None:
    """List files kept longer than their policy category's retention_period.

    A file's age is taken from its mtime in files.parquet (findings carry no dates). Exits 0
    when the check ran, whether or not anything is over retention.
    """
    _require_runs((run_dir,))
    day = as_of.date() if as_of else date.today()
    recorded = RunDir(run_dir).recorded_policy_path()
    policy, used_policy = _load_policy(policy_path, [recorded])
    try:
        rows = retention_rows(run_dir, policy, day)
    except RetentionError as exc:
        _fail(str(exc))
    fmt = OutputFormat(output_format)
    if fmt is OutputFormat.TEXT:
        text = format_retention_text(rows, run_dir, day, used_policy)
    elif fmt is OutputFormat.JSON:
        text = format_retention_json(rows, run_dir, day, used_policy)
    elif fmt is OutputFormat.CSV:
        text = format_retention_csv(rows)
    else:  # pragma: no cover
        assert_never(fmt)
    click.echo(escape_terminal(text) if fmt is OutputFormat.TEXT else text, nl=False)


def _require_runs(run_dirs: tuple[Path, ...]) -> None:
    """One line and exit 2 for a folder that is not a finished run (never a traceback)."""
    for run_dir in run_dirs:
        try:
            open_run_dir(run_dir)
        except RunFolderError as exc:
            _fail(str(exc))


# The names scanner/cli/main.py registers on the `piimap` group.
locate = locate_command
retention = retention_command
