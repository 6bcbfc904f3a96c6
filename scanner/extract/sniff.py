"""Decide a file's type: extension first, then magic bytes, then a text/binary heuristic.

Content decides where the name does not: a tar has ``ustar`` at offset 257, an Outlook ``.msg``
is an OLE compound file, an RFC 5322 message starts with mail headers. A ZIP is told from an
xlsx/pptx/docx by its parts, which needs the central directory (``ooxml.office_type``, called by
the dispatcher).
"""

from __future__ import annotations

import re

from scanner.extract.decode import decode_head, text_encoding
from scanner.extract.mailsniff import looks_like_mail
from scanner.extract.tar import is_tar

FILE_TYPES: tuple[str, ...] = (
    "text", "log", "json", "jsonl", "csv", "tsv", "parquet",
    "pdf", "docx", "zip", "gzip", "bzip2", "xz", "image", "binary",
    "tar", "xlsx", "pptx", "eml", "msg",
)  # fmt: skip

EXTENSION_TYPES: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".pdf": "pdf",
    ".docx": "docx",
    ".zip": "zip",
    ".gz": "gzip",
    ".gzip": "gzip",
    ".tgz": "gzip",
    ".bz2": "bzip2",
    ".xz": "xz",
    ".log": "log",
    ".md": "text",
    ".markdown": "text",
    ".rst": "text",
    ".tar": "tar",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".pptx": "pptx",
    ".eml": "eml",
    ".msg": "msg",
}
# Ambiguous: prose unless the content looks like a log (see ``looks_like_log``).
AMBIGUOUS_TEXT_EXTENSIONS = frozenset({".txt", ".text"})
# Rotated logs: app.log.1, app.log.2024-01-01, app.log.20240101.
ROTATED_LOG = re.compile(r"\.log\.\d[\d._-]*$")

MAGIC_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # empty archive
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"PAR1", "parquet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "msg"),  # OLE compound file (the .msg reader checks)
)

# A file is binary when its head holds a NUL byte or more than this share of control bytes
# (other than tab, newline, CR, form feed, backspace and ESC, which text and logs use).
MAX_CONTROL_FRACTION = 0.10
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x08\x1b") + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

# Log-likeness: at least LOG_LINE_FRACTION of the first LOG_SAMPLE_LINES non-blank lines start
# with a timestamp, a syslog priority, a level word or an access-log client address.
LOG_LINE_FRACTION = 0.6
LOG_SAMPLE_LINES = 50
_LOG_LINE_START = re.compile(
    r"""^\s*[\[(<]?\s*(?:
        \d{4}-\d{2}-\d{2}[T\s_]\d{1,2}:\d{2}          # ISO-8601 2024-01-31T10:00
      | \d{4}/\d{2}/\d{2}\s\d{1,2}:\d{2}             # 2024/01/31 10:00
      | \d{1,2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}         # access log 31/Jan/2024:10:00
      | [A-Za-z]{3}\s+\d{1,2}\s\d{2}:\d{2}:\d{2}      # syslog Jan 31 10:00:00
      | \d{1,2}:\d{2}:\d{2}                           # 10:00:00
      | \d{10}(?:\.\d+)?\b                            # epoch seconds
      | \d{1,3}>                                      # syslog <34>
      | (?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRITICAL|CRIT|FATAL|SEVERE)\b
      | \d{1,3}(?:\.\d{1,3}){3}\s+\S+\s+\S+\s+\[      # 10.0.0.1 - - [
    )""",
    re.VERBOSE | re.IGNORECASE,
)


# Image formats OCR reads, by content whatever the name says (a scan saved as `.dat` or `.txt`).
_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a",
)  # fmt: skip
_BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})


def is_image(head: bytes) -> bool:
    """True when ``head`` starts a PNG, JPEG, TIFF, GIF, WebP or BMP file."""
    if head.startswith(_IMAGE_MAGIC):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    # BMP: "BM", reserved zero bytes, and a known DIB header size (plain "BM" starts words).
    return (
        len(head) >= 18
        and head[:2] == b"BM"
        and head[6:10] == b"\x00\x00\x00\x00"
        and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES
    )


def looks_like_log(sample: str) -> bool:
    """True when most sampled lines start like machine-written log lines."""
    lines = sample.split("\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of a head may be cut short
    sampled = [line for line in lines if line.strip()][:LOG_SAMPLE_LINES]
    if not sampled:
        return False
    hits = sum(1 for line in sampled if _LOG_LINE_START.match(line))
    return hits >= LOG_LINE_FRACTION * len(sampled)


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` looks binary, or None when it looks like text."""
    if text_encoding(head) not in (None, "utf-8-sig"):
        return None  # UTF-16/32, with or without a BOM
    if b"\x00" in head:
        return "NUL bytes in the first bytes"
    if head:
        control = len(head.translate(None, _NOT_CONTROL))
        fraction = control / len(head)
        if fraction > MAX_CONTROL_FRACTION:
            return f"{fraction:.0%} control bytes in the first bytes"
    return None


# A file whose extension says text (``.log``, ``.txt``, ``.csv``...) is still binary when this
# share of its head is NUL bytes: a sparse or zero-filled file, a disk image renamed ``.log``.
# Reading it as text would stream gigabytes of NULs through the detectors. A stray NUL in a
# real log (crash padding) stays text.
MAX_NUL_FRACTION_IN_TEXT = 0.10
_TEXT_TYPES = frozenset({"text", "log", "json", "jsonl", "csv", "tsv"})


def nul_heavy(head: bytes) -> bool:
    """True when ``head`` is mostly NUL bytes and has no UTF-16 BOM to explain them."""
    if not head or text_encoding(head) not in (None, "utf-8-sig"):
        return False
    return head.count(0) > MAX_NUL_FRACTION_IN_TEXT * len(head)


def base_name(name: str) -> str:
    """The last path component of a path or of an archive member path (``a.zip!b/c.txt``)."""
    return name.rsplit("!", 1)[-1].rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()


def extension_type(name: str) -> str | None:
    """The type an extension alone decides, or None (``.txt`` needs the content)."""
    base = base_name(name)
    if ROTATED_LOG.search(base):
        return "log"
    dot = base.rfind(".")
    if dot <= 0:
        return None
    return EXTENSION_TYPES.get(base[dot:])


def sniff_file_type(name: str, head: bytes) -> str:
    """One of ``FILE_TYPES`` for a file called ``name`` whose first bytes are ``head``."""
    if is_image(head):
        return "image"
    by_extension = extension_type(name)
    if by_extension == "tar":  # a compressed tar saved as .tar: content decides
        for magic, file_type in MAGIC_TYPES:
            if file_type in ("gzip", "bzip2", "xz") and head.startswith(magic):
                return file_type
    if by_extension is not None:
        if by_extension in _TEXT_TYPES and nul_heavy(head):
            return "binary"
        return by_extension
    base = base_name(name)
    dot = base.rfind(".")
    if dot <= 0 or base[dot:] not in AMBIGUOUS_TEXT_EXTENSIONS:
        for magic, file_type in MAGIC_TYPES:
            if head.startswith(magic):
                if file_type == "zip" and base.endswith(".docx"):
                    return "docx"
                return file_type
        if is_tar(head):
            return "tar"
        if binary_reason(head) is None and looks_like_mail(head):
            return "eml"
        if binary_reason(head) is not None:
            return "binary"
    elif nul_heavy(head):
        return "binary"
    return "log" if looks_like_log(decode_head(head)) else "text"
