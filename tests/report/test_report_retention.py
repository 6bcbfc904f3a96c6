"""The report gains a retention section only when the policy sets retention periods."""

from __future__ import annotations

import os
from pathlib import Path

from tests.fixtures.cli import scan_into

ROOT = Path(__file__).resolve().parents[2]
RETENTION_POLICY = ROOT / "configs/policies/esign-sg-retention.yaml"


def _scan(tmp_path: Path, policy: Path) -> Path:
    src = tmp_path / "src" / "logs"
    src.mkdir(parents=True)
    log = src / "app.log"
    log.write_text("2024-01-02T10:00:00Z INFO login from 203.0.113.9 ok\n", encoding="utf-8")
    old = 1_600_000_000  # 2020-09-13: long past any 180-day period
    os.utime(log, (old, old))
    out = tmp_path / f"run-{policy.stem}"
    scan_into(out, str(tmp_path / "src"), "--policy", str(policy), "--format", "html")
    return out


def test_retention_section_lists_files_over_retention(tmp_path):
    out = _scan(tmp_path, RETENTION_POLICY)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="retention"' in html
    assert 'data-status="over_retention"' in html


def test_no_retention_section_without_periods(tmp_path):
    out = _scan(tmp_path, ROOT / "configs/policies/esign-sg.yaml")
    assert 'id="retention"' not in (out / "report.html").read_text(encoding="utf-8")
