"""Names of structured fields (JSON keys, CSV headers, Parquet columns) that are safe to report.

Field names end up in findings (``field`` column), so a key or header that is itself personal
data (an NRIC used as a JSON key, a headerless CSV whose first row is a record) must not be
copied there. Such names are replaced by a placeholder; the value is still scanned.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DATA_LIKE = re.compile(r"@|\d{4}|\+\d")
MAX_NAME_CHARS = 64


@lru_cache(maxsize=4096)
def looks_like_data(name: str) -> bool:
    """True for names that might be a value rather than a label (emails, long digit runs)."""
    return bool(_DATA_LIKE.search(name)) or len(name) > MAX_NAME_CHARS


def column_name(header: str, index: int) -> str:
    """The reported name of column ``index`` (0-based) whose header cell is ``header``."""
    name = header.strip()
    if not name or looks_like_data(name):
        return f"column_{index + 1}"
    return name
