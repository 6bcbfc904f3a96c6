"""Where a token-shaped identifier may begin and end, shared by the identifier recognizers.

A letter or digit (any script) next to the value makes it part of a longer token
(``orderS1234567D9``), but ``_`` does not: ``user_S1234567D``, ``nric_S1234567D_export.log``
and ``mary.lim@gmail.com_history.csv`` hold identifiers, because ``_`` is how programs and
people glue words into one name (issue 18, item 6).
"""

from __future__ import annotations

# `[^\W_]` is `\w` without `_`: a letter or digit of any script.
TOKEN_START = r"(?<![^\W_])"
TOKEN_END = r"(?![^\W_])"

__all__ = ["TOKEN_END", "TOKEN_START"]
