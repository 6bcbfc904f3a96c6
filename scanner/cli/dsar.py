"""``piimap locate`` and ``piimap retention``: answer data subject requests from existing runs.

Both commands read inventories only (no re-scan). Exit codes: 0 when the command ran (also
when nothing is found or nothing is over retention), 2 on a usage or input error (missing run,
wrong hash key, unreadable policy). Raw values given to ``locate`` never reach any output,
log or error message: everything is printed as a label (``value 1``) and masked form.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, assert_never

import click

from scanner.dsar.locate import (
    ENTITY_TYPES,
    LocateError,
    LocateResult,
    Occurrence,
    deletion_plan,
    location,
)
from scanner.dsar.locate import locate as locate_values
from scanner.dsar.retention import (
    STATUS_NO_DATE,
    STATUS_NOT_CHECKABLE,
    STATUS_OVER,
    STATUS_UNKNOWN_CATEGORY,
    STATUS_WITHIN,
    RetentionError,
    group_rows,
    retention_rows,
)
from scanner.exit_codes import EXIT_OK, EXIT_USAGE  # noqa: F401 (EXIT_OK: the documented 0)
from scanner.protect.hashing import HashKeyError, load_hash_key
from scanner.protect.safe_text import csv_row, escape_controls, escape_terminal

EXIT_ERROR = EXIT_USAGE

AGE_NOTE = (
    "Ages are measured from each file's mtime (files.parquet): the inventory holds no "
    "per-record dates, and mtime is the newest date a record in the file can have."
)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(EXIT_ERROR)


def _write_atomic(path: Path, text: str) -> None:
    """Write to a temp file beside ``path`` and rename, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load_policy(policy_path: Path | None, runs_policy: list[str | None]) -> tuple[Any, str]:
    """The policy given, else the one the (first) run was scanned with, else the default."""
    from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy

    if policy_path is None:
        recorded = next((p for p in runs_policy if p and Path(p).is_file()), None)
        policy_path = Path(recorded) if recorded else Path(DEFAULT_POLICY_PATH)
    try:
        return load_policy(policy_path), str(policy_path)
    except Exception as exc:  # the policy module raises its own error with a reason
        _fail(f"cannot load policy {policy_path}: {exc}")


# --- locate formats -------------------------------------------------------------------------

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


def _occurrence_rows(result: LocateResult, policy: Any | None) -> list[dict[str, Any]]:
    from scanner.dsar.locate import action_for

    rows = []
    for report in result.values:
        for o in report.occurrences:
            row = {"value_masked": report.sought.masked, **asdict(o)}
            if policy is not None:
                row["action"], row["reason"] = action_for(policy, o.category, o.declared)
            rows.append(row)
    return rows


def format_locate_csv(result: LocateResult, policy: Any | None = None) -> str:
    fields = OCCURRENCE_FIELDS + (ACTION_FIELDS if policy is not None else [])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _occurrence_rows(result, policy):
        writer.writerow(csv_row(row))
    return out.getvalue()


def format_locate_json(
    result: LocateResult, policy: Any | None = None, policy_path: str | None = None
) -> str:
    values = []
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
                "not_linked": {"note": NOT_LINKED_NOTE} | asdict(report.not_linked),
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


def format_deletion_text(result: LocateResult, policy: Any, policy_path: str) -> str:
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


def _export(
    result: LocateResult, directory: Path, policy: Any | None, policy_path: str | None
) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(directory / "occurrences.csv", format_locate_csv(result, policy))
        _write_atomic(
            directory / "occurrences.json", format_locate_json(result, policy, policy_path)
        )
        _write_atomic(directory / "summary.txt", format_summary_text(result))
    except OSError as exc:
        _fail(f"cannot write the export to {directory}: {exc.strerror}")


def _read_values(values: tuple[str, ...], values_file: io.TextIOBase | None) -> list[str]:
    collected = [v for v in values if v.strip()]
    if values_file is not None:
        for line in values_file:
            text = line.strip()
            if text and not text.startswith("#"):
                collected.append(text)
    return collected


