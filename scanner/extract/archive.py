"""ZIP archives: each member goes back through the dispatcher, under strict inflation limits.

Members are read in name order and never written to disk under their own names, so a
zip-slip name (``../x``, ``/etc/x``) is only text in a path. A refused or broken member does
not stop the others; the reasons are raised together as one ``ExtractError`` at the end, after
every readable member's segments were yielded. Segment paths are ``archive.zip!member`` (nested:
``a.zip!b.zip!c.txt``); this module adds the prefix, the member extractor does not.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from scanner.extract.errors import (
    ExtractError,
    raise_member_reasons,
    unsupported_zip_feature,
)
from scanner.extract.limits import Limits
from scanner.extract.members import Nesting, prefixed_member
from scanner.extract.seekable import seekable_stream, spool
from scanner.model import Segment

# Formats whose readers seek backwards; they get a spooled copy instead of the inflating stream.
_RANDOM_ACCESS_SUFFIXES = (".pdf", ".docx", ".zip", ".parquet")
_RANDOM_ACCESS_MAGIC = (b"%PDF", b"PK\x03\x04", b"PK\x05\x06", b"PAR1")
_MAX_REASONS = 5


class _ArchiveTooLarge(ExtractError):
    """The archive as a whole inflated past max_total_bytes: stop reading it."""


@dataclass
class _Budget:
    """Uncompressed bytes this archive has produced so far, against max_total_bytes and the
    ratio rule (``ratio_cap``: ``Limits.ratio_limit`` of the archive's own size, so many small
    members cannot add up to a bomb that no single member is)."""

    used: int = 0
    ratio_cap: int | None = None


def display_name(raw: str) -> str:
    """A member name fit for a report path: `/`-separated, relative, no control characters.

    ``..`` segments are kept (they show a zip-slip attempt); nothing is ever written there.
    """
    name = raw.replace("\\", "/")
    if len(name) >= 2 and name[1] == ":" and name[0].isalpha():
        name = name[2:]  # a Windows drive letter
    parts = [part for part in name.split("/") if part not in ("", ".")]
    name = "/".join(parts) or "_"
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)


class _CountingReader(io.RawIOBase):
    """Counts how far a member stream got (high-water mark) and stops it at the limits."""

    def __init__(self, raw: IO[bytes], limits: Limits, budget: _Budget) -> None:
        self._raw = raw
        self._max_bytes = limits.max_member_bytes
        self._total_before = budget.used
        self._max_total = limits.max_total_bytes
        self._ratio_cap = budget.ratio_cap
        self._max_ratio = limits.max_ratio
        self._position = 0
        self.high_water = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return bool(self._raw.seekable())

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._position = self._raw.seek(offset, whence)
        return self._position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self._position += count
        if self._position > self.high_water:
            self.high_water = self._position
            if self.high_water > self._max_bytes:
                raise ExtractError(
                    f"inflated past max_member_bytes {self._max_bytes} (declared size was wrong)"
                )
            if self._total_before + self.high_water > self._max_total:
                raise _ArchiveTooLarge(f"archive inflated past max_total_bytes {self._max_total}")
            cap = self._ratio_cap
            if cap is not None and self._total_before + self.high_water > cap:
                raise _ArchiveTooLarge(_ratio_reason(self._max_ratio))
        return count


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _refusal(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why a member is not read at all, judged from its directory entry."""
    if info.flag_bits & 0x1:
        return "encrypted member"
    if info.file_size > limits.max_member_bytes:
        return (
            f"declared size {info.file_size} bytes exceeds max_member_bytes "
            f"{limits.max_member_bytes}"
        )
    if not limits.ratio_allows(info.file_size, info.compress_size):
        ratio = info.file_size / max(info.compress_size, 1)
        return (
            f"compression ratio {ratio:.0f}:1 exceeds max_ratio {limits.max_ratio} "
            "(possible zip bomb)"
        )
    return None


def _ratio_reason(max_ratio: int) -> str:
    return (
        f"archive inflated past max_ratio {max_ratio}:1 of its own size "
        "(possible zip bomb); the rest was not scanned"
    )


