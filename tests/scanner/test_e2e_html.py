"""`scan --format html` writes the analyst report and the data map next to the inventory."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.fixtures.cli import scan_into


def test_scan_format_html_writes_report_and_datamap(tmp_path: Path) -> None:
    src = tmp_path / "src" / "logs"
    src.mkdir(parents=True)
    (src / "app.log").write_text("nric=S8412345E from 203.0.113.7\n", encoding="utf-8")
    out = tmp_path / "run"
    scan_into(out, str(tmp_path / "src"), "--format", "html")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "S8412345E" not in html and 'id="undeclared"' in html
    rows = list(csv.DictReader((out / "datamap.csv").open(encoding="utf-8")))
    summary = json.loads((out / "summary.json").read_text())
    assert sum(int(r["findings"]) for r in rows) == summary["findings"]["total"]
