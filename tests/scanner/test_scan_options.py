"""`piimap scan` and the Spark job share one definition of the scan options."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scanner.cli.main import main, scan
from scanner.engines.spark_job import spark_job
from scanner.scan.options import ScanOptions, scan_option_names, scan_options

ROOT = Path(__file__).resolve().parents[2]


def _described(command: click.Command, name: str) -> tuple:
    param = next(p for p in command.params if p.name == name)
    assert isinstance(param, click.Option)
    return (tuple(param.opts), repr(param.type), param.default, param.multiple, param.help)


@pytest.mark.parametrize("name", scan_option_names())
def test_the_spark_job_takes_each_scan_option_as_scan_does(name: str) -> None:
    assert _described(spark_job, name) == _described(scan, name)


def test_the_shared_options_cover_what_a_scan_is_configured_by() -> None:
    assert {"profile", "policy_path", "source_kind", "out_dir", "formats", "include",
            "exclude", "reveal", "recognizers_yaml", "storage_pairs", "ocr"} <= set(
        scan_option_names()
    )  # fmt: skip
    job_only = {p.name for p in spark_job.params} - set(scan_option_names())
    assert job_only == {"sources", "master", "partitions", "dataset_out", "run_id"}


def test_the_spark_job_restates_no_option_parser() -> None:
    source = (ROOT / "scanner" / "engines" / "spark_job.py").read_text(encoding="utf-8")
    imported = {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "argparse" not in imported


def _parsed(args: list[str]) -> ScanOptions:
    """The ``ScanOptions`` a command built with ``scan_options`` gets for ``args``."""
    got: list[ScanOptions] = []
    command = click.command()(scan_options(lambda options: got.append(options)))
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    return got[0]


def test_a_command_gets_the_shared_option_values_as_one_object() -> None:
    options = _parsed(["--profile", "logs", "--include", "*.log", "--include", "*.txt", "--reveal"])
    assert (options.profile, options.include, options.exclude, options.reveal) == (
        "logs", ("*.log", "*.txt"), (), True,
    )  # fmt: skip


def test_scan_config_fills_the_documented_defaults() -> None:
    config = _parsed(["--ocr", "off"]).config("r1")
    assert (config.run_id, config.profile, config.ocr) == ("r1", "auto", "off")
    assert config.policy_path.name == "esign-sg.yaml"
    assert (config.source_kind, config.reveal, config.recognizers_yaml) == (None, False, None)


def test_the_endpoint_option_wins_over_the_one_a_resumed_run_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PIIMAP_S3_ENDPOINT_URL", raising=False)
    recorded = "http://127.0.0.1:9000"
    given = _parsed(["--endpoint-url", "http://127.0.0.1:9001"])
    assert given.storage_options(recorded)["client_kwargs"]["endpoint_url"].endswith(":9001")
    assert _parsed([]).storage_options(recorded)["client_kwargs"]["endpoint_url"] == recorded


@pytest.mark.parametrize("option", ["--include", "--exclude"])
def test_a_glob_that_cannot_compile_is_a_usage_error(option: str, tmp_path: Path) -> None:
    """Regression: `--include '[z-a]'` ended in a re.error traceback from the path matcher."""
    (tmp_path / "a.log").write_text("x\n", encoding="utf-8")
    for command, args in (
        (main, ["scan", str(tmp_path), "--out", str(tmp_path / "out")]),
        (spark_job, [str(tmp_path), "--out", str(tmp_path / "out")]),
        # Regression: `check` took the glob unchecked and ended in a traceback, exit 1.
        (main, ["check", str(tmp_path), "--no-config", "--output", str(tmp_path / "out")]),
    ):
        result = CliRunner().invoke(command, [*args, option, "[z-a].log"])
        assert result.exit_code == 2, result.output
        assert "bad character class" in result.output
        assert not (tmp_path / "out").exists()


def test_the_spark_job_needs_a_run_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(spark_job, [str(tmp_path)])
    assert result.exit_code == 2 and "--out is required" in result.output
