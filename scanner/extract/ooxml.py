"""Office Open XML packages (docx, xlsx, pptx): tell them from plain ZIPs and bound their parts.

An OOXML file is a ZIP holding ``[Content_Types].xml`` and its main part (``word/document.xml``,
``xl/workbook.xml``, ``ppt/presentation.xml``), so it is recognised by content whatever its name.
The readers (python-docx, python-pptx, openpyxl) inflate parts in memory, so every part is first
judged by the same member rules as a ZIP archive (``archive._refusal``: declared size, ratio,
encryption) and the parts together by ``max_member_bytes``.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from scanner.extract.archive import _refusal, _why
from scanner.extract.errors import ExtractError, unsupported_zip_feature
from scanner.extract.limits import Limits

CONTENT_TYPES = "[Content_Types].xml"
MAIN_PARTS: dict[str, str] = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
OFFICE_TYPES = frozenset(MAIN_PARTS.values())
# A password-protected xlsx/pptx/docx is an OLE compound file holding an ``EncryptedPackage``.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage"


def office_type(stream: BinaryIO) -> str | None:
    """``docx``/``xlsx``/``pptx`` when the seekable ZIP ``stream`` is an OOXML package, else None.

    Reads only the central directory and rewinds ``stream``; a damaged ZIP, or one using a
    feature ``zipfile`` cannot read (NotImplementedError), gives None: the ZIP or office reader
    then reports it as the documented ``ExtractError``.
    """
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):
        return None
    finally:
        stream.seek(0)
    if CONTENT_TYPES not in names:
        return None
    for part, kind in MAIN_PARTS.items():
        if part in names:
            return kind
    return None


def check_package(stream: BinaryIO, limits: Limits, label: str) -> dict[str, int]:
    """Refuse a package whose parts would inflate past the limits; return part sizes by name.

    ``label`` names the format in the reason (``XLSX``). The stream is rewound.
    """
    if stream.read(len(OLE_MAGIC)) == OLE_MAGIC:
        stream.seek(0)
        raise ExtractError(f"password-protected {label} (an encrypted OLE package); not scanned")
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractError(f"corrupt {label}: {_why(exc)}") from exc
    except NotImplementedError as exc:
        raise unsupported_zip_feature(exc) from exc
    finally:
        stream.seek(0)
    total = sum(info.file_size for info in infos)
    if total > limits.max_member_bytes:
        raise ExtractError(
            f"{label} parts inflate to {total} bytes, over max_member_bytes "
            f"{limits.max_member_bytes}"
        )
    for info in infos:
        refusal = _refusal(info, limits)
        if refusal:
            raise ExtractError(f"{label} part {info.filename[:100]!r}: {refusal}")
    return {info.filename: info.file_size for info in infos}
