"""Issue 18 item 5: text that is not valid UTF-8 never stops a scan or the gate.

A Latin-1 file name (``caf\\xe9.log``, as a Windows share or an old tar writes it) reaches us as a
str with a surrogate escape, and a JSON key may hold a lone surrogate (``"\\ud800x"``). Both
used to raise ``UnicodeEncodeError`` in the journal (exit 1, no inventory) or in ``check``'s
report. Now the journal keeps them losslessly and every output shows them escaped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scanner.model import FileRecord, Finding
from scanner.scan.journal import RunState
from scanner.unicode_safe import escape_surrogates

PIIMAP = str(Path(sys.executable).with_name("piimap"))
KEY = "0123456789abcdef0123456789abcdef"
LATIN1_NAME = b"caf\xe9.log"
SURROGATE_KEY_JSON = '{"\\ud800x": "S1234567D", "email": "tan@example.com"}\n'


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PIIMAP_HASH_KEY=KEY, HOME=str(cwd))
    env.pop("CI", None)
    return subprocess.run([PIIMAP, *args], cwd=cwd, env=env, capture_output=True, timeout=300)


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    with open(os.path.join(os.fsencode(data), LATIN1_NAME), "wb") as f:
        f.write(b"2026-01-02 INFO login nric=S1234567D\n")
    (data / "keys.json").write_text(SURROGATE_KEY_JSON, encoding="ascii")
    (data / "ok.log").write_text("2026-01-02 INFO mail tan@example.com\n")
    return data


def test_scan_records_every_file_and_shows_odd_names_escaped(hostile_names, tmp_path):
    run = _run(["scan", str(hostile_names), "--out", str(tmp_path / "run"), "-q"], tmp_path)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    files = {r["path"]: r for r in pq.read_table(tmp_path / "run/files.parquet").to_pylist()}
    assert set(files) == {"caf\\xe9.log", "keys.json", "ok.log"}
    assert all(r["status"] == "scanned" for r in files.values())
    findings = pq.read_table(tmp_path / "run/findings.parquet").to_pylist()
    found = {(f["path"], f["entity_type"], f["field"]) for f in findings}
    assert ("caf\\xe9.log", "SG_NRIC_FIN", None) in found
    assert ("keys.json", "SG_NRIC_FIN", '$["\\ud800x"]') in found
    summary = json.loads((tmp_path / "run/summary.json").read_text(encoding="utf-8"))
    assert summary  # summary.json was written and is valid UTF-8 JSON


def test_check_reports_instead_of_crashing(hostile_names, tmp_path):
    run = _run(["check", str(hostile_names)], tmp_path)
    out = run.stdout.decode("utf-8")  # valid UTF-8: nothing unencodable reached the terminal
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")
    assert run.returncode == 1  # undeclared findings: the gate fails, it does not crash
    assert "caf\\xe9.log:1: SG_NRIC_FIN" in out
    assert '$["\\ud800x"]' in out


def test_check_sarif_is_valid_json_with_escaped_names(hostile_names, tmp_path):
    run = _run(["check", str(hostile_names), "--format", "sarif"], tmp_path)
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")
    sarif = json.loads(run.stdout.decode("utf-8"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert any("caf" in uri for uri in uris)


def test_journal_keeps_non_utf8_text_losslessly(tmp_path):
    path = "dir/caf\udce9.log"
    record = FileRecord(path=path, size=1, source="src\udcff", status="scanned", findings=1)
    finding = Finding(
        run_id="r", source="src\udcff", path=path, source_kind="logs", file_type="log",
        entity_type="SG_NRIC_FIN", category="x", declared=False, score=1.0, recognizer="r",
        start=0, end=9, line=1, page=None, field='$["\ud800x"]', value_hash="h",
        masked_value="S****567D", value="S1234567D\ud800",
    )  # fmt: skip
    state = RunState.create(tmp_path, {})
    state.record(1, record, [finding])
    assert state.done() == {("src\udcff", path)}
    [(back, [back_finding])] = list(state.iter_files("r"))
    state.close()
    assert back.path == path and back.source == "src\udcff"
    assert back_finding.field == '$["\ud800x"]' and back_finding.value == "S1234567D\ud800"


def test_escape_surrogates():
    assert escape_surrogates("caf\udce9.log") == "caf\\xe9.log"
    assert escape_surrogates("\ud800x") == "\\ud800x"
    assert escape_surrogates("plain café") == "plain café"


def test_scan_argument_that_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"exports-\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"a.log"), "wb") as f:
        f.write(b"nric S1234567D\n")
    run = _run(["scan", os.fsdecode(folder), "--out", str(tmp_path / "run"), "-q",
                "--format", "parquet", "--format", "html"], tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    summary = json.loads((tmp_path / "run/summary.json").read_text(encoding="utf-8"))
    assert summary["sources"] == [os.fsdecode(folder).replace("\udce9", "\\xe9")]
    findings = pq.read_table(tmp_path / "run/findings.parquet").to_pylist()
    assert [f["path"] for f in findings] == ["a.log"]
    assert (tmp_path / "run/report.html").is_file()
