"""Write-then-rename, so readers only ever see complete files.

The temporary file is created by ``mkstemp`` (``O_CREAT | O_EXCL``, an unpredictable name) in
the target folder: a symlink planted at a predictable name (``.summary.json.tmp-<pid>``) could
otherwise redirect the write to any file the user can write. ``os.replace`` then swaps the
finished file in; it replaces a symlink at the final name rather than following it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_path(final: Path) -> Path:
    """A new, empty, owner-only temporary file beside ``final`` (created here, never reused)."""
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.tmp-", dir=final.parent)
    os.close(fd)
    return Path(name)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def commit(tmp: Path, final: Path) -> Path:
    """fsync ``tmp``, give it the mode a plainly created file would have (the umask decides:
    owner-only under ``--reveal``), and rename it to ``final``."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
        os.fchmod(fh.fileno(), 0o666 & ~_current_umask())
    os.replace(tmp, final)
    return final


def write_text_atomic(final: Path, text: str, newline: str | None = None) -> Path:
    """Write ``text`` (UTF-8) to ``final`` all at once or not at all; ``newline`` as for
    ``open`` (``""`` keeps a CSV writer's ``\r\n`` as written)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(final)
    try:
        tmp.write_text(text, encoding="utf-8", newline=newline)
        return commit(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
