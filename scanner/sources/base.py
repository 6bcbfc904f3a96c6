"""The values a source yields, in their own module so `local` and `objectstore` share them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceFile:
    """A file found in a source; its bytes are read later, possibly in another process.

    ``uri`` is what :func:`scanner.sources.open_source_file` opens: an absolute local path, or an
    fsspec URL (``s3://bucket/key``). ``storage_options`` can hold credentials, so it is left out
    of ``repr`` and of equality/hashing.
    """

    source: str
    path: str
    uri: str
    size: int
    mtime: float | None = None
    etag: str | None = None
    storage_options: dict[str, Any] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )


@dataclass(frozen=True)
class SourceError:
    """A file (or the whole source when ``path`` is ``""``) that could not be listed or stat'ed.

    Yielded instead of raised so the run records it with its reason and goes on.
    """

    source: str
    path: str
    reason: str


class SourceReadError(Exception):
    """A listed file could not be opened; the message is the reason recorded for it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SourceAccessError(Exception):
    """The source cannot be read with the credentials given: the run stops (a usage error).

    Raised, not yielded, because every file of the source would fail the same way; the message
    says which source and what to check, and never holds a secret.
    """
