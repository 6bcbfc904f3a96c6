"""Machine-readable report: the gate result as one JSON document."""

from __future__ import annotations

import json
from typing import Any, TextIO

from scanner.gate.decide import GateResult
from scanner.gate.reporters import ReportMeta

_FINDING_KEYS = (
    "path",
    "line",
    "page",
    "field",
    "entity_type",
    "category",
    "declared",
    "source_kind",
    "file_type",
    "score",
    "recognizer",
    "start",
    "end",
    "value_hash",
    "masked_value",
)


def to_dict(result: GateResult, meta: ReportMeta) -> dict[str, Any]:
    findings = []
    for item in result.items:
        row = {k: getattr(item.finding, k) for k in _FINDING_KEYS}
        row["reason"] = item.reason
        if meta.revealed and item.finding.value is not None:
            row["value"] = item.finding.value
        findings.append(row)
    return {
        "tool": {"name": "piimap", "version": meta.tool_version},
        "policy": {"id": result.policy_id, "title": result.policy_title},
        "fail_on": str(result.fail_on),
        "exit_code": result.exit_code,
        "summary": {
            "files_scanned": result.files_scanned,
            "findings_total": result.findings_total,
            "declared_total": result.declared_total,
            "reported": len(result.items),
            "suppressed": dict(sorted(result.counts_by.items())),
            "read_errors": len(result.errors),
            "expired_allowlist_entries": len(result.expired),
        },
        "findings": findings,
        "suppressed": [
            {
                "path": s.finding.path,
                "line": s.finding.line,
                "entity_type": s.finding.entity_type,
                "value_hash": s.finding.value_hash,
                "masked_value": s.finding.masked_value,
                "by": s.by,
                "detail": s.detail,
            }
            for s in result.suppressed
        ],
        "expired_allowlist": [
            {
                "line": e.entry.line,
                "matcher": e.entry.describe(),
                "reason": e.entry.reason,
                "expires": e.entry.expires.isoformat() if e.entry.expires else None,
                "would_match": e.would_match,
            }
            for e in result.expired
        ],
        "errors": [{"path": e.path, "reason": e.reason} for e in result.errors],
    }


def write(out: TextIO, result: GateResult, meta: ReportMeta) -> None:
    json.dump(to_dict(result, meta), out, indent=2, ensure_ascii=False)
    out.write("\n")
