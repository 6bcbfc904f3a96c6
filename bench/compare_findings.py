"""Compare two scan runs row for row: ``findings.parquet`` and ``files.parquet``.

``python -m bench.compare_findings RUN_A RUN_B`` exits 0 when both runs hold the same rows,
1 when they differ (printing the first differing rows, masked values only) and 2 when a run
directory is missing a file. It shows that a refactor left behaviour unchanged: scan the same
folder with the code before and after, then compare the two run directories.

Rows are compared as multisets after sorting on every compared column (key columns first), so
the order files finished in (workers, Spark partitions) does not matter, but every value does.
Only the columns that differ between two runs by construction are left out:

- ``run_id`` (findings): a fresh id per run, by design (``scanner.scan.pipeline.new_run_id``).

Start and finish times and the duration live in ``summary.json`` only, which is why it is not
compared. Everything else — paths, scores, offsets, keyed hashes, masked values, file status,
reason, size, sha256, ``mtime`` — must match; scan both runs with the same ``PIIMAP_HASH_KEY``
and the same source path. ``--ignore COLUMN`` leaves out more columns when a comparison needs it
(e.g. ``mtime`` after copying the folder), and the output says so.

Raw values never reach the output: a ``value`` column (``--reveal`` runs) is compared but shown
as ``<hidden>``, and keyed hashes are shortened to 12 hex digits.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyarrow.parquet as pq

# Columns that differ between two runs of the same scan by construction (see the module doc).
IGNORED_BY_CONSTRUCTION: dict[str, tuple[str, ...]] = {
    "findings.parquet": ("run_id",),
    "files.parquet": (),
}
# Sort keys first (where a reader looks for the difference), then every other column.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "findings.parquet": ("source", "path", "line", "start", "end", "entity_type", "recognizer"),
    "files.parquet": ("source", "path"),
}
HIDDEN_COLUMNS = frozenset({"value"})
HASH_COLUMNS = frozenset({"value_hash", "sha256"})
HASH_SHOWN = 12


@dataclass(frozen=True)
class TableDiff:
    """How one table of two runs differs: rows only in A, rows only in B (sorted, capped)."""

    name: str
    columns: tuple[str, ...]
    rows_a: int
    rows_b: int
    only_a: list[tuple[Any, ...]]
    only_b: list[tuple[Any, ...]]
    only_a_total: int
    only_b_total: int
    schema_note: str = ""

    @property
    def equal(self) -> bool:
        return not self.schema_note and not self.only_a_total and not self.only_b_total


def _sort_value(value: Any) -> tuple[int, Any]:
    """None sorts first and apart from values, so a null never meets a str in a comparison."""
    if value is None:
        return (0, "")
    if isinstance(value, float) and value != value:  # NaN
        return (1, "")
    return (2, value)


def read_rows(path: Path, ignore: Sequence[str]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The table's compared columns (keys first) and its rows as tuples."""
    table = pq.read_table(path)
    name = path.name
    keep = [c for c in table.column_names if c not in ignore]
    keys = [c for c in KEY_COLUMNS.get(name, ()) if c in keep]
    columns = tuple(keys + sorted(c for c in keep if c not in keys))
    data = table.select(list(columns)).to_pydict()
    rows = list(zip(*(data[c] for c in columns), strict=True)) if columns else []
    rows.sort(key=lambda row: tuple(_sort_value(v) for v in row))
    return columns, rows