def _needs_random_access(name: str, raw: IO[bytes]) -> bool:
    if name.lower().endswith(_RANDOM_ACCESS_SUFFIXES):
        return True
    head = raw.read(4)
    raw.seek(0)
    return head in _RANDOM_ACCESS_MAGIC


def extract_zip(name: str, stream: BinaryIO, nest: Nesting) -> Iterator[Segment]:
    """Yield every member's segments with path ``f"{name}!{member}"``.

    Members are extracted one level deeper than ``nest.depth``; an archive whose members would
    sit deeper than ``limits.max_depth`` is refused as a whole.
    """
    limits = nest.limits
    if nest.too_deep:
        raise ExtractError(f"archive nested deeper than max_depth {limits.max_depth}")
    reasons: list[str] = []
    with seekable_stream(stream, limits.max_total_bytes) as seekable:
        try:
            size = seekable.seek(0, io.SEEK_END)
            seekable.seek(0)
            archive = zipfile.ZipFile(seekable)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise ExtractError(f"corrupt ZIP: {_why(exc)}") from exc
        except NotImplementedError as exc:
            raise unsupported_zip_feature(exc) from exc
        with archive:
            budget = _Budget(ratio_cap=limits.ratio_limit(size))
            yield from _members(name, archive, nest, reasons, budget)

    raise_member_reasons(reasons, _MAX_REASONS)


def _members(
    name: str,
    archive: zipfile.ZipFile,
    nest: Nesting,
    reasons: list[str],
    budget: _Budget,
) -> Iterator[Segment]:
    """Yield the members' segments; append why any member was refused or stopped the scan."""
    limits = nest.limits
    members = sorted(
        (info for info in archive.infolist() if not info.is_dir()),
        key=lambda info: (info.filename, info.header_offset),
    )
    if len(members) > limits.max_members:
        reasons.append(
            f"archive has {len(members)} members; only the first {limits.max_members} "
            "(max_members) were scanned"
        )
        members = members[: limits.max_members]
    for info in members:
        member = display_name(info.filename)
        refusal = _refusal(info, limits)
        if refusal:
            reasons.append(f"{member}: {refusal}")
            continue
        if budget.used + info.file_size > limits.max_total_bytes:
            reasons.append(
                f"archive inflates past max_total_bytes {limits.max_total_bytes}; "
                f"stopped before {member}"
            )
            break
        if budget.ratio_cap is not None and budget.used + info.file_size > budget.ratio_cap:
            reasons.append(f"{_ratio_reason(limits.max_ratio)}; stopped before {member}")
            break
        try:
            segments = _member_segments(archive, info, member, nest, budget)
            yield from prefixed_member(name, member, segments, reasons, stop=(_ArchiveTooLarge,))
        except _ArchiveTooLarge as exc:
            reasons.append(f"{member}: {exc.reason}; stopped")
            break
        except Exception as exc:  # CRC error, bad compression data, unsupported method...
            reasons.append(f"{member}: unreadable member: {_why(exc)}")


def _member_segments(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    member: str,
    nest: Nesting,
    budget: _Budget,
) -> Iterator[Segment]:
    limits = nest.limits
    with archive.open(info) as raw:
        if _needs_random_access(member, raw):
            with spool(raw, limits.max_member_bytes) as copy:
                size = copy.seek(0, io.SEEK_END)
                budget.used += size
                if budget.used > limits.max_total_bytes:
                    raise _ArchiveTooLarge(
                        f"archive inflated past max_total_bytes {limits.max_total_bytes}"
                    )
                if budget.ratio_cap is not None and budget.used > budget.ratio_cap:
                    raise _ArchiveTooLarge(_ratio_reason(limits.max_ratio))
                copy.seek(0)
                yield from nest.member(member, copy)
            return
        counted = _CountingReader(raw, limits, budget)
        try:
            yield from nest.member(member, counted)  # type: ignore[arg-type]
        finally:
            budget.used += counted.high_water
