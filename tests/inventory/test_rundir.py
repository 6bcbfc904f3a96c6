"""The one run-folder reader: every consumer (report, locate, retention) gives the same one-line
answer for a folder that is not a run, and a damaged table is named by file and error type only,
never by what it holds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scanner.dsar.locate import LocateError, open_run
from scanner.dsar.retention import RetentionError, retention_rows
from scanner.inventory.rundir import FILES, FINDINGS, RunDir, RunFolderError, open_run_dir
from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy
from scanner.protect.hashing import load_hash_key
from scanner.report.model import ReportError, load_run

SECRET = "S1234567D"


def make_run(root: Path, summary: object | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if summary is not None:
        text = summary if isinstance(summary, str) else json.dumps(summary)
        (root / "summary.json").write_text(text, encoding="utf-8")
    rows = [{"path": "logs/a.log", "category": "device-information", "value_hash": "ab" * 32}]
    pq.write_table(pa.Table.from_pylist(rows), root / FINDINGS)
    return root


def test_open_run_dir_says_what_is_wrong(tmp_path):
    with pytest.raises(RunFolderError, match="no such file or folder"):
        open_run_dir(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(RunFolderError, match="is a file, not a run folder"):
        open_run_dir(tmp_path / "file")
    with pytest.raises(RunFolderError, match=r"not a piimap run folder \(no summary.json\)"):
        open_run_dir(make_run(tmp_path / "half"))
    run = open_run_dir(make_run(tmp_path / "run", {"run_id": "r1"}))
    assert run.summary() == {"run_id": "r1"}


@pytest.mark.parametrize(
    ("summary", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object")],
)
def test_a_bad_summary_is_named(tmp_path, summary, message):
    run = RunDir(make_run(tmp_path / "run", summary))
    with pytest.raises(RunFolderError, match=message):
        run.summary()
    assert run.recorded_policy_path() is None


def test_the_recorded_policy_path(tmp_path):
    run = RunDir(make_run(tmp_path / "run", {"policy": {"id": "p", "path": "/x/p.yaml"}}))
    assert run.recorded_policy_path() == "/x/p.yaml"
    assert RunDir(make_run(tmp_path / "bare", {"policy": "p"})).recorded_policy_path() is None


def test_tables_are_read_by_name_and_columns(tmp_path):
    run = open_run_dir(make_run(tmp_path / "run", {}))
    assert run.read_table(FINDINGS, columns=["path"]).to_pylist() == [{"path": "logs/a.log"}]
    assert list(run.read_frame(FINDINGS).columns) == ["path", "category", "value_hash"]
    with pytest.raises(RunFolderError, match=f"run directory {run.path} has no {FILES}"):
        run.read_table(FILES)


def test_a_damaged_table_is_named_without_its_content(tmp_path):
    run = RunDir(make_run(tmp_path / "run", {}))
    run.findings_path.write_bytes(f"PAR1 {SECRET} not parquet".encode())
    for read in (run.dataset, run.read_table, lambda: run.read_frame(FINDINGS)):
        with pytest.raises(RunFolderError, match="findings.parquet: cannot read parquet") as exc:
            read()
        assert SECRET not in str(exc.value)


@pytest.mark.parametrize(
    ("read", "error"),
    [
        (lambda p: load_run(p), ReportError),
        (lambda p: open_run(p, load_hash_key()), LocateError),
        (
            lambda p: retention_rows(p, load_policy(DEFAULT_POLICY_PATH), date(2026, 1, 1)),
            RetentionError,
        ),
    ],
    ids=["report", "locate", "retention"],
)
def test_every_reader_gives_the_same_not_a_run_answer(tmp_path, read, error):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("not a run")
    with pytest.raises(error, match=r"is not a piimap run folder \(no summary.json, findings"):
        read(tmp_path / "notes")
    with pytest.raises(error, match="no such file or folder"):
        read(tmp_path / "nowhere")


def test_report_on_a_damaged_run_is_a_one_line_usage_error(tmp_path):
    from click.testing import CliRunner

    from scanner.cli.main import main
    from scanner.exit_codes import EXIT_USAGE

    run = make_run(tmp_path / "run", {"run_id": "r1"})
    (run / FINDINGS).write_bytes(f"PAR1 {SECRET}".encode())
    result = CliRunner().invoke(main, ["report", str(run)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "findings.parquet: cannot read parquet" in result.stderr
    assert "Traceback" not in result.output + result.stderr and SECRET not in result.stderr
