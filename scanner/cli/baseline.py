"""`piimap baseline create|update|audit`: record the findings a team knows about, so `check
--baseline` fails only on new ones. The baseline file format and its merge/audit rules live in
``scanner.gate.baseline``; what a baseline may hold in ``scanner.gate.suppressions``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from scanner import __version__
from scanner.cli.common import FILE, ConfigError, file_option
from scanner.cli.gate_options import (
    allowlist_of,
    load_allowlist_option,
    load_project_settings,
    prepare_config,
    scan_options,
)
from scanner.cli.settings import Settings
from scanner.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from scanner.gate import suppressions
from scanner.gate.allowlist import Allowlist
from scanner.gate.baseline import (
    AUDIT_STATUSES,
    DEFAULT_BASELINE_PATH,
    Baseline,
    BaselineError,
    audit_baseline,
    expired_allowlist_entries,
    load_baseline,
    save_baseline,
    update_baseline,
)
from scanner.gate.inputs import InputError, Selection
from scanner.gate.run import context_lines, run_inputs
from scanner.protect.hashing import key_id
from scanner.protect.safe_text import escape_controls
from scanner.scan.options import bundled_options


@click.group("baseline")
def baseline() -> None:
    """Record the findings you know about, so `piimap check --baseline` fails only on new ones.

    Entries are keyed by (entity type, value hash, path): moving lines does not make a finding
    new, a new value does. The file holds no line numbers, raw values or timestamps.
    """


def _scan_for_baseline(scan: BaselineScan, settings: Settings, creating: bool = True) -> Baseline:
    """Scan for a baseline with the settings and allowlist `check` reads (``--config FILE``,
    else the discovered .piimap.yaml): allowlisted findings are left to the allowlist."""
    allowlist = allowlist_of(settings)
    config = prepare_config(
        scan.profile, scan.policy_path, scan.source_kind, reveal=False, settings=settings,
        key_expected=not creating, may_create_key=creating,
    )  # fmt: skip
    selection = Selection(settings.include, settings.exclude, settings.gitignore)
    try:
        run = run_inputs(scan.paths, config, workers=scan.workers, selection=selection)
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    assert run.context is not None
    if run.errors:
        for err in run.errors:
            click.echo(
                f"piimap: cannot read {escape_controls(err.path)}: {escape_controls(err.reason)}",
                err=True,
            )
        click.echo("piimap: baseline not written: some files could not be read", err=True)
        sys.exit(EXIT_USAGE)
    return suppressions.baseline_of(
        run.findings,
        include_declared=scan.include_declared,
        allowlist=allowlist,
        context=context_lines(run, allowlist),
        policy_id=run.context.policy.id,
        generated_by=f"piimap {__version__}",
        hash_key_id=key_id(run.context.key),
    )


_out_option = file_option(
    "--out", "out_path", default=DEFAULT_BASELINE_PATH, help="Baseline file to write."
)
_config_option = file_option(
    "--config",
    "config_path",
    help="The allowlist config `check` uses (e.g. .piimap.yaml): findings it matches are left "
    "to it (never recorded in the baseline), so its expiry dates still fail the gate.",
)
_declared_option = click.option(
    "--include-declared",
    is_flag=True,
    help="Also record declared findings (for use with `check --fail-on declared`).",
)


@dataclass(frozen=True)
class BaselineScan:
    """What `baseline create` and `baseline update` scan and write, from their shared options."""

    paths: tuple[str, ...]
    out_path: Path
    policy_path: Path | None
    source_kind: str | None
    profile: str | None
    workers: int
    include_declared: bool
    config_path: Path | None


_baseline_scan_options = bundled_options(
    BaselineScan,
    (
        click.argument("paths", nargs=-1, required=True),
        _out_option,
        scan_options,
        _declared_option,
        _config_option,
    ),
    param="scan",
)


@baseline.command("create")
@_baseline_scan_options
@click.option("--force", is_flag=True, help="Overwrite an existing baseline (drops audit marks).")
def baseline_create(scan: BaselineScan, force: bool) -> None:
    """Scan PATHs and write a new baseline of their (undeclared) findings."""
    if scan.out_path.exists() and not force:
        raise ConfigError(
            f"{scan.out_path} exists; use `piimap baseline update` to keep its audit marks, "
            "or --force to overwrite it"
        )
    new = _scan_for_baseline(scan, load_project_settings(scan.config_path))
    save_baseline(new, scan.out_path)
    click.echo(f"wrote {len(new.entries)} entries to {scan.out_path}")


@baseline.command("update")
@_baseline_scan_options
def baseline_update(scan: BaselineScan) -> None:
    """Rescan PATHs: add new findings, drop vanished ones, keep audit marks of the rest."""
    try:
        old = load_baseline(scan.out_path)
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc
    new = _scan_for_baseline(scan, load_project_settings(scan.config_path), creating=False)
    merged = update_baseline(old, new)
    save_baseline(merged, scan.out_path)
    before = {e.key for e in old.entries}
    after = {e.key for e in merged.entries}
    click.echo(
        f"updated {scan.out_path}: {len(after - before)} added, {len(before - after)} removed, "
        f"{len(after & before)} kept"
    )


@baseline.command("audit")
@click.argument("file", type=FILE, default=Path(DEFAULT_BASELINE_PATH), required=False)
@click.option("--hash", "hash_prefix", default=None, help="Value hash (or a unique prefix).")
@click.option("--status", type=click.Choice(AUDIT_STATUSES), default=None)
@click.option("--by", "by", default=None, help="Who decided (name or handle).")
@click.option("--reason", default=None, help="Why; kept in the baseline for reviewers.")
@click.option("--path", "only_path", default=None, help="Only the entry for this path.")
@_config_option
def baseline_audit(
    file: Path,
    hash_prefix: str | None,
    status: str | None,
    by: str | None,
    reason: str | None,
    only_path: str | None,
    config_path: Path | None,
) -> None:
    """Mark an entry (--hash, --status, --by, --reason), or list the entries whose allowlist
    reason expired (--config .piimap.yaml; exit 1 when there are any: they fail `check`)."""
    if hash_prefix is None:
        if config_path is None:
            raise ConfigError(
                "give --hash with --status/--by/--reason to mark an entry, or --config to "
                "list entries whose allowlist reason expired"
            )
        _list_expired(file, load_allowlist_option(config_path))
        return
    if status is None or by is None or reason is None:
        raise ConfigError("marking an entry needs --status, --by and --reason")
    try:
        current = load_baseline(file)
        marked, count = audit_baseline(
            current, hash_prefix, status=status, by=by, reason=reason, path=only_path
        )
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc
    save_baseline(marked, file)
    click.echo(f"marked {count} entr{'y' if count == 1 else 'ies'} as {status} in {file}")


def _list_expired(file: Path, allowlist: Allowlist | None) -> None:
    try:
        current = load_baseline(file)
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc
    assert allowlist is not None
    hits = expired_allowlist_entries(current, allowlist, suppressions.today())
    for entry, allow in hits:
        click.echo(
            f"{entry.path}  {entry.entity_type} {entry.masked_value}  {entry.value_hash[:12]}  "
            f"allowlist {allowlist.path}:{allow.line} expired {allow.expires}: {allow.reason}"
        )
    click.echo(
        f"{len(hits)} baseline entr{'y' if len(hits) == 1 else 'ies'} whose allowlist reason "
        f"expired in {file}" + ("; `piimap check` reports them" if hits else "")
    )
    sys.exit(EXIT_FINDINGS if hits else EXIT_OK)


__all__ = ["baseline"]
