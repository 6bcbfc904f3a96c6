"""Write-then-rename, so readers only ever see complete files."""

from __future__ import annotations

import os
from pathlib import Path


def temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


def commit(tmp: Path, final: Path) -> Path:
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    return final


def write_text_atomic(final: Path, text: str) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(final)
    tmp.write_text(text, encoding="utf-8")
    return commit(tmp, final)
