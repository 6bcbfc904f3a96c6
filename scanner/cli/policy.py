"""`piimap policy show|lint`: print or validate a policy file (no scan modules imported)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.cli.common import ConfigError
from scanner.exit_codes import EXIT_USAGE
from scanner.resources import default_policy_path


@click.group("policy")
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


__all__ = ["policy"]
