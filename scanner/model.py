"""The values that flow through the pipeline: sources -> extract -> detect -> policy -> inventory.

Each stage only consumes the type of the stage before it, so a module never reaches back upstream.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from dataclasses import field as dc_field
from itertools import repeat
from typing import Any, overload

# Field metadata of a dataclass field that is not an output column (raw values, journal-only).
NOT_A_COLUMN: dict[str, bool] = {"column": False}


def columns_of(cls: type) -> tuple[str, ...]:
    """The output columns of a row dataclass: its fields in order, less ``NOT_A_COLUMN`` ones."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("column", True))


@dataclass(frozen=True)
class Segment:
    """A piece of extracted text with its location in the file's extracted text.

    ``offset`` is the code-point offset of ``text[0]`` in the whole file's extracted text and
    ``line`` the 1-based line of ``text[0]``, so detect can compute global positions without
    knowing the file format. ``context`` carries words that describe the value but are not part
    of the text (a JSON key, a CSV column name). ``kind`` tells detect what the text is:
    ``"log"`` (machine-written lines; never NER), ``"prose"`` (documents; NER when the profile
    allows) or ``"field"`` (one structured value; NER only for name-like fields).
    """

    text: str
    path: str
    offset: int = 0
    line: int = 1
    page: int | None = None
    field: str | None = None
    context: str = ""
    kind: str = "log"


@dataclass(frozen=True, slots=True)
class Detection:
    """A recognizer hit. Holds the raw value, so it never leaves the worker process."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    value: str
    path: str
    line: int
    page: int | None = None
    field: str | None = None
    metadata: dict[str, Any] = dc_field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """One row of ``findings.parquet``: a classified detection whose value is protected."""

    run_id: str
    source: str
    path: str
    source_kind: str
    file_type: str
    entity_type: str
    category: str
    declared: bool
    score: float
    recognizer: str
    start: int
    end: int
    line: int
    page: int | None
    field: str | None
    value_hash: str
    masked_value: str
    value: str | None = dc_field(default=None, metadata=NOT_A_COLUMN)  # only with --reveal


# Column order of findings.parquet / .csv / .jsonl (documented in the README): the fields in
# declaration order, less those marked ``column=False``.
FINDING_COLUMNS: tuple[str, ...] = columns_of(Finding)

# The columns that are one value for a whole file, and those that vary per finding.
FILE_CONSTANT_COLUMNS: tuple[str, ...] = ("run_id", "source", "source_kind", "file_type")
PER_FINDING_COLUMNS: tuple[str, ...] = tuple(
    n for n in (*FINDING_COLUMNS, "value") if n not in FILE_CONSTANT_COLUMNS
)


class FindingColumns(Sequence[Finding]):
    """One file's findings held as columns: a list per varying field, one value per constant.

    Why: a log file has tens of thousands of findings; building a frozen ``Finding`` per hit and
    pickling them back from a worker (a Python ``__setstate__`` per object) costs more than the
    protect step itself, and the parent process that unpickles is the one that does not scale
    with ``--workers``. Lists of str/int/float pickle in C. Readers that need rows still get
    ``Finding`` objects (indexing, iteration, ``==`` with a list of them); bulk readers take
    ``column(name)``. ``value`` (the raw value) is filled only with ``--reveal``.
    """

    __slots__ = ("constants", "lists")

    def __init__(self, run_id: str, source: str, source_kind: str, file_type: str) -> None:
        self.constants: dict[str, str] = {
            "run_id": run_id,
            "source": source,
            "source_kind": source_kind,
            "file_type": file_type,
        }
        self.lists: dict[str, list[Any]] = {name: [] for name in PER_FINDING_COLUMNS}

    def __len__(self) -> int:
        return len(self.lists["start"])

    def column(self, name: str) -> Sequence[Any]:
        """All values of one column (``FINDING_COLUMNS`` or ``value``), in finding order."""
        if name in self.constants:
            return [self.constants[name]] * len(self)
        return self.lists[name]

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        n = len(self)
        return zip(
            *(
                repeat(self.constants[name], n) if name in self.constants else self.lists[name]
                for name in _ROW_ORDER
            ),
            strict=True,
        )

    def __iter__(self) -> Iterator[Finding]:
        return (Finding(*row) for row in self._rows())

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return list(self)[index]
        i = range(len(self))[index]  # IndexError and negative indexes like a list
        row: list[Any] = [
            self.constants[n] if n in self.constants else self.lists[n][i] for n in _ROW_ORDER
        ]
        return Finding(*row)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"FindingColumns({len(self)} findings of {self.constants['source']!r})"


# ``Finding``'s positional field order (FINDING_COLUMNS then value), for building rows.
_ROW_ORDER: tuple[str, ...] = tuple(f.name for f in fields(Finding))


@dataclass
class FileRecord:
    """One row of ``files.parquet``."""

    path: str
    size: int
    file_type: str = ""
    source_kind: str = ""
    status: str = "scanned"  # scanned | partial | skipped | error
    reason: str = ""
    findings: int = 0
    sha256: str = ""
    mtime: float | None = None
    source: str = dc_field(
        default="", metadata=NOT_A_COLUMN
    )  # the run's sources are in summary.json
    carried_forward: bool = False  # copied unread from the --incremental baseline run


# Column order of files.parquet (documented in the README), derived the same way.
FILE_COLUMNS: tuple[str, ...] = columns_of(FileRecord)
