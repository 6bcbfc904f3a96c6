"""Issue 18 items 1, 2 and 4: small hostile inputs must not cost quadratic time or unbounded
output. Each case is a scaling property (see ``scaling.py``): four times the input, at most
~four times the CPU time; decompressors and PDFs obey one output/input ratio rule."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import sys
import zipfile
from pathlib import Path

import pytest

from recognizers.generic.organization import CompanySuffixRecognizer
from scanner.extract import ExtractError, Limits, extract
from scanner.model import Segment
from scanner.scan.pipeline import ScanConfig, ScanContext

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_hostile import shared_stream_pdf  # noqa: E402

from tests.fixtures.scaling import assert_linear  # noqa: E402


@pytest.fixture(scope="module")
def detector():
    return ScanContext(ScanConfig(run_id="dos")).detector


def _drain(name: str, data: bytes, limits: Limits | None = None) -> tuple[list, str | None]:
    segments = []
    try:
        for segment in extract(name, io.BytesIO(data), limits=limits or Limits()):
            segments.append(segment)
    except ExtractError as exc:
        return segments, exc.reason
    return segments, None


def _detect_all(detector, name: str, data: bytes) -> int:
    return sum(1 for _ in detector.detect(extract(name, io.BytesIO(data))))


# -- item 1: company-suffix search and long structured values -----------------------------------
def test_company_suffix_search_is_linear():
    """8 MB of `Ltd ` took 55.6 s: every suffix searched back to offset 0 for its name words."""
    rec = CompanySuffixRecognizer()
    assert_linear(lambda n: "Ltd " * (n // 4), rec.spans, 400_000)
    assert_linear(lambda n: "Ltd " * (n // 4), lambda t: rec.analyze(t, ["ORGANIZATION"]), 200_000)


def test_company_suffix_windows_still_find_names_after_a_suffix_run():
    rec = CompanySuffixRecognizer()
    text = "Ltd " * 50_000 + "invoice from Acme Widgets Pte Ltd today"
    spans = [text[s:e] for s, e, _score, _meta in rec.spans(text)]
    assert "Acme Widgets Pte Ltd" in spans


@pytest.mark.parametrize(
    "unit", ["Ltd ", "Pte. Ltd. ", "Acme Pte ", "S1234567D ", "+65 ", "a@b.", "1.1."]
)
def test_detection_of_adversarial_log_text_is_linear(detector, unit):
    def segment(n: int) -> Segment:
        return Segment(text=unit * (n // len(unit)), path="x.log", kind="log")

    assert_linear(segment, detector.detect_segment, 100_000, repeats=3)


@pytest.mark.parametrize("name", ["one.json", "one.jsonl"])
def test_one_huge_json_string_is_linear(detector, name):
    """1 MB in one JSON string took 7.7 s and 2 MB 32.1 s (x4 for x2)."""

    def document(n: int) -> bytes:
        return json.dumps({"note": "Ltd " * (n // 4)}).encode() + b"\n"

    assert_linear(document, lambda data: _detect_all(detector, name, data), 256_000, repeats=3)


def test_one_huge_csv_cell_is_linear(detector):
    def table(n: int) -> bytes:
        return b"id,note\n1," + b"Ltd " * (n // 4) + b"\n"

    assert_linear(table, lambda data: _detect_all(detector, "t.csv", data), 256_000, repeats=3)


# -- item 2: a CSV row with a huge column count ----------------------------------------------------
def test_wide_csv_row_is_linear():
    """A row of 200k columns took 13.6 s (1M > 115 s): newlines were counted from the record
    start for every cell."""

    def table(columns: int) -> bytes:
        return (",".join(f"c{i}" for i in range(columns)) + "\n" + ",x" * columns + "\n").encode()

    assert_linear(table, lambda data: _drain("wide.csv", data), 50_000, repeats=3)


def test_wide_multiline_csv_row_keeps_its_line_numbers():
    cells = ['"a\nb"'] * 3 + ["S1234567D"]
    segments, error = _drain("m.csv", ("h1,h2,h3,h4\n" + ",".join(cells) + "\n").encode())
    assert error is None
    assert [(s.text, s.line) for s in segments if s.context][-1] == ("S1234567D", 5)


# -- item 4: one ratio rule for every decompressor, and a cap on a PDF's text --------------------
LINES = b"2026-01-02T03:04:05Z INFO worker heartbeat ok\n"


@pytest.mark.parametrize(
    ("name", "compress", "megabytes"),
    [
        ("bomb.log.gz", gzip.compress, 40),
        ("bomb.log.bz2", bz2.compress, 8),  # bzip2 and xz reach far higher ratios on logs
        ("bomb.log.xz", lzma.compress, 8),
    ],
)
def test_compressed_stream_obeys_the_ratio_rule(name, compress, megabytes):
    """A 204 KB .log.gz at 1028:1 used to be scanned fully: gzip/bz2/xz had no ratio limit."""
    raw = LINES * (megabytes * 1024 * 1024 // len(LINES))
    data = compress(raw)
    limits = Limits()
    assert len(raw) > 2 * limits.ratio_limit(len(data))
    segments, reason = _drain(name, data, limits)
    produced = sum(len(s.text) for s in segments)
    assert produced <= limits.ratio_limit(len(data))
    assert reason is not None and "max_ratio 100:1" in reason
    assert segments and segments[0].text.startswith("2026-01-02")  # what was read is kept


def test_repetitive_small_compressed_log_is_scanned_whole():
    data = gzip.compress(LINES * 10_000)  # 470 KB at ~400:1: under ratio_floor_bytes
    segments, reason = _drain("small.log.gz", data)
    assert reason is None and sum(len(s.text) for s in segments) == len(LINES) * 10_000


def _zip_of_small_members(members: int, size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"part-{i:04d}.log", LINES * (size // len(LINES)))
    return buffer.getvalue()


def test_zip_of_small_members_obeys_the_ratio_rule():
    """Members under 1 MiB skipped the ratio check: a 108 KB zip yielded 100 MB."""
    data = _zip_of_small_members(100, 1_000_000)
    limits = Limits()
    segments, reason = _drain("many.zip", data, limits)
    produced = sum(len(s.text) for s in segments)
    assert 100 * 1_000_000 > 2 * limits.ratio_limit(len(data))
    assert produced <= limits.ratio_limit(len(data))
    assert reason is not None and "max_ratio 100:1" in reason


def test_zip_of_ordinary_members_is_not_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(20):
            archive.writestr(f"m{i}.txt", " ".join(f"word{i}-{j}" for j in range(20_000)))
    segments, reason = _drain("ok.zip", buffer.getvalue())
    assert reason is None and len({s.path for s in segments}) == 20


def _pdf_limits() -> Limits:
    return Limits(max_ratio=10, ratio_floor_bytes=64 * 1024)


def test_pdf_pages_sharing_one_stream_are_capped():
    """A 6 KB PDF whose 20 pages share one 1 MB content stream took 29 s."""
    data = shared_stream_pdf(20, 40_000)
    limits = _pdf_limits()
    segments, reason = _drain("shared.pdf", data, limits)
    assert sum(len(s.text) for s in segments) <= limits.ratio_limit(len(data))
    assert {s.page for s in segments} == {1}
    assert reason is not None and "pages 2-20 not scanned" in reason


def test_pdf_with_more_shared_pages_costs_no_more():
    def pdf(pages: int) -> bytes:
        return shared_stream_pdf(pages, 40_000)

    limits = _pdf_limits()
    small, big = assert_linear(pdf, lambda d: _drain("s.pdf", d, limits), 20, repeats=3)
    # The text is capped, so only the page tree grows with the pages: four times the pages cost
    # about twice the time (the uncapped extraction grew with every page's copy of the stream).
    assert big < 3 * max(small, 0.05)


def test_text_cap_per_file_is_reported():
    limits = Limits(max_text_chars=10_000)
    segments, reason = _drain("big.log", LINES * 1000, limits)
    assert sum(len(s.text) for s in segments) == 10_000
    assert reason is not None and "Limits.max_text_chars" in reason
