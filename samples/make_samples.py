"""Write the synthetic demo data set scanned by `make demo`.

Every identifier here is synthetic: NRIC/FIN and UEN values are made up but carry valid check
letters (so the demo shows what a real scan finds), phone numbers sit in valid Singapore ranges,
e-mail domains are example.* and card numbers are well-known test numbers. Deterministic: the
same files every run.

Usage: python samples/make_samples.py [OUT_DIR]   (default: samples/data)
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

PEOPLE = [
    # name, NRIC/FIN, phone, email
    ("Tan Wei Ming", "S8412345E", "+65 9123 4567", "weiming.tan@example.com.sg"),
    ("Priya Nair", "T0312457B", "8123 4567", "priya.nair@example.sg"),
    ("Lars Eriksson", "F9123456N", "+65 8765 4321", "lars.eriksson@example.com"),
    ("Nguyen Thi Lan", "G5123987W", "9012 3456", "lan.nguyen@example.org"),
    ("Ahmed Rahman", "M2424771J", "+65 9345 6789", "ahmed.rahman@example.net"),
]
COMPANIES = [
    ("Acme Widgets Pte. Ltd.", "201912345R"),
    ("Lion City Logistics Pte Ltd", "200512367D"),
    ("Harbourfront Consulting LLP", "T08LL1234H"),
    ("Kopi Tiam Traders", "53312345C"),
]
BASE = datetime(2026, 11, 1, 8, 0, 0, tzinfo=UTC)


def contract_text(i: int) -> str:
    (name, nric, phone, email) = PEOPLE[i]
    (company, uen) = COMPANIES[i % len(COMPANIES)]
    return (
        f"SERVICE AGREEMENT No. SA-2026-{100 + i}\n\n"
        f"This Agreement is made on 3 November 2026 between {company} (UEN {uen}), "
        f"a company incorporated in Singapore with its registered office at 1 Harbourfront "
        f"Avenue, #05-01, Singapore 098632 (the Service Provider), and {name} "
        f"(NRIC/FIN {nric}), of Blk 123 Ang Mo Kio Avenue 3, #08-456, Singapore 560123 "
        f"(the Client).\n\n"
        f"1. Services. The Service Provider shall provide document signing services as "
        f"described in Schedule 1, version 2.4.1.\n"
        f"2. Fees. The Client shall pay SGD 1,250.00 within 30 days of invoice INV-20261103-{i}.\n"
        f"3. Notices. Notices to the Client go to {email} or by telephone to {phone}.\n\n"
        f"Signed for and on behalf of {company}\nName: Daniel Lim\nDesignation: Director\n\n"
        f"Signed by the Client\nName: {name}\nNRIC: {nric}\n"
    )


def write_contracts(out: Path) -> None:
    from docx import Document
    from fpdf import FPDF

    d = out / "contracts"
    d.mkdir(parents=True, exist_ok=True)
    (d / "engagement-letter-2026-101.txt").write_text(contract_text(1), encoding="utf-8")

    pdf = FPDF()
    pdf.set_creation_date(BASE)
    pdf.set_font("Helvetica", size=11)
    for page_text in contract_text(0).split("\n\n", 2):
        pdf.add_page()
        pdf.multi_cell(0, 6, page_text)
    pdf.output(str(d / "service-agreement-2026-100.pdf"))

    doc = Document()
    doc.core_properties.created = BASE.replace(tzinfo=None)
    doc.core_properties.modified = BASE.replace(tzinfo=None)
    for para in contract_text(2).split("\n"):
        doc.add_paragraph(para)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("Party", "Identifier", "Contact")]
        + [
            (PEOPLE[3][0], PEOPLE[3][1], PEOPLE[3][2]),
            (COMPANIES[1][0], COMPANIES[1][1], "+65 6123 4567"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(d / "nda-2026-102.docx"))


def write_logs(out: Path) -> None:
    d = out / "logs"
    d.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(60):
        ts = (BASE + timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        p = PEOPLE[i % len(PEOPLE)]
        ip = f"203.0.113.{10 + i % 40}" if i % 3 else f"10.20.{i % 7}.{i % 200}"
        if i % 10 == 3:
            lines.append(f"{ts} WARN  signing-api login failed for {p[3]} from {ip} attempt=2")
        elif i % 10 == 7:
            # An undeclared leak: NRIC and phone in a service log.
            lines.append(
                f"{ts} DEBUG kyc-worker singpass callback nric={p[1]} mobile={p[2]} status=OK"
            )
        else:
            lines.append(
                f"{ts} INFO  signing-api request_id=7f3c9a2e-1b4d-4c8e-9f00-{i:012d} "
                f"user_agent=Chrome/120.0.6099.109 client={ip} latency_ms={40 + i} build=v2.4.1.7"
            )
    (d / "signing-api-2026-11-01.log").write_text("\n".join(lines) + "\n", encoding="utf-8")

    rotated = "\n".join(
        f"{(BASE - timedelta(days=1, minutes=i)).strftime('%b %d %H:%M:%S')} esign-web-1 "
        f"sshd[{2000 + i}]: "
        f"Accepted publickey for deploy from 198.51.100.{i % 50 + 1} port {50000 + i} ssh2"
        for i in range(40)
    )
    with gzip.GzipFile(d / "auth.log.1.gz", "wb", mtime=0) as fh:
        fh.write((rotated + "\n").encode("utf-8"))

    with open(d / "api-events-2026-11-02.jsonl", "w", encoding="utf-8") as fh:
        for i in range(30):
            p = PEOPLE[i % len(PEOPLE)]
            c = COMPANIES[i % len(COMPANIES)]
            event = {
                "ts": (BASE + timedelta(days=1, minutes=3 * i)).isoformat(),
                "level": "info",
                "event": "envelope.signed",
                "signer_name": p[0],
                "signer_email": p[3],
                "tenant_name": c[0],
                "client_ip": f"192.0.2.{i + 1}",
                "device_id": f"a1b2c3d4-0000-4000-8000-{i:012d}",
                "msg": "envelope signed",
            }
            if i % 9 == 4:
                event["payment_card"] = "4111 1111 1111 1111"  # a Visa test number
            fh.write(json.dumps(event) + "\n")


def write_identity(out: Path) -> None:
    d = out / "identity"
    d.mkdir(parents=True, exist_ok=True)
    with open(d / "singpass-myinfo-export.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account_email", "full_name", "nric", "mobile", "company", "company_uen"])
        for i, p in enumerate(PEOPLE):
            c = COMPANIES[i % len(COMPANIES)]
            w.writerow([p[3], p[0], p[1], p[2], c[0], c[1]])


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "data"
    write_contracts(out)
    write_logs(out)
    write_identity(out)
    (out / "README.txt").write_text(
        "Synthetic demo data made by samples/make_samples.py. No real person's data.\n",
        encoding="utf-8",
    )
    print(f"samples written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
