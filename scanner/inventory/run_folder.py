"""What counts as a run folder, and the guards around writing one.

``report``, ``locate`` and ``retention`` read a run folder; given any other folder they must say
so in one line instead of failing deep inside a Parquet reader. ``scan --out`` must never mix a
new run into an old one (the old ``report.html`` and ``datamap.csv`` would sit beside the new
findings), so an existing run is refused unless ``--force`` clears the whole folder first.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

RUN_MARKERS = ("summary.json", "findings.parquet")
# The folder of a run that holds its scan journal (scanner.scan.journal writes it); it belongs
# to the run folder's layout, so inventory need not reach back into the scan wing for it.
STATE_DIR = ".state"


class RunFolderError(Exception):
    """The folder is not a run, or a run folder cannot be written; the message says what to do."""


def is_run_folder(path: Path) -> bool:
    """A finished run: the folder holds summary.json and findings.parquet."""
    return Path(path).is_dir() and all((Path(path) / m).is_file() for m in RUN_MARKERS)


def require_run_folder(path: Path) -> Path:
    """``path`` if it is a finished run; else a one-line reason (missing, a file, not a run)."""
    p = Path(path)
    if not os.path.lexists(p):
        raise RunFolderError(f"no such file or folder: {p}")
    if not p.is_dir():
        raise RunFolderError(f"{p} is a file, not a run folder (give the --out folder of a scan)")
    if not is_run_folder(p):
        missing = ", ".join(m for m in RUN_MARKERS if not (p / m).is_file())
        raise RunFolderError(
            f"{p} is not a piimap run folder (no {missing}); give the --out folder of a finished "
            "`piimap scan`"
        )
    return p


def _holds_a_run(p: Path) -> bool:
    return any((p / m).exists() for m in (*RUN_MARKERS, STATE_DIR, "files.parquet"))


def prepare_out_folder(out: Path, force: bool) -> None:
    """Refuse to write over an existing run unless ``force``; with it, clear the whole folder.

    A non-empty folder that is not a run is never cleared (``--out .`` with ``--force`` must not
    delete the working tree): choose a new or empty folder instead.
    """
    p = Path(out)
    if not os.path.lexists(p):
        return
    if p.is_symlink() or not p.is_dir():
        raise RunFolderError(f"--out {p} exists and is not a folder; choose a new folder")
    if not any(p.iterdir()):
        return
    if (p / STATE_DIR).is_symlink():  # before the run test, which would follow the link
        raise RunFolderError(
            f"{p / STATE_DIR} is a symbolic link; piimap does not write its journal through "
            "links. Remove it, or choose another --out folder."
        )
    if not _holds_a_run(p):
        raise RunFolderError(
            f"--out {p} is a non-empty folder that is not a piimap run; choose a new or empty "
            "folder (--force only replaces an earlier run)"
        )
    if not force:
        raise RunFolderError(
            f"--out {p} already holds a run; choose a new folder, continue it with "
            f"`piimap scan --resume {p}`, or add --force to delete it and scan again"
        )
    for child in p.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


__all__ = [
    "RUN_MARKERS",
    "RunFolderError",
    "is_run_folder",
    "prepare_out_folder",
    "require_run_folder",
]
