"""Recognise an RFC 5322 message by its header block, for mail saved without a ``.eml`` name."""

from __future__ import annotations

import re

_HEADER = re.compile(rb"[!-9;-~]+:")
# A message names its sender and at least one of these; a "Key: value" config file rarely does.
_SENDER = frozenset({b"from", b"sender", b"return-path"})
_MAIL_FIELDS = frozenset(
    {b"date", b"message-id", b"mime-version", b"received", b"subject", b"to", b"delivered-to"}
)
_MIN_HEADERS = 3
_MAX_SAMPLE_LINES = 200


def looks_like_mail(head: bytes) -> bool:
    """True when ``head`` opens with a header block holding a sender and other mail fields."""
    names: set[bytes] = set()
    lines = head.split(b"\n", _MAX_SAMPLE_LINES)[:_MAX_SAMPLE_LINES]
    for number, line in enumerate(lines):
        line = line.rstrip(b"\r")
        if not line:
            break  # the blank line that ends the headers
        if line[:1] in (b" ", b"\t") and number:
            continue  # a folded header continues
        match = _HEADER.match(line)
        if match is None:
            return False
        names.add(match.group()[:-1].lower())
    else:
        if len(lines) < _MAX_SAMPLE_LINES:
            return False  # the head ended inside the headers and holds no body
    return len(names) >= _MIN_HEADERS and bool(names & _SENDER) and bool(names & _MAIL_FIELDS)
