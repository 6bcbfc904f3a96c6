"""Which files of a scan hold personal data longer than their policy category allows.

An inventory has no per-record date (``findings.parquet`` carries no timestamp), so a file's age
is measured from its ``mtime`` in ``files.parquet``: the last time anything was written to it,
which is the newest date a record in it can have. A log that is still appended to therefore
looks young even when its first lines are old; rotate logs to make this check precise.

Categories whose policy retention is words only ("as long as is necessary", "while the account
is active") have no ``retention_period`` and are reported as not machine-checkable.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from scanner.inventory.rundir import FILES, FINDINGS, RunFolderError, open_run_dir
from scanner.policy.model import Category

STATUS_OVER = "over_retention"
STATUS_WITHIN = "within_retention"
STATUS_NOT_CHECKABLE = "not_machine_checkable"
STATUS_NO_DATE = "no_mtime"
STATUS_UNKNOWN_CATEGORY = "unknown_category"

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class RetentionError(Exception):
    """A run directory or a retention rule cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Duration:
    """A calendar duration (ISO-8601 ``PnYnMnWnD``); months and years follow the calendar."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def before(self, day: date) -> date:
        """The date this duration before ``day`` (31 March minus P1M is 28/29 February)."""
        total_months = day.year * 12 + (day.month - 1) - (self.years * 12 + self.months)
        year, month = divmod(total_months, 12)
        month += 1
        clamped = min(day.day, calendar.monthrange(year, month)[1])
        return date(year, month, clamped) - timedelta(weeks=self.weeks, days=self.days)


def parse_duration(text: str) -> Duration:
    """Parse ``PnY``/``PnM``/``PnW``/``PnD`` (combinable: ``P1Y6M``); time parts are refused."""
    match = _DURATION.match(text.strip().upper()) if text else None
    if not match or text.strip().upper() == "P":
        raise RetentionError(
            f"retention_period {text!r} is not an ISO-8601 duration of years, months, weeks or "
            "days (examples: P180D, P6M, P7Y, P1Y6M)"
        )
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return Duration(years=years, months=months, weeks=weeks, days=days)


def _first_component(path: str) -> str:
    """The top-level folder (or bucket prefix) a file sits in; files at the root group as ``.``."""
    head, sep, _ = path.partition("/")
    return head if sep else "."


def _mtime_date(mtime: float | None) -> date | None:
    if isinstance(mtime, datetime):  # files.parquet holds a UTC timestamp
        return mtime.astimezone(UTC).date()
    if mtime is None or mtime != mtime:  # NaN from a null float column
        return None
    return datetime.fromtimestamp(float(mtime), tz=UTC).date()


def _read_run(run_dir: Path) -> tuple[list[dict[str, Any]], dict[str, float | None]]:
    """(path, category) finding counts, and each file's mtime from files.parquet."""
    try:
        run = open_run_dir(run_dir)
        findings = run.read_table(FINDINGS, columns=["path", "category"])
        files = run.read_table(FILES, columns=["path", "mtime"])
    except RunFolderError as exc:
        raise RetentionError(str(exc)) from exc
    counts = findings.group_by(["path", "category"]).aggregate([("path", "count")])
    grouped = [
        {"path": p, "category": c, "findings": n}
        for p, c, n in zip(
            counts.column("path").to_pylist(),
            counts.column("category").to_pylist(),
            counts.column("path_count").to_pylist(),
            strict=True,
        )
    ]
    mtimes = dict(
        zip(files.column("path").to_pylist(), files.column("mtime").to_pylist(), strict=True)
    )
    return grouped, mtimes


class CategoryLookup(Protocol):
    """What retention reads of a policy (``scanner.policy.model.Policy`` is one)."""

    def find_category(self, category_id: str) -> Category | None: ...


def retention_rows(
    run_dir: str | Path, policy: CategoryLookup, as_of: date | None = None
) -> list[dict[str, Any]]:
    """One row per (file, category) with its retention status, for text/CSV/JSON and the report.

    Keys: ``category``, ``category_title``, ``prefix``, ``path``, ``findings``, ``mtime``
    (ISO date or None), ``age_days``, ``retention`` (the policy's words), ``retention_period``,
    ``retention_basis``, ``cutoff`` (files last written before it are over), ``over_by_days``
    and ``status`` (one of the ``STATUS_*`` constants). Sorted by category, prefix, path.
    """
    as_of = as_of or date.today()
    grouped, mtimes = _read_run(Path(run_dir))
    durations: dict[str, Duration] = {}
    rows = []
    for item in grouped:
        path, category_id = item["path"], item["category"] or ""
        category = policy.find_category(category_id)
        modified = _mtime_date(mtimes.get(path))
        row: dict[str, Any] = {
            "category": category_id,
            "category_title": category.title if category else "",
            "prefix": _first_component(path),
            "path": path,
            "findings": int(item["findings"]),
            "mtime": modified.isoformat() if modified else None,
            "age_days": (as_of - modified).days if modified else None,
            "retention": (category.retention or "") if category else "",
            "retention_period": category.retention_period if category else None,
            "retention_basis": (getattr(category, "retention_basis", "") or "") if category else "",
            "cutoff": None,
            "over_by_days": None,
        }
        period = row["retention_period"]
        if category is None:
            row["status"] = STATUS_UNKNOWN_CATEGORY
        elif not period:
            row["status"] = STATUS_NOT_CHECKABLE
        else:
            if period not in durations:
                try:
                    durations[period] = parse_duration(period)
                except RetentionError as exc:
                    raise RetentionError(f"category {category_id}: {exc}") from exc
            cutoff = durations[period].before(as_of)
            row["cutoff"] = cutoff.isoformat()
            if modified is None:
                row["status"] = STATUS_NO_DATE
            elif modified < cutoff:
                row["status"] = STATUS_OVER
                row["over_by_days"] = (cutoff - modified).days
            else:
                row["status"] = STATUS_WITHIN
        rows.append(row)
    rows.sort(key=lambda r: (r["category"], r["prefix"], r["path"]))
    return rows


def group_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per (category, prefix, status): file and finding counts, oldest date, largest overrun."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["category"], row["prefix"], row["status"])
        group = groups.setdefault(
            key,
            {
                "category": row["category"],
                "category_title": row["category_title"],
                "prefix": row["prefix"],
                "status": row["status"],
                "retention": row["retention"],
                "retention_period": row["retention_period"],
                "retention_basis": row["retention_basis"],
                "cutoff": row["cutoff"],
                "files": 0,
                "findings": 0,
                "oldest_mtime": None,
                "max_over_by_days": None,
            },
        )
        group["files"] += 1
        group["findings"] += row["findings"]
        if row["mtime"] and (group["oldest_mtime"] is None or row["mtime"] < group["oldest_mtime"]):
            group["oldest_mtime"] = row["mtime"]
        if row["over_by_days"] is not None:
            group["max_over_by_days"] = max(group["max_over_by_days"] or 0, row["over_by_days"])
    return [groups[k] for k in sorted(groups)]
