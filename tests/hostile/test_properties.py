"""Property tests: extractors and recognizers on arbitrary input.

1. No exception escapes ``extract`` other than the documented per-file errors (``ExtractError``,
   ``UnsupportedFile``), for random bytes and for mutated/truncated valid files of every format.
2. Offsets point at the reported text: for each detection, the file's extracted text at
   ``[start:end]`` equals the value (the decoded file for text formats; the text rebuilt from
   segment offsets for documents and archives).
3. Every recognizer returns spans inside the text it was given, and never raises.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import zipfile

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from scanner.detect.textnorm import normalize_for_detection
from scanner.extract import ExtractError, Limits, UnsupportedFile, extract
from scanner.scan.pipeline import ScanConfig, ScanContext

SMALL = Limits(chunk_chars=64, break_search_chars=16, max_line_chars=128, max_document_chars=4096)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
IDS = [
    "S8412345E", "T0312457B", "201912345R", "weiming.tan@example.com.sg", "+65 9123 4567",
    "4111 1111 1111 1111", "192.168.10.20", "Tan Wei Ming", "Blk 1 Singapore 123456",
]  # fmt: skip


@pytest.fixture(scope="module")
def detector():
    return ScanContext(ScanConfig(run_id="properties")).detector


def _seed_files() -> dict[str, bytes]:
    from fpdf import FPDF

    text = "Customer S8412345E mail weiming.tan@example.com.sg phone +65 9123 4567\n"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 8, text)
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=2, cols=1)
    table.cell(1, 0).text = "T0312457B"
    docx_buf = io.BytesIO()
    document.save(docx_buf)
    zip_buf = io.BytesIO()
    with zipfile.ZipFile(zip_buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/notes.txt", text)
        archive.writestr("b.json", json.dumps({"nric": "S8412345E"}))
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet_buf = io.BytesIO()
    pq.write_table(pa.table({"nric": ["S8412345E"] * 3, "n": [1, 2, 3]}), parquet_buf)
    return {
        "doc.pdf": bytes(pdf.output()),
        "doc.docx": docx_buf.getvalue(),
        "bundle.zip": zip_buf.getvalue(),
        "app.log.gz": gzip.compress(text.encode() * 20),
        "app.log.bz2": bz2.compress(text.encode() * 20),
        "app.log.xz": lzma.compress(text.encode() * 20),
        "table.parquet": parquet_buf.getvalue(),
        "data.json": json.dumps({"users": [{"nric": "S8412345E", "tel": "+65 91234567"}]}).encode(),
        "data.jsonl": b'{"a": "S8412345E"}\n{"b": [1, "x@example.com"]}\n',
        "data.csv": b"name,nric\nTan,S8412345E\n",
        "notes.txt": text.encode(),
    }


SEEDS = _seed_files()
NAMES = sorted(SEEDS) + ["blob", "x.tsv", "x.md"]


def _drain(name: str, data: bytes, limits: Limits = SMALL) -> list:
    segments = []
    try:
        for segment in extract(name, io.BytesIO(data), limits=limits):
            segments.append(segment)
    except (ExtractError, UnsupportedFile):
        pass
    return segments


def _claims_zip_version(data: bytes, version: int) -> bytes:
    """The archive with its first central-directory entry claiming "version needed to extract"
    ``version`` (64 = 6.4): a one-byte mutation Hypothesis once found, which made ``zipfile``
    raise NotImplementedError out of ``extract``."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    patched[at + 6] = version
    return bytes(patched)


NEWER_ZIP_VERSION = ("bundle.zip", _claims_zip_version(SEEDS["bundle.zip"], 64))
NEWER_DOCX_VERSION = ("doc.docx", _claims_zip_version(SEEDS["doc.docx"], 64))


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        data[pos] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return name, bytes(data[: cut if draw(st.booleans()) else len(data)])


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2048))
def test_random_bytes_raise_only_documented_errors(name, data):
    _drain(name, data)


@SETTINGS
@given(case=mutated())
@example(case=NEWER_ZIP_VERSION)
@example(case=NEWER_DOCX_VERSION)
def test_mutated_valid_files_raise_only_documented_errors(case):
    name, data = case
    _drain(name, data)


def _text_with_ids(draw) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(IDS), st.text(max_size=30), st.sampled_from([" ", "\n", ", "])
            ),
            max_size=20,
        )
    )
    return "".join(parts)


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(["notes.txt", "app.log", "x.md"]))
def test_offsets_point_at_the_value_in_text_files(detector, data, fmt):
    text = _text_with_ids(data.draw).replace("\r", "")  # CR counts as text; keep it simple
    raw = text.encode("utf-8")
    # A file whose first bytes are mostly NUL is binary by design (skipped, not text).
    assume(raw[:8192].count(b"\x00") * 10 <= len(raw[:8192]))
    detections = list(detector.detect(_drain_or_raise(fmt, raw)))
    for d in detections:
        assert _seen(text[d.start : d.end]) == d.value


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(["data.json", "data.csv", "data.jsonl"]))
def test_offsets_point_at_the_value_in_structured_files(detector, data, fmt):
    values = data.draw(st.lists(st.one_of(st.sampled_from(IDS), st.text(max_size=20)), max_size=6))
    if fmt == "data.json":
        text = json.dumps({f"k{i}": v for i, v in enumerate(values)}, ensure_ascii=False)
    elif fmt == "data.jsonl":
        text = "".join(json.dumps({"v": v}, ensure_ascii=False) + "\n" for v in values)
    else:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["name", "value"])
        for v in values:
            writer.writerow(["x", v])
        text = buf.getvalue()
    for d in detector.detect(_drain(fmt, text.encode("utf-8"), Limits())):
        assert _seen(text[d.start : d.end]) == d.value, (fmt, d)


@SETTINGS
@given(case=mutated())
@example(case=NEWER_ZIP_VERSION)
def test_offsets_point_at_the_value_in_documents_and_archives(detector, case):
    name, data = case
    segments = _drain(name, data, Limits())
    by_path: dict[str, dict[int, str]] = {}
    for s in segments:
        by_path.setdefault(s.path, {})[s.offset] = s.text
    for d in detector.detect(segments):
        pieces = by_path[d.path]
        start = max(o for o in pieces if o <= d.start)
        assert _seen(pieces[start][d.start - start : d.end - start]) == d.value


def test_the_offset_properties_see_detections(detector):
    """Guards the properties above against passing vacuously."""
    text = "x " + " , ".join(IDS) + "\n"
    for name in ("notes.txt", "app.log"):
        detections = list(detector.detect(_drain_or_raise(name, text.encode(), Limits())))
        assert {d.value for d in detections} >= {"S8412345E", "weiming.tan@example.com.sg"}
        assert all(_seen(text[d.start : d.end]) == d.value for d in detections)


def _seen(raw_span: str) -> str:
    """What the recognizers saw of a raw span: findings keep raw offsets and carry the
    normalized value (escape sequences and format characters dropped, NFKC, %XX decoded)."""
    return normalize_for_detection(raw_span).text


def _drain_or_raise(name: str, raw: bytes, limits: Limits = SMALL):
    return list(extract(name, io.BytesIO(raw), limits=limits))


@pytest.fixture(scope="module")
def recognizers():
    from recognizers import default_recognizers

    return default_recognizers()


@SETTINGS
@given(data=st.data())
def test_every_recognizer_returns_spans_inside_its_text(recognizers, data):
    text = _text_with_ids(data.draw)
    for rec in recognizers:
        for r in rec.analyze(text, rec.supported_entities, None) or []:
            assert 0 <= r.start < r.end <= len(text), (rec.name, r)
