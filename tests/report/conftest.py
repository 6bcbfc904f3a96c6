"""Run directories written the way scanner/inventory writes them, plus a small policy.

Findings carry masked values and keyed hashes of labels only; no test value is a real identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scanner.inventory.base import FINDINGS_SCHEMA
from scanner.inventory.parquet import FILES_SCHEMA

TEST_KEY = b"report-tests-key-0123456789abcdef"


def keyed_hash(label: str, key: bytes = TEST_KEY) -> str:
    return hmac.new(key, label.encode(), hashlib.sha256).hexdigest()


# ------------------------------------------------------------------------------------------
# A policy shaped like scanner.policy.model's (Category, Classification, Policy).


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    section: str
    quote: str
    entity_types: tuple[str, ...]
    source_kinds: tuple[str, ...]
    purpose: str
    shared_with: tuple[str, ...]
    retention: str
    retention_period: str | None
    on_request: bool


@dataclass(frozen=True)
class Classification:
    category: str | None
    declared: bool
    reason: str


@dataclass(frozen=True)
class FakePolicy:
    categories: tuple[Category, ...]

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def source_kinds(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.categories for k in c.source_kinds))

    def classify(self, entity_type: str, source_kind: str) -> Classification:
        for c in self.categories:
            if entity_type in c.entity_types and source_kind in c.source_kinds:
                return Classification(c.id, True, f"declared in {c.section}")
        for c in self.categories:
            if entity_type in c.entity_types:
                return Classification(
                    c.id,
                    False,
                    f"{c.section} declares {entity_type} for {', '.join(c.source_kinds)}, "
                    f"not {source_kind}",
                )
        return Classification(None, False, f"no section of the policy declares {entity_type}")


def _cat(id_: str, title: str, section: str, types: Sequence[str], kinds: Sequence[str],
         purpose: str, shared: Sequence[str], retention: str) -> Category:  # fmt: skip
    return Category(id_, title, section, "quote", tuple(types), tuple(kinds), purpose,
                    tuple(shared), retention, None, False)  # fmt: skip


POLICY = FakePolicy(
    (
        _cat(
            "registration",
            "Registration and real-name authentication",
            "I(i) 1.1-1.2",
            ["EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER", "SG_NRIC_FIN"],
            ["identity_records"],
            "register users and verify identity via Singpass",
            ["Singpass", "Ant Blockchain"],
            "as long as necessary",
        ),  # fmt: skip
        _cat(
            "contract_materials",
            "Uploaded contracts and materials",
            "I(ii)",
            ["PERSON", "SG_NRIC_FIN", "PHONE_NUMBER", "EMAIL_ADDRESS"],
            ["contracts"],
            "provide e-signature and contract review",
            ["Ant Blockchain"],
            "as long as necessary",
        ),  # fmt: skip
        _cat(
            "device_and_logs",
            "Device, IP and service log information",
            "I(ii) 2.1-2.4",
            ["IP_ADDRESS", "DEVICE_ID", "GEO_COORDINATE"],
            ["logs"],
            "security and continuity of the service",
            [],
            "as long as necessary",
        ),  # fmt: skip
        _cat(
            "cookies",
            "Cookies",
            "IV",
            ["DEVICE_ID"],
            ["other"],
            "identify returning visitors",
            [],
            "until rejected",
        ),  # fmt: skip
    )
)


@pytest.fixture
def policy() -> FakePolicy:
    return POLICY


# ------------------------------------------------------------------------------------------
# Run directories.


def finding(path: str, entity_type: str, masked: str, label: str, *, kind: str = "logs",
            line: int | None = 1, page: int | None = None, field: str | None = None,
            policy: FakePolicy = POLICY, **extra: Any) -> dict[str, Any]:  # fmt: skip
    """One findings.parquet row; category and declared come from the policy, like the scanner."""
    c = policy.classify(entity_type, kind)
    row = {
        "run_id": "run-a",
        "source": "data",
        "path": path,
        "source_kind": kind,
        "file_type": path.rsplit(".", 1)[-1] if "." in path else "text",
        "entity_type": entity_type,
        "category": c.category or "",
        "declared": c.declared,
        "score": 0.9,
        "recognizer": "TestRecognizer",
        "start": 0,
        "end": 9,
        "line": line,
        "page": page,
        "field": field,
        "value_hash": keyed_hash(label),
        "masked_value": masked,
    }
    row.update(extra)
    return row


def file_row(path: str, *, size: int = 100, status: str = "scanned", reason: str = "",
             findings: int = 0, kind: str = "logs") -> dict[str, Any]:  # fmt: skip
    return {
        "path": path,
        "size": size,
        "file_type": path.rsplit(".", 1)[-1] if "." in path else "text",
        "source_kind": kind,
        "status": status,
        "reason": reason,
        "findings": findings,
        "sha256": hashlib.sha256(path.encode()).hexdigest(),
        "mtime": 1_700_000_000.0,
    }


def summary_for(findings: list[dict], files: list[dict], run_id: str, **overrides: Any) -> dict:
    """summary.json as the inventory writer computes it from the same rows."""
    undeclared = sum(1 for f in findings if not f["declared"])
    summary = {
        "run_id": run_id,
        "tool": {"name": "piimap", "version": "0.1.0"},
        "policy": {
            "id": "esign-sg",
            "title": "eSign SG privacy policy",
            "version": "2022-01",
            "path": "/nonexistent/policy.yaml",
            "sha256": "0" * 64,
        },  # fmt: skip
        "profile": "auto",
        "sources": ["data"],
        "started_at": "2024-05-01T10:00:00+00:00",
        "finished_at": "2024-05-01T10:00:05+00:00",
        "duration_seconds": 5.0,
        "bytes_scanned": sum(f["size"] for f in files if f["status"] == "scanned"),
        "files": {
            "total": len(files),
            "scanned": sum(1 for f in files if f["status"] == "scanned"),
            "skipped": sum(1 for f in files if f["status"] == "skipped"),
            "error": sum(1 for f in files if f["status"] == "error"),
        },
        "findings": {
            "total": len(findings),
            "declared": len(findings) - undeclared,
            "undeclared": undeclared,
            "distinct_values": len({f["value_hash"] for f in findings}),
        },
        "by_category": [],
        "hash_key_id": "testkey1",
        "revealed": False,
        "exit_code": 1 if undeclared else 0,
    }
    summary.update(overrides)
    return summary


def write_run_dir(out: Path, findings: list[dict], files: list[dict],
                  summary: dict | None = None, run_id: str = "run-a",
                  extra_columns: dict[str, list] | None = None) -> Path:  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    rows = [{**f, "run_id": run_id} for f in findings]
    table = pa.Table.from_pylist(rows, schema=FINDINGS_SCHEMA)
    for name, values in (extra_columns or {}).items():
        table = table.append_column(name, pa.array(values, type=pa.string()))
    pq.write_table(table, out / "findings.parquet")
    pq.write_table(pa.Table.from_pylist(files, schema=FILES_SCHEMA), out / "files.parquet")
    summary = summary if summary is not None else summary_for(rows, files, run_id)
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return out


@pytest.fixture
def make_run_dir() -> Callable[..., Path]:
    """``make_run_dir(tmp_path, findings=[...], files=[...], name="run-a", summary=None)``."""

    def make(tmp_path: Path, findings: list[dict], files: list[dict], *, name: str = "run-a",
             summary: dict | None = None, **kwargs: Any) -> Path:  # fmt: skip
        return write_run_dir(tmp_path / name, findings, files, summary, run_id=name, **kwargs)

    return make


HOSTILE_PATH = "logs/<img src=x onerror=alert(1)>.log"


def sample_findings() -> list[dict]:
    return [
        # identity records: declared
        finding(
            "identity/singpass.csv",
            "SG_NRIC_FIN",
            "S****567D",
            "nric-1",
            kind="identity_records",
            line=2,
            field="nric",
        ),  # fmt: skip
        finding(
            "identity/singpass.csv",
            "PHONE_NUMBER",
            "+65 ****4567",
            "phone-1",
            kind="identity_records",
            line=2,
            field="mobile",
        ),  # fmt: skip
        finding(
            "identity/singpass.csv",
            "SG_NRIC_FIN",
            "T****890G",
            "nric-2",
            kind="identity_records",
            line=3,
            field="nric",
        ),  # fmt: skip
        # logs: IP declared; email and NRIC undeclared
        finding("logs/app.log", "IP_ADDRESS", "192.168.*.*", "ip-1", line=10),
        finding("logs/app.log", "IP_ADDRESS", "192.168.*.*", "ip-1", line=40),
        finding("logs/app.log", "EMAIL_ADDRESS", "t***@example.com", "email-1", line=12),
        finding("logs/app.log", "EMAIL_ADDRESS", "j***@example.org", "email-2", line=7),
        finding("logs/app.log", "SG_NRIC_FIN", "S****567D", "nric-1", line=30),
        finding("logs/old/web.log", "EMAIL_ADDRESS", "t***@example.com", "email-1", line=3),
        finding(HOSTILE_PATH, "EMAIL_ADDRESS", "a***@example.net", "email-3", line=1),
        # contracts: declared
        finding(
            "contracts/lease.pdf",
            "SG_NRIC_FIN",
            "G****321K",
            "nric-3",
            kind="contracts",
            line=None,
            page=2,
        ),  # fmt: skip
        finding(
            "contracts/lease.pdf",
            "PERSON",
            "T** W** M***",
            "person-1",
            kind="contracts",
            line=None,
            page=1,
        ),  # fmt: skip
        # other: credit card declared nowhere
        finding(
            "export.json",
            "CREDIT_CARD",
            "**** **** **** 1111",
            "card-1",
            kind="other",
            line=4,
            field="$.payment.card",
        ),  # fmt: skip
    ]


def sample_files() -> list[dict]:
    return [
        file_row("identity/singpass.csv", size=2048, findings=3, kind="identity_records"),
        file_row("logs/app.log", size=10_000, findings=5),
        file_row("logs/old/web.log", size=500, findings=1),
        file_row(HOSTILE_PATH, size=10, findings=1),
        file_row("contracts/lease.pdf", size=40_000, findings=2, kind="contracts"),
        file_row("export.json", size=300, findings=1, kind="other"),
        file_row(
            "contracts/locked.pdf",
            size=900,
            status="error",
            reason="PDF is encrypted and cannot be read",
            kind="contracts",
        ),  # fmt: skip
        file_row("images/scan.png", size=5000, status="skipped", reason="binary file"),
    ]


@pytest.fixture
def sample_run(tmp_path: Path, make_run_dir: Callable[..., Path]) -> Path:
    return make_run_dir(tmp_path, findings=sample_findings(), files=sample_files())


@pytest.fixture
def rows() -> SimpleNamespace:
    """Row builders for tests (conftest is not importable as a module without tests/__init__)."""
    return SimpleNamespace(
        finding=finding,
        file_row=file_row,
        summary_for=summary_for,
        keyed_hash=keyed_hash,
        sample_findings=sample_findings,
        sample_files=sample_files,
        hostile_path=HOSTILE_PATH,
        policy=POLICY,
    )
