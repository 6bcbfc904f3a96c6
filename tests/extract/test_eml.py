"""E-mail extraction on real RFC 5322 messages built with the stdlib ``email`` package."""

from __future__ import annotations

import base64
import io
from email.headerregistry import Address
from email.message import EmailMessage

import openpyxl

from scanner.extract import ExtractError, Limits, sniff_file_type
from scanner.extract.eml import html_to_text

CSV = b"name,nric\nTan Ah Kow,T0123456G\n"
SUBJECT_PLACEHOLDER = "subject-placeholder"
# RFC 2047 "B" encoding, as a mail client writes a non-ASCII subject.
ENCODED_SUBJECT = "=?utf-8?b?" + base64.b64encode("Lease for S1234567D é".encode()).decode() + "?="


def mail_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes().replace(SUBJECT_PLACEHOLDER.encode(), ENCODED_SUBJECT.encode(), 1)


def make_mail() -> EmailMessage:
    message = EmailMessage()
    message["From"] = Address("Tan Ah Kow", "ahkow", "example.sg")
    message["To"] = "=?utf-8?q?Lim_M=C3=A9i_Ling?= <meiling@example.sg>, ops@example.com"
    message["Subject"] = SUBJECT_PLACEHOLDER
    message["Date"] = "Fri, 01 Mar 2024 10:00:00 +0800"
    message["Message-ID"] = "<lease-1@example.sg>"
    message.set_content("Hi,\nmy phone is +65 9123 4567.\n", cte="base64")
    message.add_alternative(
        "<html><head><style>p{color:red}</style></head>"
        "<body><p>NRIC&nbsp;S7654321A</p><script>var x='F1234567N'</script></body></html>",
        subtype="html",
        cte="quoted-printable",
    )
    message.add_attachment(CSV, maintype="text", subtype="csv", filename="details.csv")
    return message


def test_headers_bodies_and_attachments(run_extract, check_offsets) -> None:
    data = mail_bytes(make_mail())
    assert b"S1234567D" not in data  # only the RFC 2047 encoded subject holds it
    assert b"+65 9123 4567" not in data and b"T0123456G" not in data  # base64 body, attachment
    assert b"Content-Transfer-Encoding: quoted-printable" in data  # the HTML part
    result = run_extract("mail.eml", data)
    assert result.error is None
    own = [s for s in result.segments if s.path == "mail.eml"]
    by = {(s.field, s.context): s for s in own}
    assert by[("header.From", "name")].text == "Tan Ah Kow"
    assert by[("header.From", "name")].kind == "field"
    assert by[("header.From", "from")].text == "ahkow@example.sg"
    assert by[("header.To", "name")].text == "Lim Méi Ling"  # decoded display name
    assert by[("header.Subject", "subject")].text == "Lease for S1234567D é"
    bodies = [s for s in own if s.field == "body"]
    assert [s.kind for s in bodies] == ["prose", "prose"]
    assert "+65 9123 4567" in bodies[0].text
    assert "S7654321A" in bodies[1].text and "<p>" not in bodies[1].text
    assert "F1234567N" not in bodies[1].text  # script is not visible text
    assert not any(s.field == "header.Content-Type" for s in own)
    attachment = [s for s in result.segments if s.path == "mail.eml!details.csv"]
    # Header cells are scanned as values too (issue 18.8), with no column context.
    assert [s.text for s in attachment] == ["name", "nric", "Tan Ah Kow", "T0123456G"]
    assert [s.context for s in attachment] == ["", "", "name", "nric"]  # dispatched as CSV

    # Offsets point into the documented text: headers, blank line, bodies.
    headers = (
        "From: Tan Ah Kow <ahkow@example.sg>\n"
        "To: Lim Méi Ling <meiling@example.sg>, ops@example.com\n"
        "Subject: Lease for S1234567D é\n"
        "Date: Fri, 01 Mar 2024 10:00:00 +0800\n"
        "Message-ID: <lease-1@example.sg>\n\n"
    )
    full = headers + bodies[0].text + "\n\f\n" + bodies[1].text
    check_offsets(own, full)


