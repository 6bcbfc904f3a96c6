"""Inventory/report stage: text that came from scanned files, made safe for where it is shown.

File names, JSON keys, CSV headers and error reasons are written by whoever wrote the files.
Two places interpret them:

- spreadsheets run a CSV cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return as a formula (CSV injection): :func:`csv_cell` prefixes such a cell with ``'`` as the
  OWASP CSV Injection guidance says (https://owasp.org/www-community/attacks/CSV_Injection);
- terminals and CI logs run escape sequences (ESC, OSC titles and hyperlinks), and a newline
  in a name starts a line of its own (``FAKE: all clear``, a GitHub ``::error::`` command):
  :func:`escape_controls` writes every control character as a visible ``\\xNN`` escape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# C0 controls, DEL, C1 controls, and the bidirectional overrides/isolates that reorder what a
# reader sees ("Trojan Source", CVE-2021-42574).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Formula triggers, with their full-width forms (spreadsheets normalise those too).
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character (newlines too) written as a visible escape."""
    return _CONTROL.sub(_escape, text)


def escape_terminal(text: str) -> str:
    """A whole multi-line text for a terminal: line breaks kept, every other control escaped."""
    return _CONTROL_BUT_NEWLINE.sub(_escape, text)


def csv_cell(value: Any) -> Any:
    """A string cell a spreadsheet would run as a formula gets a leading ``'``; others as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` through :func:`csv_cell`."""
    return {k: csv_cell(v) for k, v in row.items()}


__all__ = ["csv_cell", "csv_row", "escape_controls", "escape_terminal"]
