"""Seconds per MB for the office and mail formats (issue 16): xlsx workbooks and e-mails.

Generates, with a fixed seed, one workbook (a staff sheet: name, NRIC, phone, e-mail, note,
written by openpyxl's write-only mode) and one e-mail (base64 text body, quoted-printable HTML
alternative, a base64 CSV attachment) of about ``--office-mb`` MB each, then scans each with
``piimap`` (``auto`` profile, one worker, in a child process like every other engine). Reports
seconds per MB of file bytes, MB/s of extracted text, and NRIC findings against the NRICs
planted (each planted once, so found / planted is the recall).
"""

from __future__ import annotations

import json
import random
import shutil
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bench.engines import run_piimap
from bench.identifiers import make_nric

MB = 1_000_000
SEED = 7
_FIRST = ("Tan", "Lim", "Ong", "Ng", "Lee", "Goh", "Chua", "Wong", "Koh", "Teo")
_GIVEN = ("Ah Kow", "Mei Ling", "Wei Ming", "Hui Min", "Jia Hui", "Kok Leong", "Siew Lan")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_GIVEN)}"


def _row(rng: random.Random, index: int) -> tuple[list[Any], str]:
    nric = make_nric(rng, rng.choice("ST"))
    phone = f"+65 {rng.choice('89')}{rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
    email = f"user{index}@example.sg"
    note = rng.choice(("renewal due", "deposit paid", "key returned", "inspection booked"))
    return [_person(rng), nric, phone, email, f"{note} #{index}"], nric


def make_xlsx(path: Path, target_bytes: int, rng: random.Random) -> int:
    """A staff workbook of about ``target_bytes``; returns the NRICs planted."""
    import openpyxl

    # About 60 bytes of compressed XML per row (measured on openpyxl's output).
    rows = max(100, target_bytes // 60)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.append(["name", "nric", "phone", "email", "note"])
    for index in range(rows):
        sheet.append(_row(rng, index)[0])
    workbook.save(path)
    return rows


def make_eml(path: Path, target_bytes: int, rng: random.Random) -> int:
    """An e-mail of about ``target_bytes``; returns the NRICs planted."""
    # base64 inflates by 4/3; a third of the text goes into the body, the rest into the CSV.
    lines = max(30, int(target_bytes * 0.75) // 70)
    body_lines = lines // 3
    planted = 0
    body = []
    for index in range(body_lines):
        row, _ = _row(rng, index)
        body.append(f"{row[0]} (NRIC {row[1]}) called from {row[2]} about: {row[4]}.")
        planted += 1
    csv_lines = ["name,nric,phone,email,note"]
    for index in range(body_lines, lines):
        row, _ = _row(rng, index)
        csv_lines.append(",".join(str(v) for v in row))
        planted += 1
    message = EmailMessage()
    message["From"] = Address("Tan Ah Kow", "ahkow", "example.sg")
    message["To"] = "hr@example.sg"
    message["Subject"] = "Tenancy records"
    message.set_content("\n".join(body) + "\n", cte="base64")
    message.add_alternative(
        "<html><body><p>See the attached records.</p></body></html>",
        subtype="html",
        cte="quoted-printable",
    )
    message.add_attachment(
        ("\n".join(csv_lines) + "\n").encode(),
        maintype="text",
        subtype="csv",
        filename="records.csv",
    )
    path.write_bytes(message.as_bytes())
    return planted


def run_office_bench(out: Path, *, megabytes: float = 1.0) -> dict[str, Any]:
    """Generate, scan and time each format; returns ``{"rows": [...]}`` for results.json."""
    folder = out / "office"
    shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for fmt, make in (("xlsx", make_xlsx), ("eml", make_eml)):
        source = folder / fmt
        source.mkdir(parents=True)
        path = source / f"records.{fmt}"
        planted = make(path, int(megabytes * MB), random.Random(SEED))
        predictions = out / f"office-{fmt}.predictions.jsonl"
        run = run_piimap(source, predictions, out / f"office-{fmt}.json", profile="auto", workers=1)
        if run.returncode != 0 or not run.result:
            rows.append({"format": fmt, "error": run.stderr_tail[-300:]})
            continue
        with open(predictions, encoding="utf-8") as handle:
            found = sum(1 for line in handle if json.loads(line)["entity_type"] == "SG_NRIC_FIN")
        seconds = run.result["scan_seconds"]
        file_mb = path.stat().st_size / MB
        rows.append(
            {
                "format": fmt,
                "file_mb": file_mb,
                "seconds": seconds,
                "s_per_mb": seconds / file_mb,
                "setup_seconds": run.result["setup_seconds"],
                "nric_planted": planted,
                "nric_found": found,
                "nric_recall": min(found, planted) / planted,
                "statuses": run.result["statuses"],
                "peak_rss_mb": run.peak_rss_mb,
            }
        )
    return {"rows": rows}


def render_office(result: dict[str, Any]) -> list[str]:
    """Markdown lines for results.md."""
    lines = [
        "",
        "| format | file MB | seconds | s per MB | NRIC found / planted | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in result.get("rows", []):
        if "error" in row:
            lines.append(f"| {row['format']} | — | — | — | failed: {row['error'][:80]} | — |")
            continue
        lines.append(
            f"| {row['format']} | {row['file_mb']:.2f} | {row['seconds']:.2f} | "
            f"{row['s_per_mb']:.2f} | {row['nric_found']} / {row['nric_planted']} | "
            f"{row['peak_rss_mb']:.0f} |"
        )
    lines.append(
        "\n_Office/mail rows: piimap `auto` profile, 1 worker, one generated file each "
        "(bench/office_bench.py); s per MB = scan seconds / file MB._"
    )
    return lines
