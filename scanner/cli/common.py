"""What several commands share: the usage-error type, the file option, the --reveal guard, the
hash key, and the profile/policy checks made before any file is read.

Only light modules at the top: `piimap --help`, `--version` and `policy show` import this
module and must start without the scan pipeline (Presidio, spaCy, pyarrow).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from scanner.scan.options import ConfigError, check_profile_and_policy, refuse_reveal_in_ci

# A path that must name a file (a folder is a usage error), handed to the command as a Path.
FILE = click.Path(dir_okay=False, path_type=Path)


def file_option(
    *decls: str, help: str, default: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option naming one file, as a ``Path``: None when not given, unless it has a
    ``default`` (then shown in ``--help``)."""
    if default is None:
        return click.option(*decls, type=FILE, default=None, help=help)
    return click.option(*decls, type=FILE, default=Path(default), show_default=True, help=help)


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


__all__ = [
    "FILE",
    "ConfigError",
    "check_profile_and_policy",
    "file_option",
    "prepare_hash_key",
    "refuse_reveal_in_ci",
]
