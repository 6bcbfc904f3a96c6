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
    from scanner.inventory.rundir import RunFolderError, open_run_dir
    from scanner.report import ReportError, write_datamap, write_report

    try:
        open_run_dir(run_dir)
        if compare is not None:
            open_run_dir(compare)
        path = write_report(run_dir, out, compare=compare)
        datamap = write_datamap(run_dir)
    except (RunFolderError, ReportError) as exc:  # a damaged table: one line, exit 2
        raise ConfigError(str(exc)) from exc
    click.echo(f"report: {path}\ndata map: {datamap}")


__all__ = ["report_cmd"]