@click.command("locate")
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--value", "values", multiple=True, help="A value the person gave (repeatable).")
@click.option(
    "--values-file",
    type=click.File("r", encoding="utf-8"),
    help="File with one value per line ('-' reads stdin); blank and '#' lines are skipped.",
)
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(ENTITY_TYPES, case_sensitive=False),
    help="Entity type of the values (default: every type, recognised ones first).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in OutputFormat]),
    default=OutputFormat.TEXT.value,
    show_default=True,
)
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a subject-access bundle: occurrences.csv, occurrences.json, summary.txt.",
)
@click.option(
    "--for-deletion",
    is_flag=True,
    help="Group by file with the action the policy implies (delete / anonymise / keep).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy for --for-deletion (default: the run's policy, else the bundled one).",
)
def locate_command(
    run_dirs: tuple[Path, ...],
    values: tuple[str, ...],
    values_file: io.TextIOBase | None,
    entity_type: str | None,
    output_format: str,
    export_dir: Path | None,
    for_deletion: bool,
    policy_path: Path | None,
) -> None:
    """Find every occurrence of a person's values in existing runs (no re-scan).

    Each value is normalised and hashed with the installation key and looked up by hash; the
    raw value is never printed or written. Exits 0 also when nothing is found ("no occurrences").
    """
    _require_runs(run_dirs)
    sought = _read_values(values, values_file)
    if not sought:
        raise click.UsageError("give at least one --value or a --values-file")
    from scanner.dsar.request_values import RequestValueError, check_request_values

    try:
        check_request_values(sought, entity_type.upper() if entity_type else None)
    except RequestValueError as exc:
        sought.clear()
        _fail(str(exc))
    try:
        key = load_hash_key(create=False)  # a fresh key would match nothing: never create one
    except HashKeyError as exc:
        _fail(str(exc))
    try:
        result = locate_values(list(run_dirs), sought, key=key, entity_type=entity_type)
    except LocateError as exc:
        _fail(str(exc))
    finally:
        sought.clear()
    policy, used_policy = (None, None)
    if for_deletion:
        policy, used_policy = _load_policy(policy_path, [r.policy_path for r in result.runs])
    fmt = OutputFormat(output_format)
    if fmt is OutputFormat.TEXT:
        text = format_locate_text(result)
        if policy is not None:
            text += "\n" + format_deletion_text(result, policy, used_policy or "")
    elif fmt is OutputFormat.JSON:
        text = format_locate_json(result, policy, used_policy)
    elif fmt is OutputFormat.CSV:
        text = format_locate_csv(result, policy)
    else:  # pragma: no cover
        assert_never(fmt)
    if export_dir is not None:
        _export(result, export_dir, policy, used_policy)
    click.echo(escape_terminal(text) if fmt is OutputFormat.TEXT else text, nl=False)


# --- retention ------------------------------------------------------------------------------

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


@click.command("retention")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to check against (YYYY-MM-DD; default today).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy with retention_period per category (default: the run's policy).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([f.value for f in OutputFormat]),
    default=OutputFormat.TEXT.value,
    show_default=True,
)
def retention_command(
    run_dir: Path, as_of: Any, policy_path: Path | None, output_format: str
) -> None:
    """List files kept longer than their policy category's retention_period.

    A file's age is taken from its mtime in files.parquet (findings carry no dates). Exits 0
    when the check ran, whether or not anything is over retention.
    """
    _require_runs((run_dir,))
    day = as_of.date() if as_of else date.today()
    recorded = _recorded_policy(run_dir)
    policy, used_policy = _load_policy(policy_path, [recorded])
    try:
        rows = retention_rows(run_dir, policy, day)
    except RetentionError as exc:
        _fail(str(exc))
    fmt = OutputFormat(output_format)
    if fmt is OutputFormat.TEXT:
        text = format_retention_text(rows, run_dir, day, used_policy)
    elif fmt is OutputFormat.JSON:
        text = format_retention_json(rows, run_dir, day, used_policy)
    elif fmt is OutputFormat.CSV:
        text = format_retention_csv(rows)
    else:  # pragma: no cover
        assert_never(fmt)
    click.echo(escape_terminal(text) if fmt is OutputFormat.TEXT else text, nl=False)


def _require_runs(run_dirs: tuple[Path, ...]) -> None:
    """One line and exit 2 for a folder that is not a finished run (never a traceback)."""
    from scanner.inventory.run_folder import RunFolderError, require_run_folder

    for run_dir in run_dirs:
        try:
            require_run_folder(run_dir)
        except RunFolderError as exc:
            _fail(str(exc))


def _recorded_policy(run_dir: Path) -> str | None:
    try:
        summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    policy = summary.get("policy") if isinstance(summary, dict) else None
    return policy.get("path") if isinstance(policy, dict) else None


# The names scanner/cli/main.py registers on the `piimap` group.
locate = locate_command
retention = retention_command
