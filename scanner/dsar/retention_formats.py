"""Retention rows (``scanner.dsar.retention``) as text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from scanner.dsar.retention import (
    STATUS_NO_DATE,
    STATUS_NOT_CHECKABLE,
    STATUS_OVER,
    STATUS_UNKNOWN_CATEGORY,
    STATUS_WITHIN,
    group_rows,
)
from scanner.protect.safe_text import csv_row

AGE_NOTE = (
    "Ages are measured from each file's mtime (files.parquet): the inventory holds no "
    "per-record dates, and mtime is the newest date a record in the file can have."
)


RETENTION_FIELDS = [
    "category",
    "category_title",
    "prefix",
    "path",
    "findings",
    "mtime",
    "age_days",
    "retention",
    "retention_period",
    "retention_basis",
    "cutoff",
    "over_by_days",
    "status",
]


def format_retention_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RETENTION_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def format_retention_json(
    rows: list[dict[str, Any]], run_dir: Path, as_of: date, policy_path: str
) -> str:
    doc = {
        "run_dir": str(run_dir),
        "as_of": as_of.isoformat(),
        "policy": policy_path,
        "age_basis": "mtime",
        "note": AGE_NOTE,
        "over_retention": sum(1 for r in rows if r["status"] == STATUS_OVER),
        "groups": group_rows(rows),
        "rows": rows,
    }
    return json.dumps(doc, indent=2) + "\n"


_FILES_LISTED_PER_PREFIX = 20


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def format_retention_text(
    rows: list[dict[str, Any]], run_dir: Path, as_of: date, policy_path: str
) -> str:
    lines = [
        f"Retention check of {run_dir} as of {as_of.isoformat()} (policy {policy_path})",
        AGE_NOTE,
    ]
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_category[row["category"]].append(row)
    unchecked = []
    over_total = 0
    for category, cat_rows in sorted(by_category.items()):
        first = cat_rows[0]
        if first["status"] in (STATUS_NOT_CHECKABLE, STATUS_UNKNOWN_CATEGORY):
            unchecked.append(cat_rows)
            continue
        basis = first["retention_basis"] or first["retention"]
        lines.append("")
        lines.append(
            f"{category} ({first['category_title']}): retention_period "
            f"{first['retention_period']}; files last written before {first['cutoff']} are over"
        )
        if basis:
            lines.append(f"  rule: {basis}")
        for group in group_rows(cat_rows):
            if group["status"] == STATUS_OVER:
                over_total += group["files"]
                lines.append(
                    f"  OVER  {group['prefix']}/  {group['files']} file(s), "
                    f"{group['findings']} finding(s), oldest {group['oldest_mtime']}, "
                    f"up to {_days(group['max_over_by_days'])} over"
                )
                over_rows = [
                    r
                    for r in cat_rows
                    if r["prefix"] == group["prefix"] and r["status"] == STATUS_OVER
                ]
                over_rows.sort(key=lambda r: -r["over_by_days"])
                for r in over_rows[:_FILES_LISTED_PER_PREFIX]:
                    lines.append(
                        f"        {r['path']}  mtime {r['mtime']}, "
                        f"{_days(r['over_by_days'])} over, {r['findings']} finding(s)"
                    )
                if len(over_rows) > _FILES_LISTED_PER_PREFIX:
                    lines.append(
                        f"        ... and {len(over_rows) - _FILES_LISTED_PER_PREFIX} more "
                        "(--format csv lists all)"
                    )
            elif group["status"] == STATUS_WITHIN:
                lines.append(
                    f"  ok    {group['prefix']}/  {group['files']} file(s) within retention"
                )
            elif group["status"] == STATUS_NO_DATE:
                lines.append(
                    f"  ?     {group['prefix']}/  {group['files']} file(s) without an mtime "
                    "(cannot be checked)"
                )
    if unchecked:
        lines.append("")
        lines.append("Not machine-checkable (the policy gives no period):")
        for cat_rows in unchecked:
            first = cat_rows[0]
            files = len({r["path"] for r in cat_rows})
            findings = sum(r["findings"] for r in cat_rows)
            if first["status"] == STATUS_UNKNOWN_CATEGORY:
                words = "category not in this policy"
            else:
                words = f'"{first["retention"]}"' if first["retention"] else "no retention stated"
            lines.append(
                f"  {first['category'] or '-'}: {words} ({files} file(s), {findings} finding(s))"
            )
    lines.append("")
    lines.append(f"{over_total} file(s) over retention" if over_total else "nothing over retention")
    return "\n".join(lines) + "\n"
