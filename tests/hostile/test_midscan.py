"""Files that vanish or change between listing and reading get an error with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

import scanner.scan.pipeline as pipeline
from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, scan_files

NRIC = "S8412345E"


@pytest.fixture(scope="module")
def context() -> ScanContext:
    return ScanContext(ScanConfig(run_id="midscan"))


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    for name in ("a.log", "b.log", "c.log"):
        (root / name).write_text(f"2026-01-01T00:00:00 INFO {name} nric={NRIC}\n" * 50)
    return root


def test_file_deleted_after_listing(tmp_path, context):
    root = _folder(tmp_path)
    items = list(list_sources([str(root)]))
    (root / "b.log").unlink()
    results = {r.record.path: r for r in scan_files(items, context.config, context=context)}
    assert results["b.log"].record.status == "error"
    assert "vanished" in results["b.log"].record.reason
    assert results["a.log"].record.status == results["c.log"].record.status == "scanned"
    assert results["c.log"].findings  # the scan went on


def _scan_changing(root: Path, context, monkeypatch, path: str, change) -> dict:
    """Scan ``root`` with ``change(file path)`` applied to ``path`` right after it is opened."""
    real_open = pipeline.open_source_file

    def open_then_change(f):
        stream = real_open(f)
        if f.path == path:
            change(f.uri)
        return stream

    monkeypatch.setattr(pipeline, "open_source_file", open_then_change)
    items = list_sources([str(root)])
    return {r.record.path: r for r in scan_files(items, context.config, context=context)}


def _append(uri: str) -> None:
    with open(uri, "a") as fh:
        fh.write(f"2026-01-01T00:00:01 INFO appended nric={NRIC}\n")


def _truncate(uri: str) -> None:
    with open(uri, "r+b") as fh:
        fh.truncate(10)


def test_file_growing_while_read_is_flagged(tmp_path, context, monkeypatch):
    results = _scan_changing(_folder(tmp_path), context, monkeypatch, "b.log", _append)
    record = results["b.log"].record
    assert record.status == "error"
    assert "changed while it was scanned" in record.reason
    assert results["b.log"].findings  # what was read is kept
    assert results["a.log"].record.status == "scanned"


def test_file_truncated_while_read_is_flagged(tmp_path, context, monkeypatch):
    results = _scan_changing(_folder(tmp_path), context, monkeypatch, "c.log", _truncate)
    assert results["c.log"].record.status == "error"
    assert "changed while it was scanned" in results["c.log"].record.reason
