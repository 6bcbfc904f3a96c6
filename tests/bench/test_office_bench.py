"""The xlsx/eml bench rows: real generated files, scanned by piimap in a child process."""

from __future__ import annotations

import random
import zipfile

from bench.office_bench import make_eml, make_xlsx, render_office, run_office_bench
from scanner.extract import sniff_file_type


def test_generated_files_are_real_and_sized(tmp_path):
    xlsx, eml = tmp_path / "a.xlsx", tmp_path / "a.eml"
    rows = make_xlsx(xlsx, 60_000, random.Random(7))
    planted = make_eml(eml, 60_000, random.Random(7))
    assert zipfile.ZipFile(xlsx).testzip() is None and rows >= 100
    assert 30_000 < xlsx.stat().st_size < 120_000
    assert 30_000 < eml.stat().st_size < 120_000 and planted >= 30
    assert sniff_file_type("x", eml.read_bytes()[:65536]) == "eml"


def test_rows_report_seconds_per_mb_and_recall(tmp_path, monkeypatch):
    # The hash key must be >= 16 random bytes as hex/base64 (key safety, issue 17).
    monkeypatch.setenv("PIIMAP_HASH_KEY", "5f0c9e2a71b84d36a9e1c07f2b6d8e4319a5c7f0d2e8b1a4")
    result = run_office_bench(tmp_path, megabytes=0.02)
    rows = {row["format"]: row for row in result["rows"]}
    assert set(rows) == {"xlsx", "eml"}
    for row in rows.values():
        assert "error" not in row, row
        assert row["seconds"] > 0 and row["s_per_mb"] > 0
        assert row["statuses"] == {"scanned": 1}
        assert row["nric_found"] == row["nric_planted"] > 0  # every planted NRIC is found
    markdown = "\n".join(render_office(result))
    assert "| xlsx |" in markdown and "| eml |" in markdown
