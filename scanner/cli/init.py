"""`piimap init`: write a commented starter ``.piimap.yaml`` (see scanner.cli.settings)."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.common import file_option
from scanner.cli.settings import SETTINGS_FILE, STARTER


@click.command("init")
@file_option("--path", "path", default=SETTINGS_FILE, help="File to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter .piimap.yaml that `check` and `scan` then find by themselves."""
    from scanner.cli.common import ConfigError

    if path.exists() and not force:
        raise ConfigError(f"{path} exists; use --force to overwrite it")
    from scanner.inventory.atomic import write_text_atomic

    write_text_atomic(path, STARTER)  # --force replaces a planted symlink instead of following it
    click.echo(f"wrote {path}; edit it, then run `piimap check <paths>`")
