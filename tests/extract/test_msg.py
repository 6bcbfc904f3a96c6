"""Outlook .msg extraction (extract-msg) on compound files written by ``outlook_msg``."""

from __future__ import annotations

import random

from bench.scans import card_scan, image_bytes
from scanner.extract import ExtractError, Limits, UnsupportedFile, sniff_file_type
from scanner.extract.ocr import engine_missing
from tests.extract.outlook_msg import Node, write_cfb, write_msg

CSV = b"name,nric\nOng Kok Leong,F1234567N\n"
# A photographed identity card (rendered by Pillow): images are sniffed and OCR'd (issue 16).
CARD = card_scan(random.Random(16), 200)
PHOTO = image_bytes([CARD.image], "PNG")


def make() -> bytes:
    return write_msg(
        subject="Lease for S1234567D",
        body="Hello,\nmy NRIC is T0123456G.\n" + "padding line\n" * 400,  # > 4 KB: FAT sectors
        sender_name="Tan Ah Kow",
        sender_email="ahkow@example.sg",
        attachments=[("details.csv", CSV), ("photo.png", PHOTO)],
    )


def test_headers_body_and_attachments(run_extract, check_offsets) -> None:
    result = run_extract("mail.msg", make(), seekable=False)
    if engine_missing() is None:
        assert result.error is None
    else:  # no OCR engine: the photo is not silently clean
        assert result.error is not None and result.error.reason.startswith("photo.png: ")
    own = [s for s in result.segments if s.path == "mail.msg"]
    by = {(s.field, s.context): s for s in own}
    assert by[("header.From", "name")].text == "Tan Ah Kow"
    assert by[("header.From", "from")].text == "ahkow@example.sg"
    assert by[("header.Subject", "subject")].text == "Lease for S1234567D"
    body = by[("body", "")]
    assert body.kind == "prose" and "T0123456G" in body.text
    csv = [s for s in result.segments if s.path == "mail.msg!details.csv"]
    # Header cells are scanned as values too (issue 18.8).
    assert [s.text for s in csv] == ["name", "nric", "Ong Kok Leong", "F1234567N"]
    if engine_missing() is None:  # the attached photo is sniffed as an image and OCR'd
        photo = [s for s in result.segments if s.path == "mail.msg!photo.png"]
        assert {s.path for s in result.segments} == {
            "mail.msg",
            "mail.msg!details.csv",
            "mail.msg!photo.png",
        }
        assert [(s.field, s.page) for s in photo] == [("ocr", 1)]
        assert "TAN AH KOW" in photo[0].text
        assert CARD.nrics[0][1:] in photo[0].text  # a T/1 slip is the recognizer's to correct
    text = "From: Tan Ah Kow <ahkow@example.sg>\nSubject: Lease for S1234567D\n\n" + body.text
    check_offsets(own, text)


def test_msg_is_sniffed_by_content() -> None:
    data = make()
    assert sniff_file_type("attachment-2", data[:65536]) == "msg"


def test_attachment_limits_apply(run_extract) -> None:
    result = run_extract("mail.msg", make(), Limits(max_member_bytes=10))
    assert not any("!" in s.path for s in result.segments)
    assert isinstance(result.error, ExtractError)
    assert "details.csv" in result.error.reason and "max_member_bytes" in result.error.reason
    result = run_extract("mail.msg", make(), Limits(max_depth=0))
    assert not any("!" in s.path for s in result.segments)
    assert result.error is not None and "max_depth" in result.error.reason


def test_ole_file_that_is_not_a_message_is_unsupported(run_extract) -> None:
    legacy_doc = write_cfb([Node("WordDocument", b"\xec\xa5" + b"\0" * 5000)])
    result = run_extract("old.doc", legacy_doc)
    assert isinstance(result.error, UnsupportedFile)
    assert "not an Outlook message" in result.error.reason


def test_truncated_msg_is_an_error_not_a_crash(run_extract) -> None:
    data = make()
    result = run_extract("cut.msg", data[: len(data) // 2])
    assert isinstance(result.error, ExtractError) and "corrupt MSG" in result.error.reason


def test_oversized_msg_is_refused(run_extract) -> None:
    result = run_extract("big.msg", make(), Limits(max_document_chars=1000))
    assert result.error is not None and "max_document_chars" in result.error.reason


def test_password_protected_office_file_is_an_error_not_a_skip(run_extract) -> None:
    """Encrypted xlsx/docx/pptx are OLE files with an EncryptedPackage: unscannable, so said."""
    encrypted = write_cfb(
        [
            Node("EncryptedPackage", b"\0" * 6000),
            Node("EncryptionInfo", b"\x04\x00\x04\x00" + b"\0" * 200),
        ]
    )
    for name in ("salary.xlsx", "upload-17", "deck.pptx"):
        result = run_extract(name, encrypted)
        assert isinstance(result.error, ExtractError), name
        assert "password-protected" in result.error.reason
