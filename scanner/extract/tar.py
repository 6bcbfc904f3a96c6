"""TAR archives (plain, or inside gzip/bzip2/xz): members streamed through the dispatcher.

The archive is read once, front to back, in ``tarfile``'s stream mode, so a ``.tar.gz`` from
object storage is never buffered or written to disk: ``compressed.py`` inflates it under its own
limits and hands the inner ``.tar`` here. Members come in archive order (a stream cannot be
sorted). Only regular files are read; directories, hard and symbolic links, devices, FIFOs and
sparse files are skipped, so a tar-slip name (``../../etc/passwd``) or a link to ``/etc/shadow``
is only text in a path. Members obey the same limits as ZIP members (``archive.py``): declared
size against ``max_member_bytes``, bytes actually read against ``max_total_bytes``, entries
against ``max_members``, nesting against ``max_depth``; a refused or broken member does not stop
the others, and the reasons are raised together as one ``ExtractError`` at the end. Segment paths
are ``logs.tar.gz!app/app.log``.

``tarfile`` reads a PAX or GNU long-name header into memory whole; a header bigger than
``MAX_HEADER_BYTES`` is refused before it is read, so a hostile header cannot exhaust memory.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from typing import BinaryIO

from scanner.extract.archive import (
    _MAX_REASONS,
    _ArchiveTooLarge,
    _Budget,
    _CountingReader,
    _why,
    display_name,
)
from scanner.extract.errors import (
    ExtractError,
    exception_kind,
    raise_member_reasons,
)
from scanner.extract.members import Nesting, prefixed_member
from scanner.model import Segment

# Real PAX/long-name headers are a few hundred bytes; the format allows any size.
MAX_HEADER_BYTES = 1 << 20
# Where a POSIX (ustar) or GNU tar header says what it is; sniffing uses it.
USTAR_MAGIC_OFFSET = 257
_EXTENDED_HEADER_TYPES = frozenset(
    {tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE, tarfile.GNUTYPE_LONGNAME,
     tarfile.GNUTYPE_LONGLINK}
)  # fmt: skip


class _HeaderTooLarge(Exception):
    """An extended header bigger than MAX_HEADER_BYTES (not a tarfile error, so it propagates)."""


class _GuardedTarInfo(tarfile.TarInfo):
    """TarInfo that refuses huge extended headers before tarfile reads them into memory."""

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in _EXTENDED_HEADER_TYPES and self.size > MAX_HEADER_BYTES:
            raise _HeaderTooLarge(
                f"extended tar header of {self.size} bytes (over {MAX_HEADER_BYTES})"
            )
        # The private per-member hook of tarfile (not in typeshed), the one place to refuse.
        member: tarfile.TarInfo = super()._proc_member(tarfile_)  # type: ignore[misc]
        return member


class _ForwardOnly(io.RawIOBase):
    """A member's data as a plain forward stream (readers that must seek spool it themselves)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def is_tar(head: bytes) -> bool:
    """True when ``head`` starts with a POSIX or GNU tar header."""
    magic = head[USTAR_MAGIC_OFFSET : USTAR_MAGIC_OFFSET + 5]
    return magic == b"ustar"


def extract_tar(name: str, stream: BinaryIO, nest: Nesting) -> Iterator[Segment]:
    """Yield every regular member's segments with path ``f"{name}!{member}"``.

    Nesting is bounded as for ``archive.extract_zip``.
    """
    if nest.too_deep:
        raise ExtractError(f"archive nested deeper than max_depth {nest.limits.max_depth}")
    reasons: list[str] = []
    try:
        archive = tarfile.open(fileobj=stream, mode="r|", tarinfo=_GuardedTarInfo, errorlevel=1)
    except (tarfile.TarError, _HeaderTooLarge, OSError, EOFError, ValueError) as exc:
        raise ExtractError(f"corrupt TAR: {_why(exc)}") from exc
    with archive:
        yield from _members(name, archive, nest, reasons)
    raise_member_reasons(reasons, _MAX_REASONS)


def _next(archive: tarfile.TarFile, reasons: list[str], entries: int) -> tarfile.TarInfo | None:
    try:
        info = archive.next()
    except (tarfile.TarError, _HeaderTooLarge, OSError, EOFError, ValueError) as exc:
        reasons.append(f"corrupt TAR after {entries} entries: {_why(exc)}; stopped")
        return None
    # Stream mode keeps every header it has read; drop them so memory stays flat.
    archive.members.clear()  # type: ignore[attr-defined]  # undocumented, not in typeshed
    return info


def _members(
    name: str,
    archive: tarfile.TarFile,
    nest: Nesting,
    reasons: list[str],
) -> Iterator[Segment]:
    limits = nest.limits
    budget = _Budget()
    entries = 0
    while True:
        info = _next(archive, reasons, entries)
        if info is None:
            return
        entries += 1
        if entries > limits.max_members:
            reasons.append(
                f"archive has more than {limits.max_members} entries; only the first "
                f"{limits.max_members} (max_members) were read"
            )
            return
        if not info.isfile() or info.issparse():
            continue  # directory, link, device, FIFO, sparse file: nothing safe to read
        member = display_name(info.name)
        if info.size > limits.max_member_bytes:
            reasons.append(
                f"{member}: declared size {info.size} bytes exceeds max_member_bytes "
                f"{limits.max_member_bytes}"
            )
            continue
        if budget.used + info.size > limits.max_total_bytes:
            reasons.append(
                f"archive holds more than max_total_bytes {limits.max_total_bytes}; "
                f"stopped before {member}"
            )
            return
        try:
            raw = archive.extractfile(info)
            if raw is None:
                continue
            counted = _CountingReader(_ForwardOnly(raw), limits, budget)  # type: ignore[arg-type]
            segments = nest.member(member, counted)  # type: ignore[arg-type]
            try:
                yield from prefixed_member(
                    name, member, segments, reasons, stop=(_ArchiveTooLarge,)
                )
            finally:
                budget.used += counted.high_water
        except _ArchiveTooLarge as exc:
            reasons.append(f"{member}: {exc.reason}; stopped")
            return
        except (tarfile.TarError, OSError, EOFError) as exc:
            # The stream under the member broke (truncated archive): nothing after it is readable.
            reasons.append(f"{member}: unreadable member: {_why(exc)}; stopped")
            return
        except Exception as exc:
            reasons.append(f"{member}: unreadable member: {exception_kind(exc)}")
