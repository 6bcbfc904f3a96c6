"""Where files come from: a local folder or file, or any fsspec URL (S3, GCS, Azure, file://).

``iter_source`` lists (sorted, deterministic) and never raises for a bad file: it yields a
``SourceError`` with the reason. ``open_source_file`` is called later, maybe in a worker process,
which is why ``SourceFile`` is a small picklable value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from scanner.sources.base import SourceAccessError, SourceError, SourceFile, SourceReadError
from scanner.sources.local import iter_local, local_change, open_local_file
from scanner.sources.pathmatch import glob_match

__all__ = [
    "SourceAccessError",
    "SourceError",
    "SourceFile",
    "SourceReadError",
    "changed_since_listing",
    "glob_match",
    "is_url",
    "iter_source",
    "open_source_file",
]


def is_url(source: str) -> bool:
    """True for ``scheme://...`` sources, which go through fsspec (``file://`` included)."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum()


def iter_source(
    source: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    storage_options: dict[str, Any] | None = None,
) -> Iterator[SourceFile | SourceError]:
    """Every file of ``source`` that passes the include/exclude globs, sorted by ``path``."""
    if is_url(source):
        # Imported here: fsspec costs start-up that local scans and `piimap --help` never need.
        from scanner.sources.objectstore import iter_objectstore

        return iter_objectstore(source, include, exclude, storage_options)
    return iter_local(source, include, exclude)


def open_source_file(f: SourceFile) -> BinaryIO:
    """Open ``f`` for binary reading; raises ``SourceReadError`` with the reason on failure."""
    if is_url(f.uri):
        from scanner.sources.objectstore import open_objectstore_file

        return open_objectstore_file(f.uri, f.storage_options)
    return open_local_file(f.uri)


def changed_since_listing(f: SourceFile) -> str | None:
    """Why ``f`` no longer matches its listing (size or mtime changed), or None.

    Checked after a file was read, so a file written to during the scan is reported instead of
    being recorded as if its findings were complete. Local files only: an object-store object
    is immutable once written (a new version is a new object, seen by the next listing).
    """
    if is_url(f.uri):
        return None
    return local_change(f.uri, f.size, f.mtime)
