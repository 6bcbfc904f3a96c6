"""Every exit code piimap returns, in one place, so commands and docs cannot drift apart.

``scan``: 0 every file scanned, 3 some files errored, 2 usage/configuration error (a missing path,
nothing to scan, a bad key), 130 interrupted (Ctrl-C). ``check``: 0 nothing to report, 1
findings to report, 2 usage error or an unreadable file. ``locate``/``retention``/``report``:
0 ran, 2 error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # `piimap check`: findings to report; `baseline audit`: expired entries
EXIT_USAGE = 2  # usage or configuration error, or (check) a file that could not be read
EXIT_PARTIAL = 3  # `piimap scan`: some files could not be scanned (see files.parquet)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), the shell convention

# File statuses (files.parquet) that mean "not everything in this file was read": any of them
# makes `scan` exit EXIT_PARTIAL and `check` report the file, never a silently clean result.
INCOMPLETE_STATUSES: tuple[str, ...] = ("error", "partial")

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "INCOMPLETE_STATUSES",
]
