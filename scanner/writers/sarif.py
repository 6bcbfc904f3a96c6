"""SARIF 2.1.0 for GitHub code scanning: one rule per entity type, fingerprints from value hashes.

``partialFingerprints`` carry the keyed value hash, so code scanning recognises the same finding
across runs even when lines move; no raw value is ever written (SARIF files are uploaded).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from scanner.gate import GateResult
from scanner.policy import KNOWN_ENTITY_TYPES
from scanner.writers import ReportMeta

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "piimapValueHash/v1"

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


def _rule(entity_type: str) -> dict[str, Any]:
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
        "properties": {"tags": ["privacy", "pii"]},
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
    results = []
    for item in result.items:
        f = item.finding
        state = "declared" if f.declared else "undeclared"
        region: dict[str, Any] = {}
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.path)}}
        if f.line >= 1:
            region["startLine"] = f.line
            location["region"] = region
        properties: dict[str, Any] = {
            "category": f.category,
            "declared": f.declared,
            "sourceKind": f.source_kind,
            "maskedValue": f.masked_value,
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
                        "rules": [_rule(r) for r in rule_ids],
                    }
                },
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