def compare_table(
    run_a: Path, run_b: Path, name: str, *, extra_ignore: Sequence[str] = (), show: int = 5
) -> TableDiff:
    """Compare one parquet file of two run directories as sorted multisets of rows."""
    ignore = (*IGNORED_BY_CONSTRUCTION.get(name, ()), *extra_ignore)
    cols_a, rows_a = read_rows(run_a / name, ignore)
    cols_b, rows_b = read_rows(run_b / name, ignore)
    if set(cols_a) != set(cols_b):
        note = (
            f"columns differ: only in A {sorted(set(cols_a) - set(cols_b))}, "
            f"only in B {sorted(set(cols_b) - set(cols_a))}"
        )
        return TableDiff(name, cols_a, len(rows_a), len(rows_b), [], [], 0, 0, note)
    count_a, count_b = Counter(rows_a), Counter(rows_b)
    only_a = [r for r in rows_a if _take(count_a, count_b, r)]
    count_a, count_b = Counter(rows_a), Counter(rows_b)
    only_b = [r for r in rows_b if _take(count_b, count_a, r)]
    return TableDiff(
        name,
        cols_a,
        len(rows_a),
        len(rows_b),
        only_a[:show],
        only_b[:show],
        len(only_a),
        len(only_b),
    )


def _take(
    mine: Counter[tuple[Any, ...]], theirs: Counter[tuple[Any, ...]], row: tuple[Any, ...]
) -> bool:
    """True for each copy of ``row`` the other side does not also hold (multiset difference)."""
    if theirs[row] > 0:
        theirs[row] -= 1
        return False
    return True


def safe_cell(column: str, value: Any) -> str:
    """A cell as it may be printed: raw values hidden, keyed hashes shortened."""
    if column in HIDDEN_COLUMNS:
        return "<hidden>"
    if column in HASH_COLUMNS and isinstance(value, str) and len(value) > HASH_SHOWN:
        return value[:HASH_SHOWN] + "…"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return repr(value)


def format_row(columns: Sequence[str], row: tuple[Any, ...]) -> str:
    return ", ".join(f"{c}={safe_cell(c, v)}" for c, v in zip(columns, row, strict=True))


def format_diff(diff: TableDiff) -> list[str]:
    """Lines describing one table's comparison."""
    if diff.schema_note:
        return [f"{diff.name}: DIFFER ({diff.schema_note})"]
    if diff.equal:
        return [f"{diff.name}: equal ({diff.rows_a} rows)"]
    lines = [
        f"{diff.name}: DIFFER (A {diff.rows_a} rows, B {diff.rows_b} rows; "
        f"{diff.only_a_total} only in A, {diff.only_b_total} only in B)"
    ]
    for label, rows, total in (
        ("A", diff.only_a, diff.only_a_total),
        ("B", diff.only_b, diff.only_b_total),
    ):
        for row in rows:
            lines.append(f"  only in {label}: {format_row(diff.columns, row)}")
        if total > len(rows):
            lines.append(f"  ... {total - len(rows)} more only in {label}")
    return lines


TABLES = ("findings.parquet", "files.parquet")


@click.command()
@click.argument("run_a", type=click.Path(file_okay=False, path_type=Path))
@click.argument("run_b", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="COLUMN",
    help="Also leave out this column (repeatable); by construction only run_id is.",
)
@click.option("--show", default=5, show_default=True, help="Differing rows shown per side.")
def main(run_a: Path, run_b: Path, ignore: tuple[str, ...], show: int) -> None:
    """Exit 0 when RUN_A and RUN_B hold the same findings and file rows, 1 when they differ."""
    missing = [str(run / t) for run in (run_a, run_b) for t in TABLES if not (run / t).is_file()]
    if missing:
        click.echo(f"error: not a finished run directory, missing {', '.join(missing)}", err=True)
        sys.exit(2)
    click.echo(
        "ignored columns: "
        + "; ".join(
            f"{t}: {', '.join((*IGNORED_BY_CONSTRUCTION[t], *ignore)) or '-'}" for t in TABLES
        )
    )
    diffs = [compare_table(run_a, run_b, t, extra_ignore=ignore, show=show) for t in TABLES]
    for diff in diffs:
        for line in format_diff(diff):
            click.echo(line)
    sys.exit(0 if all(d.equal for d in diffs) else 1)


if __name__ == "__main__":
    main()
