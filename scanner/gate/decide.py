"""The CI gate's decision: which findings to report and which exit code the build gets.

Pure: findings, a baseline, an allowlist, inline markers, the fail-on policy and *today* (given,
never read from the clock, so expiry is testable) go in; a ``GateResult`` comes out. No click, no
printing, no file access: the CLI gathers the inputs and a writer renders the result.

Exit code: 2 when any file could not be read (a gate that cannot read a file cannot vouch for
it, so this wins over findings), else 1 when findings remain that the fail-on policy counts,
else 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from scanner.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from scanner.gate.allowlist import AllowEntry, Allowlist
from scanner.gate.baseline import Baseline
from scanner.gate.inline import InlineIndex
from scanner.model import Finding
from scanner.policy.model import Policy


class FailOn(StrEnum):
    DECLARED = "declared"  # fail on any finding, declared or not
    UNDECLARED = "undeclared"  # fail on findings the policy does not declare (default)
    NEVER = "never"  # report, never fail on findings (read errors still exit 2)


@dataclass(frozen=True)
class ReportItem:
    """A finding to report, with the policy's explanation (names the policy section)."""

    finding: Finding
    reason: str


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    by: str  # inline | allowlist | baseline
    detail: str  # e.g. "line 12" or the allowlist entry's line and reason


@dataclass(frozen=True)
class ExpiredEntry:
    """An allowlist entry past its date, and how many findings it would still have matched."""

    entry: AllowEntry
    would_match: int


@dataclass(frozen=True)
class ReadError:
    path: str
    reason: str  # already redacted by the scan


@dataclass(frozen=True)
class GateResult:
    items: tuple[ReportItem, ...]
    suppressed: tuple[Suppressed, ...]
    expired: tuple[ExpiredEntry, ...]
    errors: tuple[ReadError, ...]
    fail_on: FailOn
    exit_code: int
    files_scanned: int = 0
    findings_total: int = 0
    declared_total: int = 0
    policy_id: str = ""
    policy_title: str = ""
    counts_by: dict[str, int] = field(default_factory=dict)  # suppressed per mechanism


def _counted(finding: Finding, fail_on: FailOn) -> bool:
    """Whether the fail-on policy makes this finding a candidate for the report."""
    return fail_on is FailOn.DECLARED or not finding.declared


def _sort_key(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.path, f.line, f.start, f.entity_type, f.value_hash)


def evaluate(
    findings: Sequence[Finding],
    *,
    today: dt.date,
    fail_on: FailOn = FailOn.UNDECLARED,
    policy: Policy | None = None,
    baseline: Baseline | None = None,
    allowlist: Allowlist | None = None,
    inline: InlineIndex | None = None,
    context_lines: Mapping[tuple[str, int], str] | None = None,
    errors: Sequence[ReadError] = (),
    files_scanned: int = 0,
) -> GateResult:
    """Apply inline markers, then the allowlist, then the baseline; count what is left.

    A finding that only an expired allowlist entry matches is reported even when the baseline
    lists it: the allowlist owns that decision, and its expiry must bite.
    """
    fail_on = FailOn(fail_on)
    context_lines = context_lines or {}
    items: list[ReportItem] = []
    suppressed: list[Suppressed] = []
    expired_hits: dict[int, int] = {}
    expired_entries: dict[int, AllowEntry] = {}
    if allowlist is not None:
        for entry in allowlist.entries:
            if entry.expired(today):
                expired_entries[entry.line] = entry
                expired_hits[entry.line] = 0
    reasons: dict[tuple[str, str], str] = {}

    if inline is not None:
        inline.bind(f for f in findings if _counted(f, fail_on))
    for f in sorted(findings, key=_sort_key):
        if not _counted(f, fail_on):
            continue
        marker = inline.suppressing(f.path, f.line, f.entity_type, f.start) if inline else None
        if marker is not None:
            suppressed.append(Suppressed(f, "inline", f"piimap:allow on line {marker.line}"))
            continue
        if allowlist is not None:
            live, expired = allowlist.match(f, today, context_lines.get((f.path, f.line)))
            for entry in expired:
                expired_hits[entry.line] += 1
            if live is not None:
                detail = f"{allowlist.path}:{live.line}: {live.reason}"
                suppressed.append(Suppressed(f, "allowlist", detail))
                continue
            if expired:
                key = (f.entity_type, f.source_kind)
                if key not in reasons:
                    reasons[key] = policy.classify(*key).reason if policy is not None else ""
                items.append(ReportItem(f, reasons[key]))
                continue
        held = baseline.entry_for(f) if baseline is not None else None
        if held is not None:
            detail = f"baseline ({held.status})" if held.status else "baseline"
            suppressed.append(Suppressed(f, "baseline", detail))
            continue
        key = (f.entity_type, f.source_kind)
        if key not in reasons:
            reasons[key] = policy.classify(*key).reason if policy is not None else ""
        items.append(ReportItem(f, reasons[key]))

    if errors:
        code = EXIT_USAGE
    elif items and fail_on is not FailOn.NEVER:
        code = EXIT_FINDINGS
    else:
        code = EXIT_OK
    counts: dict[str, int] = {}
    for s in suppressed:
        counts[s.by] = counts.get(s.by, 0) + 1
    return GateResult(
        items=tuple(items),
        suppressed=tuple(suppressed),
        expired=tuple(
            ExpiredEntry(expired_entries[line], expired_hits[line])
            for line in sorted(expired_entries)
        ),
        errors=tuple(sorted(errors, key=lambda e: e.path)),
        fail_on=fail_on,
        exit_code=code,
        files_scanned=files_scanned,
        findings_total=len(findings),
        declared_total=sum(1 for f in findings if f.declared),
        policy_id=policy.id if policy is not None else "",
        policy_title=policy.title if policy is not None else "",
        counts_by=counts,
    )


__all__ = [
    "ExpiredEntry",
    "FailOn",
    "GateResult",
    "ReadError",
    "ReportItem",
    "Suppressed",
    "evaluate",
]