def test_message_without_an_extension_is_sniffed_as_mail(run_extract) -> None:
    data = mail_bytes(make_mail())
    assert sniff_file_type("INBOX-0042", data[:65536]) == "eml"
    assert sniff_file_type("notes", b"Title: x\nAuthor: y\n\nbody\n") != "eml"
    result = run_extract("INBOX-0042", data)
    assert "INBOX-0042!details.csv" in {s.path for s in result.segments}


def test_attached_message_and_xlsx_are_members(run_extract) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["NRIC"])
    workbook.active.append(["S1234567D"])
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    inner = make_mail()
    outer = EmailMessage()
    outer["From"] = "hr@example.sg"
    outer["Subject"] = "fwd"
    outer.set_content("see attached")
    outer.add_attachment(inner)
    outer.add_attachment(
        xlsx.getvalue(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="staff.xlsx",
    )
    result = run_extract("fwd.eml", outer.as_bytes())
    assert result.error is None
    paths = {s.path for s in result.segments}
    assert "fwd.eml!attachment-1.eml!details.csv" in paths
    staff = [s for s in result.segments if s.path == "fwd.eml!staff.xlsx"]
    assert [(s.field, s.text) for s in staff] == [("Sheet!A1", "NRIC"), ("Sheet!A2", "S1234567D")]


def test_attachment_limits(run_extract) -> None:
    message = EmailMessage()
    message["From"] = "a@example.sg"
    message.set_content("body")
    for i in range(4):
        message.add_attachment(
            b"x" * 500 + CSV, maintype="text", subtype="csv", filename=f"{i}.csv"
        )
    result = run_extract("m.eml", message.as_bytes(), Limits(max_members=2))
    assert {s.path for s in result.segments if "!" in s.path} == {"m.eml!0.csv", "m.eml!1.csv"}
    assert result.error is not None and "4 attachments" in result.error.reason
    result = run_extract("m.eml", message.as_bytes(), Limits(max_member_bytes=100))
    assert not any("!" in s.path for s in result.segments)
    assert result.error is not None and "exceeds max_member_bytes 100" in result.error.reason


def test_deeply_nested_forwards_are_depth_limited(run_extract) -> None:
    message = make_mail()
    for level in range(6):
        outer = EmailMessage()
        outer["From"] = f"fwd{level}@example.sg"
        outer.set_content("fwd")
        outer.add_attachment(message)
        message = outer
    result = run_extract("chain.eml", message.as_bytes())
    assert result.segments  # the outer messages are read
    assert result.error is not None and "max_depth" in result.error.reason


def test_deep_multipart_nesting_is_refused_not_recursed(run_extract) -> None:
    parts = 5000
    boundary = [f"b{i}" for i in range(parts)]
    lines = [
        "From: a@example.sg",
        "Subject: nest",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary[0]}"',
        "",
    ]
    for i in range(1, parts):
        lines += [
            f"--{boundary[i - 1]}",
            f'Content-Type: multipart/mixed; boundary="{boundary[i]}"',
            "",
        ]
    lines += [f"--{boundary[-1]}", "Content-Type: text/plain", "", "S1234567D"]
    result = run_extract("nest.eml", "\r\n".join(lines).encode())
    assert isinstance(result.error, ExtractError)  # bounded, with a reason, no crash
    assert "S1234567D" in "".join(s.text for s in result.segments)  # nothing is lost


def test_oversized_message_is_scanned_as_text(run_extract) -> None:
    data = mail_bytes(make_mail())
    result = run_extract("big.eml", data, Limits(max_document_chars=100))
    assert result.segments and result.segments[0].kind == "prose"
    assert "".join(s.text for s in result.segments) == data.decode()
    assert result.error is not None and "scanned as plain text" in result.error.reason


def test_broken_base64_and_unknown_charset_do_not_stop_the_message(run_extract) -> None:
    raw = (
        "From: a@example.sg\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=x-unknown-charset\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(b"NRIC S1234567D").decode()[:-3]
        + "!!\r\n"
    ).encode()
    result = run_extract("odd.eml", raw)
    bodies = [s for s in result.segments if s.field == "body"]
    assert bodies and "S1234567D"[:6] in bodies[0].text


def test_html_to_text() -> None:
    html = "<div>Name<br>Tan&amp;Co</div><table><tr><td>a</td><td>b</td></tr></table>"
    assert html_to_text(html).split() == ["Name", "Tan&Co", "a", "b"]
