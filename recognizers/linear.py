"""Linear-time matching for patterns users write (``--recognizers`` YAML).

A backtracking engine (Presidio's ``regex``) takes exponential time on a pattern like
``(a+)+$`` over a long line of ``a``: one such pattern and one hostile 1 MB log line stall a
scan. User patterns therefore run on RE2 (google-re2), whose time is linear in the text for any
pattern it accepts; a pattern RE2 cannot run (back-references, look-arounds) is refused when the
YAML is loaded, with the reason. RE2's classes are ASCII (``\\d`` is ``[0-9]``, ``\\w`` is
``[0-9A-Za-z_]``), which is what identifiers in logs use.

Presidio builds a deny list into a look-around pattern of escaped literals; that pattern is
linear on a backtracking engine too, so it is kept as Presidio builds it.
"""

from __future__ import annotations

import re
from typing import Any

import re2
from presidio_analyzer import Pattern, PatternRecognizer

# Marks a recognizer whose patterns the scanner must run on RE2 (set by the YAML loader).
RE2_ATTRIBUTE = "piimap_linear_engine"

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # the refusal carries the reason; no absl lines on stderr


def _inline_flags(flags: int) -> str:
    letters = "".join(
        letter
        for flag, letter in ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
        if flags & flag
    )
    return f"(?{letters})" if letters else ""


def compile_linear(pattern: str, flags: int = 0) -> Any:  # re2's pattern (re2 ships no types)
    """The RE2 form of ``pattern`` with Python/``regex`` ``flags`` (I, M, S).

    Raises ``ValueError`` naming the construct RE2 cannot run in linear time.
    """
    try:
        return re2.compile(_inline_flags(flags) + pattern, _OPTIONS)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(
            f"pattern {pattern!r} cannot run in linear time ({reason}); rewrite it without "
            "back-references or look-arounds"
        ) from None


def is_presidio_deny_list(rec: PatternRecognizer, pattern: Pattern) -> bool:
    """True for the pattern Presidio generated from the recognizer's own deny list."""
    deny_list = getattr(rec, "deny_list", None)
    if not deny_list or pattern.name != "deny_list":
        return False
    return pattern.regex == rec._deny_list_to_regex(deny_list).regex


def require_linear(rec: object) -> None:
    """Check every pattern of a user's recognizer and mark it to run on RE2.

    Raises ``ValueError`` for a pattern RE2 cannot run.
    """
    if not isinstance(rec, PatternRecognizer):
        return
    for pattern in rec.patterns:  # type: ignore[has-type]  # set in Presidio's __init__
        if is_presidio_deny_list(rec, pattern):
            continue
        try:
            # Presidio types the flags Optional; it cannot run None either.
            compile_linear(pattern.regex, rec.global_regex_flags)  # type: ignore[arg-type]
        except ValueError as error:
            name = rec.name  # type: ignore[has-type]  # set in Presidio's __init__
            raise ValueError(f"recognizer {name}: {error}") from None
    setattr(rec, RE2_ATTRIBUTE, True)


__all__ = ["RE2_ATTRIBUTE", "compile_linear", "is_presidio_deny_list", "require_linear"]
