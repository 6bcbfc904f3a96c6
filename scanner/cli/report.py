"""`piimap report`: the self-contained HTML report and datamap.csv of a run folder."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.common import ConfigError


@click.command("report")
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


__all__ = ["report_cmd"]
