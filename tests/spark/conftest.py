"""A real local Spark session for the Spark engine tests, and a corpus with every file type.

One session serves the whole module (starting a JVM costs seconds). Its executor environment
holds a decoy hash key, so a test comparing value hashes fails if the engine does not ship the
driver's key to the executors.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

DECOY_EXECUTOR_KEY = "decoy-executor-key-that-must-never-be-used-0000"

PEOPLE = [
    ("Tan Wei Ming", "S8412345E", "+65 9123 4567", "weiming.tan@example.com.sg"),
    ("Priya Nair", "T0312457B", "8123 4567", "priya.nair@example.sg"),
    ("Lars Eriksson", "F9123456N", "+65 8765 4321", "lars.eriksson@example.com"),
]


def _log_lines() -> str:
    return "".join(
        f"2026-11-01T08:0{i}:00Z INFO login user={email} nric={nric} ip=192.168.10.{20 + i} "
        f"phone={phone}\n"
        for i, (_, nric, phone, email) in enumerate(PEOPLE)
    )


def _prose(i: int) -> str:
    name, nric, phone, email = PEOPLE[i % len(PEOPLE)]
    return (
        f"This agreement is made between Acme Widgets Pte. Ltd. (UEN 201912345R) and {name} "
        f"(NRIC {nric}) of Singapore 560123. Notices go to {email} or {phone}. "
        f"Card on file: 4111 1111 1111 1111.\n"
    )


def _pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def _docx_bytes(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for para in text.split("\n"):
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table_rows() -> list[dict[str, str]]:
    return [{"name": n, "nric": r, "mobile": p, "email": e} for n, r, p, e in PEOPLE]


def _delimited(delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=["name", "nric", "mobile", "email"], delimiter=delimiter
    )
    writer.writeheader()
    writer.writerows(_table_rows())
    return buf.getvalue()


def write_every_type_corpus(root: Path, outside: Path) -> Path:
    """Every format piimap reads, plus files that fail at listing, at extraction or are skipped."""
    logs = root / "logs"
    docs = root / "contracts"
    data = root / "identity"
    for d in (logs, docs, data):
        d.mkdir(parents=True)
    log = _log_lines()
    (logs / "app.log").write_text(log, encoding="utf-8")
    (logs / "app.log.1.gz").write_bytes(gzip.compress(log.encode(), mtime=0))
    (logs / "app.log.2.bz2").write_bytes(bz2.compress(log.encode()))
    (logs / "app.log.3.xz").write_bytes(lzma.compress(log.encode()))
    (logs / "events.jsonl").write_text(
        "".join(
            json.dumps({"user": {"email": e, "nric": r}, "phone": p}) + "\n"
            for _, r, p, e in PEOPLE
        ),
        encoding="utf-8",
    )
    (logs / "truncated.log.gz").write_bytes(gzip.compress((log * 50).encode(), mtime=0)[:200])
    (docs / "letter.txt").write_text(_prose(0), encoding="utf-8")
    (docs / "agreement.pdf").write_bytes(_pdf_bytes(_prose(1)))
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n")
    (docs / "nda.docx").write_bytes(_docx_bytes(_prose(2) + _prose(0)))
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("inner/letter.txt", _prose(1))
        zf.writestr("inner/export.csv", _delimited(","))
    (docs / "bundle.zip").write_bytes(bundle.getvalue())
    (data / "people.json").write_text(json.dumps({"people": _table_rows()}), encoding="utf-8")
    (data / "people.csv").write_text(_delimited(","), encoding="utf-8")
    (data / "people.tsv").write_text(_delimited("\t"), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(_table_rows()), data / "people.parquet")
    (data / "blob.bin").write_bytes(bytes(range(256)) * 16)
    # Listed but unreadable: a FIFO and a symlink leaving the root (chmod 000 would not stop
    # a test running as root).
    os.mkfifo(data / "pipe.fifo")
    (outside / "secret.txt").write_text(_prose(2), encoding="utf-8")
    (data / "escape.txt").symlink_to(outside / "secret.txt")
    return root


@pytest.fixture(scope="session")
def every_type_corpus(tmp_path_factory) -> Path:
    outside = tmp_path_factory.mktemp("outside")
    return write_every_type_corpus(tmp_path_factory.mktemp("corpus") / "root", outside)


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """A real ``local[2]`` Spark session with small memory settings, stopped after the tests."""
    if shutil.which("java") is None:
        pytest.skip("java is not on PATH: the Spark engine tests need a JVM (Java 17+)")
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'piimap[spark]')")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("piimap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "768m")
        .config("spark.executor.memory", "512m")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executorEnv.PIIMAP_HASH_KEY", DECOY_EXECUTOR_KEY)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
