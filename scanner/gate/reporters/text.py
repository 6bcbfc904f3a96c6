"""Human report: one block per finding with file:line, masked value, category and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from scanner.gate.decide import FailOn, GateResult
from scanner.gate.reporters import ReportMeta
from scanner.protect.safe_text import escape_controls as _e


def _location(path: str, line: int, page: int | None) -> str:
    where = f"{_e(path)}:{line}"
    return f"{where} (page {page})" if page else where


def _section(out: TextIO, heading: str, lines: Iterable[str]) -> None:
    """A titled, indented list; nothing at all when it has no lines."""
    shown = [f"  {line}\n" for line in lines]
    if shown:
        out.write(f"\n{heading}:\n")
        out.writelines(shown)


def write(out: TextIO, result: GateResult, meta: ReportMeta) -> None:
    policy = f"{_e(result.policy_id)} ({_e(result.policy_title)})" if result.policy_id else "-"
    out.write(f"piimap check {meta.tool_version}: policy {policy}, fail on {result.fail_on}\n")
    for item in result.items:
        f = item.finding
        state = "declared" if f.declared else "UNDECLARED"
        category = f.category or "no category"
        out.write(
            f"\n{_location(f.path, f.line, f.page)}: {f.entity_type} {_e(f.masked_value)}"
            f"  [{state} in {_e(f.source_kind)}; {_e(category)}]\n"
        )
        if item.reason:
            out.write(f"    why: {_e(item.reason)}\n")
        if f.field:
            out.write(f"    field: {_e(f.field)}\n")
        out.write(f"    value hash: {f.value_hash}\n")
        if meta.revealed and f.value is not None:
            out.write(f"    value: {_e(f.value)}\n")
    _section(
        out,
        "expired allowlist entries (no longer suppress anything)",
        (
            f"line {e.entry.line}: {_e(e.entry.describe())} expired {e.entry.expires}"
            f" ({e.would_match} finding(s) now reported): {_e(e.entry.reason)}"
            for e in result.expired
        ),
    )
    _section(
        out,
        "files that could not be read (the gate cannot vouch for them)",
        (f"{_e(err.path)}: {_e(err.reason)}" for err in result.errors),
    )
    suppressed = ", ".join(f"{n} {by}" for by, n in sorted(result.counts_by.items())) or "none"
    label = "findings" if result.fail_on is FailOn.DECLARED else "undeclared findings"
    out.write(
        f"\n{result.files_scanned} file(s) scanned, {result.findings_total} finding(s) "
        f"({result.declared_total} declared); {len(result.items)} {label} reported; "
        f"suppressed: {suppressed}; read errors: {len(result.errors)}; "
        f"exit {result.exit_code}\n"
    )
