"""E-mail messages (RFC 5322 ``.eml``, stdlib ``email``): headers, bodies, attachments.

The message's text is its decoded headers, one ``Name: value`` line each (RFC 2047 encoded
words decoded, folded lines unfolded), a blank line, then each body part's decoded text
(quoted-printable and base64 undone, charsets applied, HTML reduced to its text), body parts
separated by ``PAGE_SEPARATOR``. Offsets and lines point into that text.

MIME structure headers (``MIME-Version``, ``Content-*``) describe the encoding, not the message,
and are left out of the text. Segments: each other header value is a ``field`` segment with
``field`` ``header.From`` and the header name as ``context``; in address headers (From, To,
Cc, ...) each address is split into its display name (``context`` ``name``, so the profile's
name fields report it as a person) and its address, so ``"Tan Ah Kow" <ahkow@example.sg>``
gives both. Bodies are ``prose`` segments with ``field`` ``body``.

Attachments (and attached messages) are members, like ZIP members: ``mail.eml!details.csv``,
dispatched again by content, under the same limits (``max_members``, ``max_member_bytes``,
``max_total_bytes``, ``max_depth``). A message is parsed in memory, so one larger than
``Limits.max_document_chars`` bytes is scanned as plain text instead, with a reason.
"""

from __future__ import annotations

import binascii
import email
import email.header
import email.policy
import functools
import io
from collections.abc import Callable, Iterator
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from typing import BinaryIO, cast

from scanner.extract.archive import _MAX_REASONS, display_name
from scanner.extract.chunking import iter_chunks, segments_at
from scanner.extract.errors import (
    ExtractError,
    exception_kind,
    raise_member_reasons,
)
from scanner.extract.members import Nesting, prefixed_member
from scanner.extract.seekable import seekable_stream
from scanner.extract.text import extract_text
from scanner.model import Segment

PAGE_SEPARATOR = "\n\f\n"
ADDRESS_HEADERS = frozenset(
    {"from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc",
     "delivered-to", "return-path", "disposition-notification-to"}
)  # fmt: skip
# Multipart nesting beyond this is refused (the parser and walk are recursive).
MAX_PART_DEPTH = 32
_SKIP_HTML = frozenset({"script", "style", "head", "title"})
_BLOCK_HTML = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
     "blockquote", "pre", "hr", "td", "th"}
)  # fmt: skip


class _HtmlText(HTMLParser):
    """The visible text of an HTML body: tags dropped, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_HTML:
            self._skip += 1
        elif tag in _BLOCK_HTML:
            self.parts.append("\n" if tag not in ("td", "th") else "\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_HTML:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_HTML:
            self.parts.append("\n" if tag not in ("td", "th") else "")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees in ``html`` (stdlib parser: tolerant of broken markup)."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class _Reading:
    """One message being read: builds its text and segments with running offset and line,
    sends its attachments one level deeper (``nest``) and collects the file's reasons."""

    def __init__(self, path: str, nest: Nesting, reasons: list[str]) -> None:
        self.path = path
        self.nest = nest
        self.limits = nest.limits
        self.reasons = reasons
        self.offset = 0
        self.line = 1

    def advance(self, text: str) -> None:
        self.offset += len(text)
        self.line += text.count("\n")

    def field(self, text: str, field: str, context: str) -> Iterator[Segment]:
        if text.strip():
            yield from segments_at(
                self._chunks(text), self.path, "field", field=field, context=context
            )
        self.advance(text)

    def prose(self, text: str, field: str) -> Iterator[Segment]:
        yield from segments_at(self._chunks(text), self.path, "prose", field=field, skip_blank=True)
        self.advance(text)

    def _chunks(self, text: str) -> Iterator[tuple[str, int, int]]:
        return iter_chunks([text], self.limits, offset=self.offset, line=self.line)

    def attachments(self, members: list[tuple[str, Callable[[], bytes]]]) -> Iterator[Segment]:
        """Segments of each ``(member name, bytes getter)`` as ``path!member``, under the
        limits; a refused or broken attachment is a reason, the others are still read."""
        limits, reasons = self.limits, self.reasons
        if members and self.nest.too_deep:
            reasons.append(f"attachments nested deeper than max_depth {limits.max_depth}")
            return
        if len(members) > limits.max_members:
            reasons.append(
                f"message has {len(members)} attachments; only the first {limits.max_members} "
                "(max_members) were scanned"
            )
            members = members[: limits.max_members]
        used = 0
        for member, read in members:
            try:
                data = read()
            except Exception as exc:
                reasons.append(f"{member}: undecodable attachment: {exception_kind(exc)}")
                continue
            if len(data) > limits.max_member_bytes:
                reasons.append(
                    f"{member}: {len(data)} bytes exceeds max_member_bytes "
                    f"{limits.max_member_bytes}"
                )
                continue
            used += len(data)
            if used > limits.max_total_bytes:
                reasons.append(
                    f"attachments exceed max_total_bytes {limits.max_total_bytes}; "
                    f"stopped before {member}"
                )
                return
            try:
                segments = self.nest.member(member, io.BytesIO(data))
                yield from prefixed_member(self.path, member, segments, reasons)
            except Exception as exc:
                reasons.append(f"{member}: unreadable attachment: {exception_kind(exc)}")


def _header(message: Message, key: str, raw_value: str) -> tuple[str, object]:
    """The decoded, unfolded value of one header and its parsed form (for addresses).

    The stdlib parser can fail on a malformed address list; such a header is decoded the
    old way (RFC 2047 words only) and scanned as one value.
    """
    try:
        parsed: object = message.policy.header_fetch_parse(key, raw_value)
        value = str(parsed)
    except Exception:
        try:
            parsed = value = str(
                email.header.make_header(email.header.decode_header(str(raw_value)))
            )
        except Exception:
            parsed = value = str(raw_value)
    return " ".join(value.split()), parsed


