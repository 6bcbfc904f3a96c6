"""Options several commands share are declared once: the file option, the policy option."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from scanner.cli.baseline import baseline_create
from scanner.cli.check import check
from scanner.cli.common import file_option
from scanner.cli.main import scan
from scanner.engines.spark_job import spark_job


@click.command()
@file_option("--out", default="baseline.json", help="File to write.")
def _write(out: Path) -> None:
    click.echo(f"{type(out).__name__} {out}")


def test_a_file_option_gives_a_path_and_shows_its_default() -> None:
    result = CliRunner().invoke(_write, [])
    assert result.exit_code == 0 and result.output.endswith("Path baseline.json\n")
    assert "[default: baseline.json]" in CliRunner().invoke(_write, ["--help"]).output


def test_a_file_option_refuses_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(_write, ["--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_scan_check_and_baseline_take_one_policy_option() -> None:
    described = set()
    for command in (scan, spark_job, check, baseline_create):
        param = next(p for p in command.params if p.name == "policy_path")
        info = param.type.to_info_dict()
        described.add((tuple(param.opts), tuple(sorted(info.items())), param.default, param.help))
    assert len(described) == 1
