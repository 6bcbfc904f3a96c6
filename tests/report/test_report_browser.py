"""The report in a real headless Chromium: it renders, its script runs without errors, and the
filter and sort controls of the undeclared table work as a user would drive them.

The page's own ``#selftest`` hook types into the filter, picks an entity type, clicks the Line
header twice and writes what it saw into ``<body data-selftest>``; ``--dump-dom`` returns it.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest

from scanner.report import write_report
from tests.fixtures.rundir import sample_findings

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-dev-shm-usage",
)  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    found = found or shutil.which("google-chrome")
    if not found:
        pytest.skip("chromium not installed: run `make browser` (apt-get install chromium) "
                    "to enable this test")  # fmt: skip
    return found


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def selftest(chromium: str, report: Path, tmp_path: Path, fragment: str) -> lxml.html.HtmlElement:
    url = report.resolve().as_uri() + "#" + fragment
    proc = run_chromium(chromium, tmp_path / "profile", "--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return lxml.html.document_fromstring(proc.stdout)


@pytest.fixture
def report(sample_run: Path, policy) -> Path:
    return write_report(sample_run, policy=policy)


def test_filter_and_sort_in_browser(chromium, report, tmp_path):
    undeclared = [f for f in sample_findings() if not f["declared"]]
    query, entity = "app.log", "EMAIL_ADDRESS"
    expected = [f for f in undeclared if query in f["path"] and f["entity_type"] == entity]
    assert len(expected) == 2  # a subset: the filter has to hide rows to pass

    dom = selftest(chromium, report, tmp_path, f"selftest&q={quote(query)}&entity={entity}")
    body = dom.xpath("//body")[0]
    assert json.loads(body.get("data-errors")) == []
    result = json.loads(body.get("data-selftest"))
    assert result["total"] == len(undeclared)
    assert result["visible"] == len(expected)
    assert result["counter"] == f"{len(expected)} of {len(undeclared)} rows"
    lines = [f["line"] for f in expected]
    assert (result["sort_asc"], result["first_line_asc"]) == ("ascending", min(lines))
    assert (result["sort_desc"], result["first_line_desc"]) == ("descending", max(lines))
    hidden = dom.xpath('//table[@id="undeclared-table"]/tbody/tr[@hidden]')
    assert len(hidden) == len(undeclared) - len(expected)


def test_text_filter_alone(chromium, report, tmp_path):
    undeclared = [f for f in sample_findings() if not f["declared"]]
    query = "example.com"  # matches masked e-mail values, case-insensitively
    expected = [f for f in undeclared if query in f["masked_value"].lower()]
    dom = selftest(chromium, report, tmp_path, f"selftest&q={quote(query.upper())}")
    result = json.loads(dom.xpath("//body")[0].get("data-selftest"))
    assert 0 < result["visible"] == len(expected) < len(undeclared)


def test_screenshot(chromium, report, tmp_path):
    png = report.parent / "report.png"
    proc = run_chromium(chromium, tmp_path / "profile", f"--screenshot={png}",
                        "--window-size=1366,900", report.resolve().as_uri())  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1366, 900)
    assert len(data) > 20_000  # a rendered page, not a blank canvas
