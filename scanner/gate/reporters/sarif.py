"""SARIF 2.1.0 for GitHub code scanning: one rule per entity type, fingerprints from value hashes.

``partialFingerprints`` carry the keyed value hash, so code scanning recognises the same finding
across runs even when lines move; no raw value is ever written (SARIF files are uploaded).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from scanner.gate.decide import GateResult
from scanner.gate.reporters import ReportMeta
from scanner.policy.model import KNOWN_ENTITY_TYPES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "piimapValueHash/v1"
# GitHub code scanning groups uploads by this category; one per tool and policy.
AUTOMATION_ID_PREFIX = "piimap-check"

# security-severity (0.0-10.0; GitHub: >= 7.0 high, >= 4.0 medium, > 0 low). Documented in the
# README section "SARIF severity". What the policy declares for the storage decides: a rule with
# an undeclared finding in this report is high for identifiers validated by a checksum (NRIC/FIN,
# UEN) and payment cards (Luhn), medium for the rest; a rule whose findings the policy declares
# (reported with --fail-on declared) or that has none here is low.
HIGH_RISK_ENTITY_TYPES = frozenset({"SG_NRIC_FIN", "SG_UEN", "CREDIT_CARD"})
SEVERITY_UNDECLARED_HIGH = "8.0"
SEVERITY_UNDECLARED = "5.0"
SEVERITY_DECLARED = "2.0"
HELP_ANCHOR = "sarif-severity"
DEFAULT_DOCS_URL = "https://github.com/piimap/piimap"

ENTITY_DESCRIPTIONS: dict[str, str] = {
    "SG_NRIC_FIN": "Singapore NRIC/FIN number",
    "SG_NRIC_PARTIAL": "Partially masked Singapore NRIC/FIN number",
    "SG_UEN": "Singapore Unique Entity Number",
    "PHONE_NUMBER": "Phone number",
    "EMAIL_ADDRESS": "Email address",
    "IP_ADDRESS": "IP address",
    "PERSON": "Person name",
    "ORGANIZATION": "Organisation name",
    "LOCATION": "Location",
    "SG_POSTAL_CODE": "Singapore postal code",
    "SG_PASSPORT": "Passport number",
    "DEVICE_ID": "Device identifier",
    "GEO_COORDINATE": "Geographic coordinate",
    "CREDIT_CARD": "Payment card number",
}


def security_severity(entity_type: str, declared: bool) -> str:
    """GitHub's ``security-severity`` for a finding the policy does or does not declare."""
    if declared:
        return SEVERITY_DECLARED
    if entity_type in HIGH_RISK_ENTITY_TYPES:
        return SEVERITY_UNDECLARED_HIGH
    return SEVERITY_UNDECLARED


def docs_url() -> str:
    """The project's documentation URL from the installed metadata (pyproject [project.urls])."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries: list[str] = metadata("piimap").get_all("Project-URL") or []
        for entry in entries:
            label, _, url = entry.partition(",")
            if label.strip().lower() in {"documentation", "homepage"} and url.strip():
                return url.strip()
    except PackageNotFoundError:
        pass
    return DEFAULT_DOCS_URL


def _rule(entity_type: str, undeclared: bool, help_base: str) -> dict[str, Any]:
    title = ENTITY_DESCRIPTIONS.get(entity_type, entity_type)
    return {
        "id": entity_type,
        "name": "".join(part.capitalize() for part in entity_type.split("_")),
        "shortDescription": {"text": f"{title} found"},
        "fullDescription": {
            "text": f"{title} found in scanned content. It is an error when the privacy policy "
            "does not declare this data for this kind of storage."
        },
        "defaultConfiguration": {"level": "error"},
        "help": {
            "text": "Remove or mask the value at its source, or, if the policy covers it, "
            "record the exception in the allowlist (with a reason) or the baseline."
        },
        "helpUri": f"{help_base}#{HELP_ANCHOR}",
        "properties": {
            "tags": ["privacy", "pii", "security"],
            "security-severity": security_severity(entity_type, declared=not undeclared),
        },
    }


def artifact_uri(path: str) -> str:
    """A URI reference for the reported path (relative paths stay relative to the checkout)."""
    if path.startswith("/"):
        return "file://" + quote(str(PurePosixPath(path)), safe="/!")
    return quote(path, safe="/!")


def to_dict(result: GateResult, meta: ReportMeta) -> dict[str, Any]:
    present = {item.finding.entity_type for item in result.items}
    rule_ids = list(KNOWN_ENTITY_TYPES) + sorted(present - set(KNOWN_ENTITY_TYPES))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    undeclared = {item.finding.entity_type for item in result.items if not item.finding.declared}
    help_base = docs_url()
    results = []
    for item in result.items:
        f = item.finding
        state = "declared" if f.declared else "undeclared"
        region: dict[str, Any] = {}
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.path)}}
        if f.line >= 1:
            region["startLine"] = f.line
            columns = meta.columns.get((f.path, f.line, f.entity_type, f.value_hash))
            if columns is not None:
                region["startColumn"], region["endColumn"] = columns
            location["region"] = region
        properties: dict[str, Any] = {
            "category": f.category,
            "declared": f.declared,
            "sourceKind": f.source_kind,
            "maskedValue": f.masked_value,
            "security-severity": security_severity(f.entity_type, f.declared),
        }
        if f.page:
            properties["page"] = f.page
        if f.field:
            properties["field"] = f.field
        results.append(
            {
                "ruleId": f.entity_type,
                "ruleIndex": index[f.entity_type],
                "level": "note" if f.declared else "error",
                "message": {
                    "text": f"{f.entity_type} {f.masked_value} in {f.source_kind} ({state}): "
                    f"{item.reason or state}"
                },
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {FINGERPRINT_KEY: f.value_hash},
                "properties": properties,
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": f"could not read {err.path}: {err.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(err.path)}}}
            ],
        }
        for err in result.errors
    ] + [
        {
            "level": "warning",
            "message": {
                "text": f"allowlist entry on line {e.entry.line} ({e.entry.describe()}) expired "
                f"{e.entry.expires}; {e.would_match} finding(s) no longer suppressed"
            },
        }
        for e in result.expired
    ]
    invocation: dict[str, Any] = {
        "executionSuccessful": not result.errors,
        "exitCode": result.exit_code,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "piimap",
                        "version": meta.tool_version,
                        "informationUri": help_base,
                        "rules": [_rule(r, r in undeclared, help_base) for r in rule_ids],
                    }
                },
                "automationDetails": {"id": f"{AUTOMATION_ID_PREFIX}/{result.policy_id}/"},
                "invocations": [invocation],
                "results": results,
                "columnKind": "unicodeCodePoints",
                "properties": {
                    "policy": result.policy_id,
                    "failOn": str(result.fail_on),
                    "suppressed": len(result.suppressed),
                },
            }
        ],
    }


def write(out: TextIO, result: GateResult, meta: ReportMeta) -> None:
    json.dump(to_dict(result, meta), out, indent=2, ensure_ascii=False)
    out.write("\n")
