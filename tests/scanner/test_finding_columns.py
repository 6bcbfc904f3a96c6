"""A file's findings travel as columns (``FindingColumns``): the same rows as one ``Finding``
per detection, cheap to pickle back from a worker, still a sequence of ``Finding`` to readers."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

from scanner.extract import extract, sniff_file_type
from scanner.model import Finding, FindingColumns
from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, scan_files
from scanner.sources import SourceFile

LOG = (
    "2026-01-01T00:00:01 INFO login nric=S1234567D ip=10.20.30.40 email=tan@example.com\n"
    "2026-01-01T00:00:02 WARN retry ip=10.20.30.40 phone=+65 9123 4567 ip6=2001:db8::1\n"
    "2026-01-01T00:00:03 INFO again nric=s1234567d card=4111 1111 1111 1111\n"
) * 3


def _log_file(tmp_path: Path, name: str = "app.log") -> SourceFile:
    path = tmp_path / name / name
    path.parent.mkdir()
    path.write_text(LOG, encoding="utf-8")
    (item,) = list_sources([str(path.parent)])
    assert isinstance(item, SourceFile)
    return item


def _rows_one_by_one(ctx: ScanContext, f: SourceFile) -> list[Finding]:
    """The findings built the per-row way: ``ScanContext.protect`` for each detection."""
    from scanner.detect.ocr_detect import detect_segments

    data = Path(f.uri).read_bytes()
    file_type = sniff_file_type(f.path, data[:8192])
    kind = ctx.source_kind(f.path, f.source)
    segments = extract(f.path, io.BytesIO(data), limits=ctx.config.limits)
    return [ctx.protect(d, f, file_type, kind) for d in detect_segments(ctx.detector, segments)]


@pytest.mark.parametrize("reveal", [False, True])
def test_columns_hold_the_rows_protect_builds(tmp_path, reveal):
    ctx = ScanContext(ScanConfig(run_id="cols", profile="logs", reveal=reveal))
    f = _log_file(tmp_path)
    result = ctx.scan_file(f)
    assert isinstance(result.findings, FindingColumns)
    rows = _rows_one_by_one(ctx, f)
    assert len(rows) >= 12
    assert list(result.findings) == rows
    assert result.findings == rows and rows == result.findings
    assert result.record.findings == len(rows)
    assert [f.value for f in result.findings] == [r.value for r in rows]
    assert all(v is not None for v in result.findings.column("value")) is reveal


def test_columns_come_back_from_two_workers_unchanged(tmp_path):
    config = ScanConfig(run_id="cols", profile="logs")
    ctx = ScanContext(config)
    items = [_log_file(tmp_path, f"app{i}.log") for i in range(3)]
    one = [r.findings for r in scan_files(items, config, context=ctx)]
    two = [r.findings for r in scan_files(items, config, workers=2, context=ctx)]
    assert all(isinstance(found, FindingColumns) for found in two)
    assert two == one


def _columns() -> FindingColumns:
    cols = FindingColumns("run", "src", "app_log", "log")
    for i, (entity, masked) in enumerate([("SG_NRIC_FIN", "S****567D"), ("EMAIL", "t***@x.sg")]):
        for name, value in {
            "path": "a.log",
            "entity_type": entity,
            "category": "cat",
            "declared": False,
            "score": 0.9,
            "recognizer": "r",
            "start": 10 * i,
            "end": 10 * i + 9,
            "line": i + 1,
            "page": None,
            "field": None,
            "value_hash": f"h{i}",
            "masked_value": masked,
            "value": None,
        }.items():
            cols.lists[name].append(value)
    return cols


def test_columns_pickle_as_lists_without_a_finding_object():
    cols = _columns()
    data = pickle.dumps(cols, protocol=pickle.HIGHEST_PROTOCOL)
    assert data.count(b"Finding") == data.count(b"FindingColumns") == 1
    back = pickle.loads(data)
    assert back == cols and list(back) == list(cols)
    assert back.lists == cols.lists and back.constants == cols.constants


def test_columns_read_like_a_list_of_findings():
    cols = _columns()
    rows = list(cols)
    assert len(cols) == 2 and bool(cols) and not FindingColumns("r", "s", "k", "t")
    assert cols[0] == rows[0] and cols[-1] == rows[1] and cols[0:1] == rows[:1]
    assert rows[1].source == "src" and rows[1].masked_value == "t***@x.sg"
    assert cols.column("file_type") == ["log", "log"]
    assert cols.column("start") == [0, 10]
    with pytest.raises(IndexError):
        cols[2]
    assert cols != rows[:1] and cols != [*rows[:1], rows[0]]


def test_the_protect_memo_stays_bounded(tmp_path, monkeypatch):
    from scanner.scan import pipeline

    monkeypatch.setattr(pipeline, "PROTECT_CACHE_SIZE", 3)
    ctx = ScanContext(ScanConfig(run_id="cols", profile="logs"))
    f = _log_file(tmp_path)
    found = ctx.scan_file(f).findings
    assert len({(x.entity_type, x.masked_value) for x in found}) > 3
    assert 0 < len(ctx._output_values) <= 3
    assert list(found) == _rows_one_by_one(ctx, f)  # cleared entries are computed again alike
