"""Walk a local folder (or take a single file) in a deterministic order, never escaping the root."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from scanner.sources.base import SourceError, SourceFile, SourceReadError
from scanner.sources.pathmatch import path_excluded, path_selected

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "directory"),
)


def _kind(mode: int) -> str:
    for test, name in _SPECIAL_KINDS:
        if test(mode):
            return name
    return "unknown file type"


def _os_reason(exc: OSError, what: str) -> str:
    """A short reason for an OSError that does not depend on the locale or repeat the path."""
    if isinstance(exc, PermissionError):
        return f"permission denied: {what}"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        return f"file vanished before it was listed ({what})"
    return f"{what}: {exc.strerror or type(exc).__name__}"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def iter_local(
    source: str, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[SourceFile | SourceError]:
    """Yield the files below ``source`` sorted by relative path (or ``source`` itself if a file).

    Symlinks are followed only while their target stays inside the root; a directory symlink
    back to one of its ancestors is reported as a loop instead of being walked forever.
    """
    try:
        root_stat = os.stat(source)
    except OSError as exc:
        yield SourceError(source, "", _os_reason(exc, "cannot stat the source"))
        return
    if not stat.S_ISDIR(root_stat.st_mode):
        name = os.path.basename(os.path.normpath(source))
        yield _file_entry(source, name, os.path.abspath(source), root_stat)
        return
    root_real = os.path.realpath(source)
    ancestors = {(root_stat.st_dev, root_stat.st_ino)}
    yield from _walk(source, root_real, source, "", ancestors, include, exclude)


def _file_entry(source: str, rel: str, uri: str, st: os.stat_result) -> SourceFile | SourceError:
    if not stat.S_ISREG(st.st_mode):
        return SourceError(source, rel, f"not a regular file ({_kind(st.st_mode)})")
    if not os.access(uri, os.R_OK):
        return SourceError(source, rel, "permission denied: file is not readable")
    return SourceFile(source=source, path=rel, uri=uri, size=st.st_size, mtime=st.st_mtime)


def _walk(
    source: str,
    root_real: str,
    directory: str,
    rel_dir: str,
    ancestors: set[tuple[int, int]],
    include: Sequence[str],
    exclude: Sequence[str],
) -> Iterator[SourceFile | SourceError]:
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except OSError as exc:
        yield SourceError(source, rel_dir, _os_reason(exc, "cannot list directory"))
        return
    listed: list[tuple[str, os.DirEntry[str], bool]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows symlinks; a loop or dangling link is not a dir
        except OSError:
            is_dir = False
        # Sorting on `name/` for folders makes the whole walk come out sorted by relative path.
        listed.append((entry.name + "/" if is_dir else entry.name, entry, is_dir))
    listed.sort(key=lambda item: item[0])

    filtered = bool(include or exclude)  # most scans have no patterns: no match call per file
    for _, entry, is_dir in listed:
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        if filtered and is_dir and path_excluded(rel, exclude):
            continue
        if filtered and not is_dir and not path_selected(rel, include, exclude):
            continue
        real = entry.path
        if entry.is_symlink():
            real = os.path.realpath(entry.path)
            if not _inside(real, root_real):
                yield SourceError(source, rel, "symlink points outside the scan root")
                continue
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            reason = _os_reason(exc, "cannot stat")
            if isinstance(exc, FileNotFoundError) and entry.is_symlink():
                reason = "broken symlink (target does not exist)"
            yield SourceError(source, rel, reason)
            continue
        if is_dir:
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield SourceError(source, rel, "symlink loop (points back to a parent folder)")
                continue
            ancestors.add(key)
            try:
                yield from _walk(source, root_real, entry.path, rel, ancestors, include, exclude)
            finally:
                ancestors.discard(key)
        else:
            yield _file_entry(source, rel, os.path.abspath(real), st)


def open_local_file(uri: str) -> BinaryIO:
    """Open a listed local file for binary reading without ever blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(uri, flags)
    except FileNotFoundError as exc:
        raise SourceReadError("file vanished before it was read") from exc
    except PermissionError as exc:
        raise SourceReadError("permission denied") from exc
    except OSError as exc:
        raise SourceReadError(f"cannot open: {exc.strerror or type(exc).__name__}") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SourceReadError(f"not a regular file ({_kind(st.st_mode)})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def local_change(uri: str, size: int, mtime: float | None) -> str | None:
    """Why the file at ``uri`` differs from the listed ``size``/``mtime``, or None."""
    try:
        st = os.stat(uri)
    except FileNotFoundError:
        return "file vanished while it was scanned"
    except OSError as exc:
        return _os_reason(exc, "cannot stat after reading")
    if st.st_size != size:
        return f"file changed while it was scanned (size {size} -> {st.st_size} bytes)"
    if mtime is not None and st.st_mtime != mtime:
        return "file changed while it was scanned (modification time changed)"
    return None
