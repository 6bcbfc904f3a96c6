"""Terminal output of `piimap scan`: a progress bar while scanning and a one-screen summary.

Only counts and masked values are ever printed here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

if TYPE_CHECKING:
    from scanner.scan.pipeline import FileResult


class ScanProgress:
    """A live bar (files, bytes, findings, rate) on a terminal; silent otherwise."""

    def __init__(self, enabled: bool = True, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self.files = 0
        self.findings = 0
        self.errors = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ScanProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[files]} files"),
                BarColumn(bar_width=None),
                TextColumn("{task.fields[findings]} findings, {task.fields[errors]} errors"),
                TransferSpeedColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("scan", total=None, files=0, findings=0, errors=0)
        return self

    def update(self, result: FileResult) -> None:
        self.files += 1
        self.findings += len(result.findings)
        self.errors += result.record.status == "error"
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                advance=result.record.size or 0,
                files=self.files,
                findings=self.findings,
                errors=self.errors,
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def print_summary(summary: dict[str, Any], out_dir: Path, console: Console | None = None) -> None:
    """One screen: totals, then findings by category with undeclared ones first."""
    console = console or Console(file=sys.stdout, width=110)
    files = summary["files"]
    f = summary["findings"]
    console.print(
        f"[bold]piimap[/bold] run {summary['run_id']}: {files['total']} files "
        f"({files['scanned']} scanned, {files.get('partial', 0)} partial, {files['skipped']} "
        f"skipped, {files['error']} errors), "
        f"{summary['bytes_scanned']:,} bytes in {summary['duration_seconds']:.1f}s"
    )
    incremental = summary.get("incremental") or {}
    if incremental.get("baseline_run"):
        if incremental.get("baseline_used"):
            carried = files.get("carried_forward", 0)
            console.print(
                f"incremental: {carried} files carried forward unread from "
                f"{incremental['baseline_run']}, {files['total'] - carried} scanned again"
            )
        else:
            console.print(f"[yellow]incremental: {incremental.get('note')}[/yellow]")
    console.print(
        f"findings: {f['total']} ({f['distinct_values']} distinct values), "
        f"[bold red]{f['undeclared']} undeclared[/bold red], {f['declared']} declared"
    )
    table = Table(show_lines=False, header_style="bold")
    for col in ("declared", "category", "entity type", "source kind", "findings", "distinct"):
        table.add_column(col, justify="right" if col in ("findings", "distinct") else "left")
    rows = summary["by_category"]
    for row in rows[:25]:
        table.add_row(
            "yes" if row["declared"] else "[red]NO[/red]",
            row["category"] or "(declared nowhere)",
            row["entity_type"],
            row["source_kind"],
            str(row["findings"]),
            str(row["distinct_values"]),
        )
    if rows:
        console.print(table)
    if len(rows) > 25:
        console.print(f"... {len(rows) - 25} more rows in summary.json")
    incomplete = files["error"] + files.get("partial", 0)
    if incomplete:
        console.print(
            f"[yellow]{incomplete} files could not be read completely; reasons in "
            f"{out_dir / 'files.parquet'}[/yellow]"
        )
    console.print(f"inventory: {out_dir}")
