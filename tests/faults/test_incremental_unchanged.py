"""An `--incremental` re-scan with nothing changed does only stat-and-compare work: it opens no
scanned file, imports neither spaCy, Presidio nor pandas, starts no worker process, and still
writes the same rows with every file counted as carried forward (issue 14 item 5).

The real CLI runs in a child process with a Python audit hook (``sys.addaudithook``) recording
every ``open`` under the data folder and every process it starts; audit hooks cannot be removed,
hence the child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from .conftest import HASH_KEY, inventory, make_corpus

_CHILD = r"""
import json, os, sys
root, report = sys.argv[1], sys.argv[2]
# Opens are appended to a file by descriptor, so forked workers' opens are recorded too.
log = os.open(report + ".opens", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
started = []

def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(root):
        os.write(log, (args[0] + "\n").encode())
    elif event in ("os.fork", "os.posix_spawn", "subprocess.Popen", "os.exec"):
        started.append(event)

sys.addaudithook(hook)
from scanner.cli.main import main
try:
    main(sys.argv[3:], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code
heavy = ("spacy", "presidio_analyzer", "scanner.detect.detector", "pandas", "phonenumbers")
heavy = [m for m in heavy if m in sys.modules]
opened = open(report + ".opens").read().splitlines()
with open(report, "w") as fh:
    json.dump({"code": code, "opened": opened, "started": started, "heavy": heavy}, fh)
"""


def _scan(root: Path, out: Path, *extra: str) -> dict:
    out.parent.mkdir(parents=True, exist_ok=True)
    report = out.parent / f"{out.name}.audit.json"
    env = {**os.environ, "PIIMAP_HASH_KEY": HASH_KEY}
    args = ["scan", str(root), "--out", str(out), "--profile", "logs", "-q", "--workers", "2"]
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(report), *args, *extra],
        check=True,
        env=env,
        timeout=600,
    )
    return json.loads(report.read_text())


def test_unchanged_rescan_opens_no_file_loads_no_ner_and_starts_no_worker(tmp_path):
    root = tmp_path / "data"
    make_corpus(root, 30, lines=50)
    first = _scan(root, tmp_path / "runs" / "first")
    # The hook does see a real scan: every file opened (in the workers), workers started.
    assert first["code"] == 0
    assert len(set(first["opened"])) == 30
    assert first["started"]

    again = _scan(root, tmp_path / "runs" / "again", "--incremental")
    assert again == {"code": 0, "opened": [], "started": [], "heavy": []}

    got, want = inventory(tmp_path / "runs" / "again"), inventory(tmp_path / "runs" / "first")
    assert got[0].num_rows > 0
    assert got[0].equals(want[0]) and got[1].equals(want[1])
    files = pq.read_table(tmp_path / "runs" / "again" / "files.parquet")
    assert files["carried_forward"].to_pylist() == [True] * 30
    summary = json.loads((tmp_path / "runs" / "again" / "summary.json").read_text())
    assert summary["files"]["carried_forward"] == 30
    # Everything else the summary says is the first scan's: only the run's id, its times and
    # how its rows were made differ.
    before = json.loads((tmp_path / "runs" / "first" / "summary.json").read_text())
    for s in (summary, before):
        for key in ("run_id", "started_at", "finished_at", "duration_seconds", "incremental"):
            s.pop(key)
        s["files"].pop("carried_forward")
    assert summary == before
    assert summary["findings"]["total"] == got[0].num_rows


def test_one_changed_file_is_the_only_one_opened(tmp_path):
    root = tmp_path / "data"
    files = make_corpus(root, 12, lines=40)
    _scan(root, tmp_path / "runs" / "first")
    changed = files[5]
    with open(changed, "a") as fh:
        fh.write("2026-01-03T00:00:00 INFO added mail=new.person@example.com\n")
    again = _scan(root, tmp_path / "runs" / "again", "--incremental")
    assert again["code"] == 0
    assert set(again["opened"]) == {str(changed)}
    files_table = pq.read_table(tmp_path / "runs" / "again" / "files.parquet").to_pylist()
    carried = {row["path"]: row["carried_forward"] for row in files_table}
    assert sum(carried.values()) == 11
    assert carried[str(changed.relative_to(root))] is False
