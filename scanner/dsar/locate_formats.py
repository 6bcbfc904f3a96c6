"""A located subject's data as text, JSON and CSV, the deletion plan as text, and the
subject-access bundle (occurrences.csv, occurrences.json, summary.txt).

Everything rendered here is labels (``value 1``), masked values and keyed hashes: the raw
values of a request never reach this module.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from scanner.dsar.deletion import action_for, deletion_plan
from scanner.dsar.locate import LocateResult, Occurrence, location
from scanner.inventory.atomic import write_text_atomic
from scanner.policy.model import Policy
from scanner.protect.safe_text import csv_row, escape_controls

OCCURRENCE_FIELDS = [
    "value_label",
    "value_masked",
    "run_id",
    "run_dir",
    "source",
    "path",
    "file_type",
    "source_kind",
    "page",
    "line",
    "field",
    "entity_type",
    "category",
    "declared",
    "masked_value",
    "value_hash",
    "record",
]
ACTION_FIELDS = ["action", "reason"]


def _occurrence_rows(result: LocateResult, policy: Policy | None) -> list[dict[str, Any]]:
    rows = []
    for report in result.values:
        for o in report.occurrences:
            row = {"value_masked": report.sought.masked, **asdict(o)}
            if policy is not None:
                row["action"], row["reason"] = action_for(policy, o.category, o.declared)
            rows.append(row)
    return rows


def format_locate_csv(result: LocateResult, policy: Policy | None = None) -> str:
    fields = OCCURRENCE_FIELDS + (ACTION_FIELDS if policy is not None else [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _occurrence_rows(result, policy):
        writer.writerow(csv_row(row))
    return out.getvalue()


def format_locate_json(
    result: LocateResult, policy: Policy | None = None, policy_path: str | None = None
) -> str:
    values: list[dict[str, Any]] = []
    for report in result.values:
        values.append(
            {
                "label": report.sought.label,
                "masked": report.sought.masked,
                "candidate_types": list(report.sought.entity_types),
                "value_hashes": sorted(report.sought.hashes),
                "summary": report.summary,
                "occurrences": [asdict(o) for o in report.occurrences],
                "related": [asdict(r) for r in report.related],
                "not_linked": {
                    "note": NOT_LINKED_NOTE,
                    **asdict(report.not_linked),
                },
            }
        )
    doc: dict[str, Any] = {
        "runs": [asdict(r) for r in result.runs],
        "found": result.found,
        "values": values,
    }
    if policy is not None:
        doc["policy"] = policy_path
        doc["deletion_plan"] = deletion_plan(result, policy)
    return json.dumps(doc, indent=2, default=str) + "\n"


def _occurrence_line(o: Occurrence) -> str:
    declared = "declared" if o.declared else "UNDECLARED"
    where = location(o)
    where = f"  {where}" if where else ""
    return (
        f"    {escape_controls(o.path)}{where}  {o.entity_type} {o.masked_value}  "
        f"category {o.category or '-'} ({o.source_kind}, {declared})  [run {o.run_id}]"
    )


NOT_LINKED_NOTE = "same name, other identifiers: not this subject"


def _not_linked_line(report: Any) -> str | None:
    n = report.not_linked
    if not n.records:
        return None
    return (
        f"  {NOT_LINKED_NOTE} — {n.records} record(s) in {n.files} file(s) hold this value "
        "next to another person's NRIC/FIN, email, phone or passport (counted, not listed)"
    )


def format_locate_text(result: LocateResult) -> str:
    lines = [f"Searched {len(result.runs)} run(s): " + ", ".join(r.run_dir for r in result.runs)]
    if not result.found:
        lines.append("no occurrences")
    for report in result.values:
        lines.append("")
        lines.append(report.summary)
        apart = _not_linked_line(report)
        if apart:
            lines.append(apart)
        for o in report.occurrences:
            lines.append(_occurrence_line(o))
        if report.related:
            lines.append("  The same records also hold:")
            for r in report.related:
                lines.append(
                    f"    {r.entity_type} {r.masked_value}  in {r.records} record(s) "
                    f"({r.findings} finding(s))"
                )
    return "\n".join(lines) + "\n"


def format_deletion_text(result: LocateResult, policy: Policy, policy_path: str) -> str:
    plan = deletion_plan(result, policy)
    lines = [f"Deletion plan (policy {policy_path}), grouped by file:"]
    if not plan:
        lines.append("no occurrences")
    for entry in plan:
        counts = ", ".join(f"{a} {n}" for a, n in entry["actions"].items())
        lines.append("")
        lines.append(f"{entry['path']}  [{entry['source_kind']}, run {entry['run_dir']}]  {counts}")
        for f in entry["findings"]:
            where = f"{f['location']}  " if f["location"] else ""
            lines.append(
                f"  {where}{f['entity_type']} {f['masked_value']} ({f['value_label']})  "
                f"category {f['category'] or '-'}: {f['action'].upper()}"
            )
            if f["reason"]:
                lines.append(f"      reason: {f['reason']}")
    return "\n".join(lines) + "\n"


def format_summary_text(result: LocateResult) -> str:
    """The short human summary of a subject-access bundle."""
    lines = [
        "Subject access summary (piimap locate)",
        "Runs searched: " + ", ".join(f"{r.run_id} ({r.run_dir})" for r in result.runs),
        "",
    ]
    for report in result.values:
        lines.append(report.summary)
        apart = _not_linked_line(report)
        if apart:
            lines.append(apart)
        kinds: dict[str, set[str]] = defaultdict(set)
        for o in report.occurrences:
            kinds[o.category or "-"].add(o.path)
        for category, paths in sorted(kinds.items()):
            lines.append(f"  category {category}: {len(paths)} file(s)")
        if report.related:
            held = ", ".join(f"{r.entity_type} {r.masked_value}" for r in report.related[:10])
            more = len(report.related) - 10
            tail = f" and {more} more" if more > 0 else ""
            lines.append(f"  the same records also hold: {held}{tail}")
    if not result.found:
        lines.append("no occurrences")
    lines.append("")
    lines.append("Values are shown masked; occurrences.csv / occurrences.json list every finding.")
    return "\n".join(lines) + "\n"


def write_bundle(
    result: LocateResult, directory: Path, policy: Policy | None, policy_path: str | None
) -> None:
    """The subject-access bundle in ``directory``, each file by write-then-rename."""
    directory.mkdir(parents=True, exist_ok=True)
    write_text_atomic(directory / "occurrences.csv", format_locate_csv(result, policy))
    write_text_atomic(
        directory / "occurrences.json", format_locate_json(result, policy, policy_path)
    )
    write_text_atomic(directory / "summary.txt", format_summary_text(result))
