"""Reading a file the user named for the gate (a baseline, an allowlist).

A missing or unreadable file becomes that file's own error (``BaselineError``,
``AllowlistError``) naming the path and why, so the CLI reports it as a usage error, never
with a traceback.
"""

from __future__ import annotations

from pathlib import Path


def read_named_file(path: Path, error: type[Exception]) -> str:
    """The UTF-8 text of ``path``; ``error`` with the path and the reason when it cannot be."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read ({type(exc).__name__})") from exc
