"""Arrow schemas derived from the row dataclasses, so a column is declared once (scanner.model).

Each column's Arrow type follows its Python annotation (``str`` -> string, ``int`` -> int64,
``float`` -> float64, ``bool`` -> bool, ``X | None`` -> nullable X); ``overrides`` names the
few columns stored differently from how the dataclass holds them (``mtime``: POSIX seconds in
``FileRecord``, a UTC timestamp in files.parquet).
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import Any, Union, get_args, get_origin, get_type_hints

import pyarrow as pa

_ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def _arrow_type(hint: Any) -> pa.DataType:
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = (arg for arg in get_args(hint) if arg is not type(None))
        return _arrow_type(inner)
    if hint not in _ARROW_TYPES:
        raise TypeError(f"no Arrow type for the annotation {hint!r}")
    return _ARROW_TYPES[hint]


def arrow_schema(
    row_type: type,
    columns: Sequence[str],
    overrides: Mapping[str, pa.DataType] | None = None,
) -> pa.Schema:
    """The schema of ``columns`` (in that order) of the dataclass ``row_type``."""
    hints = get_type_hints(row_type)
    overrides = overrides or {}
    return pa.schema([(name, overrides.get(name) or _arrow_type(hints[name])) for name in columns])
