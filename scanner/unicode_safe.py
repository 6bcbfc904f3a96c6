"""Text that is not valid Unicode: file names and JSON keys an attacker (or a Latin-1 system)
wrote, kept losslessly where it is stored and shown escaped where it is written out.

Python gives a file name that is not UTF-8 (``caf\\xe9.log``) to us as a str holding a
*surrogate escape* (``'caf\\udce9.log'``), and JSON may hold a lone surrogate
(``"\\ud800x"``). Neither can be encoded as UTF-8, so SQLite, Parquet and a UTF-8 terminal
reject them; one such name used to abort the whole scan. ``to_storable``/``from_storable``
carry such text through the journal unchanged (as UTF-8 bytes with ``surrogatepass``), and
``escape_surrogates`` is what reports show: ``caf\\xe9.log``, ``\\ud800x``.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode escapes it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_surrogates(text: str) -> str:
    """``text`` fit for UTF-8 output: each undecodable byte as ``\\xNN``, a lone surrogate
    as ``\\uNNNN``; valid text is returned as is (the common case costs one regex search)."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape, text)


def to_storable(value: Any) -> Any:
    """A value SQLite can store: text that UTF-8 cannot encode becomes lossless bytes."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return value.encode("utf-8", "surrogatepass")
    return value


def from_storable(value: Any) -> Any:
    """The inverse of ``to_storable`` (the journal stores no other bytes)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    return value