def _header_segments(reading: _Reading, name: str, value: str, raw: object) -> Iterator[Segment]:
    prefix = f"{name}: "
    reading.advance(prefix)
    field = f"header.{name}"
    addresses = getattr(raw, "addresses", None) if name.lower() in ADDRESS_HEADERS else None
    if not addresses:
        yield from reading.field(value, field, name.lower())
        reading.advance("\n")
        return
    position = 0
    for address in addresses:
        for part, context in ((address.display_name, "name"), (address.addr_spec, name.lower())):
            if not part:
                continue
            found = value.find(part, position)
            if found < 0:
                continue
            reading.advance(value[position:found])
            yield from reading.field(part, field, context)
            position = found + len(part)
    reading.advance(value[position:] + "\n")


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except Exception:  # unknown charset, broken transfer encoding: decode leniently
        pass
    payload = part.get_payload(decode=True)
    if part.get("content-transfer-encoding", "").strip().lower() == "base64":
        # Lenient: skip characters outside the alphabet and pad, as mail clients do.
        raw = str(part.get_payload(decode=False))
        cleaned = "".join(ch for ch in raw if ch.isalnum() or ch in "+/")
        payload = binascii.a2b_base64(cleaned[: len(cleaned) // 4 * 4])
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    return ""


def _is_attachment(part: Message) -> bool:
    if part.get_content_maintype() == "multipart":
        return False
    if part.get_content_type() == "message/rfc822":
        return True
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment":
        return True
    return part.get_content_type() not in ("text/plain", "text/html") or bool(part.get_filename())


def _leaves(message: Message, reasons: list[str]) -> Iterator[Message]:
    """Leaf parts in document order, without recursion (bounded nesting)."""
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, level = stack.pop()
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            if level >= MAX_PART_DEPTH:
                reasons.append(f"multipart nested deeper than {MAX_PART_DEPTH}; rest not read")
                continue
            children = part.get_payload()
            if isinstance(children, list):
                # A multipart payload is a list of messages (str only for non-multipart parts).
                parts = cast("list[Message]", children)
                stack.extend((child, level + 1) for child in reversed(parts))
        else:
            yield part


def _attachment_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            # message/rfc822 parses to a list holding the one inner message.
            return cast("Message", inner[0]).as_bytes(policy=email.policy.default)
        return b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def extract_eml(name: str, stream: BinaryIO, nest: Nesting) -> Iterator[Segment]:
    """Yield the message's headers and bodies, then every attachment's segments as members."""
    limits = nest.limits
    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        size = seekable.seek(0, io.SEEK_END)
        seekable.seek(0)
        if size > limits.max_document_chars:
            yield from extract_text(name, seekable, limits, kind="prose")
            raise ExtractError(
                f"message of {size} bytes is over max_document_chars "
                f"{limits.max_document_chars}; scanned as plain text, attachments not decoded"
            )
        try:
            message = email.message_from_binary_file(seekable, policy=email.policy.default)
        except Exception as exc:  # RecursionError on absurd nesting; the parser is lenient else
            seekable.seek(0)
            yield from extract_text(name, seekable, limits, kind="prose")
            why = "nested too deeply" if isinstance(exc, RecursionError) else exception_kind(exc)
            raise ExtractError(
                f"unparsable e-mail message ({why}); scanned as plain text"
            ) from None
    reasons: list[str] = []
    try:
        yield from _message(_Reading(name, nest, reasons), message)
    except Exception as exc:  # a malformed part the stdlib chokes on: keep what was read
        reasons.append(f"message partly unreadable: {exception_kind(exc)}")
    raise_member_reasons(reasons, _MAX_REASONS)


def _message(reading: _Reading, message: EmailMessage) -> Iterator[Segment]:
    for key, raw_value in message.raw_items():
        if key.lower() == "mime-version" or key.lower().startswith("content-"):
            continue
        value, parsed = _header(message, key, raw_value)
        yield from _header_segments(reading, key, value, parsed)
    reading.advance("\n")  # the blank line after the headers

    attachments: list[Message] = []
    bodies = 0
    for part in _leaves(message, reading.reasons):
        if _is_attachment(part):
            attachments.append(part)
            continue
        try:
            body = _part_text(part)
        except Exception as exc:
            reading.reasons.append(f"body part unreadable: {exception_kind(exc)}")
            continue
        if part.get_content_type() == "text/html":
            body = html_to_text(body)
        if bodies:
            reading.advance(PAGE_SEPARATOR)
        bodies += 1
        yield from reading.prose(body, "body")

    seen: dict[str, int] = {}
    members: list[tuple[str, Callable[[], bytes]]] = [
        (_member_name(part, number, seen), functools.partial(_attachment_bytes, part))
        for number, part in enumerate(attachments, start=1)
    ]
    yield from reading.attachments(members)


def _member_name(part: Message, number: int, seen: dict[str, int]) -> str:
    """The attachment's file name (made unique), or ``attachment-N`` (``.eml`` for a message)."""
    try:
        filename = part.get_filename()
    except Exception:
        filename = None
    if filename:
        member = display_name(filename)
    elif part.get_content_type() == "message/rfc822":
        member = f"attachment-{number}.eml"
    else:
        member = f"attachment-{number}"
    count = seen.get(member, 0)
    seen[member] = count + 1
    return member if not count else f"{member}~{count + 1}"
