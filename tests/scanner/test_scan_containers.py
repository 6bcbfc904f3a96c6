"""End to end: `piimap scan` over a tar.gz of logs, an xlsx, a pptx and an e-mail with an
attachment finds the identifiers inside them with member paths and office locations."""

from __future__ import annotations

import io
import tarfile
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pandas as pd
import pptx
import pyarrow.parquet as pq
import pytest
from pptx.util import Inches

from tests.fixtures.cli import scan_into

NRICS = ["S1234567D", "T0123456G", "F1234567N", "S7654321F", "S0000001I", "T1234567J"]


def _write_corpus(folder: Path) -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, text in (
            ("app/app.log", f"2024-03-01 INFO login nric={NRICS[0]}\n"),
            ("app/old/app.log.1", f"2024-02-01 WARN retry nric={NRICS[1]}\n"),
        ):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    (folder / "logs.tar.gz").write_bytes(out.getvalue())

    workbook = openpyxl.Workbook()
    workbook.active.title = "Staff"
    workbook.active.append(["name", "nric"])
    workbook.active.append(["Tan Ah Kow", NRICS[2]])
    workbook.save(folder / "staff.xlsx")

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.shapes.add_textbox(0, 0, Inches(3), Inches(1)).text_frame.text = "Quarterly review"
    slide.notes_slide.notes_text_frame.text = f"Tenant NRIC {NRICS[3]}"
    deck.save(folder / "review.pptx")

    message = EmailMessage()
    message["From"] = Address("Lim Mei Ling", "meiling", "example.sg")
    message["To"] = "hr@example.sg"
    message["Subject"] = "Details"
    message.set_content(f"NRIC {NRICS[4]}\n", cte="base64")
    message.add_attachment(
        f"name,nric\nOng,{NRICS[5]}\n".encode(),
        maintype="text",
        subtype="csv",
        filename="details.csv",
    )
    (folder / "mail.eml").write_bytes(message.as_bytes())


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("containers")
    _write_corpus(corpus)
    out = tmp_path_factory.mktemp("run")
    scan_into(
        out,
        str(corpus),
        "--profile",
        "logs",
        "--format",
        "csv",
        env={"PIIMAP_HASH_KEY": "containers-key-0123456789abcdef0123"},
    )
    return out


def test_every_nric_is_found_where_it_is(run_dir: Path) -> None:
    rows = pq.read_table(run_dir / "findings.parquet").to_pylist()
    nric = [r for r in rows if r["entity_type"] == "SG_NRIC_FIN"]
    located = {(r["path"], r["page"], r["field"]) for r in nric}
    assert located == {
        ("logs.tar.gz!app/app.log", None, None),
        ("logs.tar.gz!app/old/app.log.1", None, None),
        ("staff.xlsx", None, "Staff!B2"),
        ("review.pptx", 1, "notes"),
        ("mail.eml", None, "body"),
        ("mail.eml!details.csv", None, "nric"),
    }


def test_names_from_sheet_headers_and_mail_display_names(run_dir: Path) -> None:
    findings = pd.read_parquet(run_dir / "findings.parquet")
    people = findings[findings["entity_type"] == "PERSON"]
    fields = set(people["field"])
    assert "Staff!A2" in fields  # the `name` header makes the column a name field
    assert "header.From" in fields  # the display name of the sender
    assert "Lim Mei Ling" not in set(people["masked_value"])


def test_files_are_scanned_and_no_raw_value_leaks(run_dir: Path) -> None:
    files = pd.read_parquet(run_dir / "files.parquet")
    assert set(files["status"]) == {"scanned"}
    assert set(files["file_type"]) >= {"gzip", "xlsx", "pptx", "eml"}
    for output in ("findings.parquet", "findings.csv", "files.parquet", "summary.json"):
        data = (run_dir / output).read_bytes()
        for value in [*NRICS, "Lim Mei Ling", "Tan Ah Kow"]:
            assert value.encode() not in data, (output, value)
