"""Outlook ``.msg`` messages (extract-msg): headers, body, attachments as members.

The message's text is laid out as for ``.eml`` (``eml.py``): ``From``, ``To``, ``Cc``, ``Bcc``,
``Subject`` and ``Date`` lines, a blank line, then the plain-text body (or, when the message has
only an HTML body, its visible text). Address headers split display names (``context`` ``name``)
from addresses. Attachments are members (``mail.msg!scan.pdf``) under the same limits as ZIP and
e-mail attachments; an attached Outlook message is read the same way one level deeper
(``mail.msg!forwarded.msg!details.csv``). The whole file is parsed in memory (an OLE compound
file is random access), so one larger than ``Limits.max_document_chars`` bytes is refused.

An OLE compound file that is not a message (a legacy ``.doc`` or ``.xls``) is ``UnsupportedFile``.
"""

from __future__ import annotations

import email.policy
import io
import logging
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from scanner.extract.archive import _MAX_REASONS, display_name
from scanner.extract.eml import _header_segments, _Reading, html_to_text
from scanner.extract.errors import (
    ExtractError,
    UnsupportedFile,
    exception_kind,
    raise_member_reasons,
)
from scanner.extract.members import Nesting
from scanner.extract.ooxml import ENCRYPTED_PACKAGE
from scanner.extract.seekable import seekable_stream
from scanner.model import Segment

# extract-msg logs every oddity of a message at WARNING; the reasons we record are enough.
logging.getLogger("extract_msg").setLevel(logging.ERROR)

_HEADERS = (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"),
            ("Subject", "subject"), ("Date", "date"))  # fmt: skip


def _open(data: bytes) -> Any:
    import extract_msg as outlook
    from extract_msg.exceptions import InvalidFileFormatError, UnrecognizedMSGTypeError

    try:
        return outlook.openMsg(data, strict=False, delayAttachments=False)
    except (InvalidFileFormatError, UnrecognizedMSGTypeError) as exc:
        if _is_encrypted_office(data):
            raise ExtractError(
                "password-protected Office document (an encrypted OLE package); not scanned"
            ) from None
        raise UnsupportedFile(
            f"OLE compound file that is not an Outlook message ({type(exc).__name__})"
        ) from None
    except Exception as exc:  # olefile/extract-msg raise many types on damaged input
        raise ExtractError(f"corrupt MSG: {exception_kind(exc)}") from exc


def _is_encrypted_office(data: bytes) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            # olefile takes str stream names too; its stub names only bytes.
            return bool(ole.exists(ENCRYPTED_PACKAGE))  # type: ignore[arg-type]
    except Exception:
        return False


def extract_msg(name: str, stream: BinaryIO, nest: Nesting) -> Iterator[Segment]:
    """Yield the message's headers and body, then every attachment's segments as members."""
    limits = nest.limits
    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        size = seekable.seek(0, io.SEEK_END)
        if size > limits.max_document_chars:
            raise ExtractError(
                f"MSG file of {size} bytes is over max_document_chars {limits.max_document_chars}"
            )
        seekable.seek(0)
        data = seekable.read()
    message = _open(data)
    reasons: list[str] = []
    try:
        yield from _message(_Reading(name, nest, reasons), message)
    finally:
        message.close()
    raise_member_reasons(reasons, _MAX_REASONS)


def _read(message: Any, attribute: str, reasons: list[str]) -> Any:
    try:
        return getattr(message, attribute, None)
    except Exception as exc:  # a damaged property stream: keep the rest
        reasons.append(f"{attribute} unreadable: {exception_kind(exc)}")
        return None


def _message(reading: _Reading, message: Any) -> Iterator[Segment]:
    reasons = reading.reasons
    for header, attribute in _HEADERS:
        value = _read(message, attribute, reasons)
        if value is None or not str(value).strip():
            continue
        value = " ".join(str(value).split())
        try:
            raw: object = email.policy.default.header_factory(header, value)
        except Exception:
            raw = value
        yield from _header_segments(reading, header, value, raw)
    reading.advance("\n")  # the blank line after the headers

    body = _read(message, "body", reasons)
    if not body:
        html = _read(message, "htmlBody", reasons)
        if isinstance(html, bytes):
            body = html_to_text(html.decode("utf-8", errors="replace"))
    if isinstance(body, str):
        yield from reading.prose(body, "body")

    attachments = _read(message, "attachments", reasons) or []
    members: list[tuple[str, Callable[[], bytes]]] = []
    embedded: list[tuple[str, Any]] = []
    seen: dict[str, int] = {}
    for number, attachment in enumerate(attachments, start=1):
        member = _member_name(attachment, number, seen)
        try:
            data = attachment.data
        except Exception as exc:
            reasons.append(f"{member}: unreadable attachment: {exception_kind(exc)}")
            continue
        if isinstance(data, bytes):
            members.append((member, _returning(data)))
        elif data is not None and hasattr(data, "attachments"):
            embedded.append((member, data))
    yield from reading.attachments(members)
    deeper = reading.nest.inner()
    for member, inner in embedded:
        if deeper.too_deep:
            reasons.append(f"{member}: attached message nested deeper than max_depth")
            continue
        yield from _message(_Reading(f"{reading.path}!{member}", deeper, reasons), inner)


def _returning(data: bytes) -> Callable[[], bytes]:
    """A getter for bytes already read (an attachment member's content)."""
    return lambda: data


def _member_name(attachment: Any, number: int, seen: dict[str, int]) -> str:
    filename = None
    for attribute in ("longFilename", "shortFilename", "name"):
        try:
            filename = getattr(attachment, attribute, None)
        except Exception:
            filename = None
        if filename:
            break
    member = display_name(str(filename)) if filename else f"attachment-{number}"
    count = seen.get(member, 0)
    seen[member] = count + 1
    return member if not count else f"{member}~{count + 1}"
