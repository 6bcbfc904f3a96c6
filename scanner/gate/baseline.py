"""The check baseline: findings a team has already seen, so the CI gate only fails on new ones.

An entry is keyed by ``(entity_type, value_hash, path)`` and nothing else: line numbers move when
lines are inserted above a finding (gitleaks' ``IsNew`` compares ``StartLine`` and turns old
findings into new ones), and a timestamp or a raw value would leak or churn. Entries are sorted and
the JSON is written with sorted keys, so the same findings always give a byte-identical file and
two branches that baseline the same thing do not conflict.

Only ``load_baseline`` and ``save_baseline`` touch the file (as in detect-secrets).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from scanner.gate.named_file import read_named_file
from scanner.inventory.atomic import write_text_atomic
from scanner.model import Finding

BASELINE_VERSION = 1
DEFAULT_BASELINE_PATH = ".piimap-baseline.json"
AUDIT_STATUSES: tuple[str, ...] = ("false_positive", "accepted")

# Changing these names is a baseline migration (add an upgrade step below).
_ENTRY_KEYS = ("entity_type", "path", "value_hash", "masked_value", "status", "by", "reason")
_REQUIRED_ENTRY_KEYS = ("entity_type", "path", "value_hash", "masked_value")


class BaselineError(Exception):
    """The baseline file cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class BaselineEntry:
    entity_type: str
    path: str
    value_hash: str
    masked_value: str
    status: str | None = None  # None (not audited) | false_positive | accepted
    by: str | None = None
    reason: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity_type, self.value_hash, self.path)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_type": self.entity_type,
            "path": self.path,
            "value_hash": self.value_hash,
            "masked_value": self.masked_value,
        }
        if self.status:
            out.update(status=self.status, by=self.by or "", reason=self.reason or "")
        return out


@dataclass(frozen=True)
class Baseline:
    policy: str
    generated_by: str
    hash_key_id: str
    entries: tuple[BaselineEntry, ...] = field(default=())

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], BaselineEntry]:
        return {e.key: e for e in self.entries}

    def entry_for(self, finding: Finding) -> BaselineEntry | None:
        return self._index.get((finding.entity_type, finding.value_hash, finding.path))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": BASELINE_VERSION,
            "generated_by": self.generated_by,
            "policy": self.policy,
            "hash_key_id": self.hash_key_id,
            "entries": [e.to_dict() for e in self.entries],
        }


def _sorted(entries: Iterable[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.path, e.entity_type, e.value_hash)))


def baseline_from_findings(
    findings: Iterable[Finding], *, policy: str, generated_by: str, hash_key_id: str
) -> Baseline:
    """One entry per distinct key; the masked value kept is the smallest, for determinism."""
    masked: dict[tuple[str, str, str], str] = {}
    for f in findings:
        key = (f.entity_type, f.value_hash, f.path)
        if key not in masked or f.masked_value < masked[key]:
            masked[key] = f.masked_value
    entries = (
        BaselineEntry(entity_type=e, path=p, value_hash=h, masked_value=m)
        for (e, h, p), m in masked.items()
    )
    return Baseline(policy, generated_by, hash_key_id, _sorted(entries))


def update_baseline(old: Baseline, new: Baseline) -> Baseline:
    """``new``'s entries, keeping the audit marks ``old`` had for entries that still exist."""
    marks = {e.key: e for e in old.entries if e.status}
    merged = []
    for entry in new.entries:
        prior = marks.get(entry.key)
        if prior is not None:
            entry = replace(entry, status=prior.status, by=prior.by, reason=prior.reason)
        merged.append(entry)
    return replace(new, entries=_sorted(merged))


def audit_baseline(
    baseline: Baseline,
    hash_prefix: str,
    *,
    status: str,
    by: str,
    reason: str,
    path: str | None = None,
) -> tuple[Baseline, int]:
    """Mark the entries whose value hash starts with ``hash_prefix`` (one value, any files).

    Raises BaselineError when the prefix names no entry or more than one distinct value.
    """
    if status not in AUDIT_STATUSES:
        raise BaselineError(f"status must be one of {', '.join(AUDIT_STATUSES)}, got {status!r}")
    if not by.strip() or not reason.strip():
        raise BaselineError("an audit mark needs --by and a non-empty --reason")
    prefix = hash_prefix.strip().lower()
    if len(prefix) < 6:
        raise BaselineError("give at least 6 characters of the value hash")
    hits = [
        e
        for e in baseline.entries
        if e.value_hash.startswith(prefix) and (path is None or e.path == path)
    ]
    if not hits:
        raise BaselineError(f"no baseline entry has a value hash starting with {prefix!r}")
    distinct = sorted({e.value_hash for e in hits})
    if len(distinct) > 1:
        shown = ", ".join(h[:12] for h in distinct[:5])
        raise BaselineError(f"hash prefix {prefix!r} is ambiguous ({shown}); give more characters")
    keys = {e.key for e in hits}
    entries = tuple(
        replace(e, status=status, by=by.strip(), reason=reason.strip()) if e.key in keys else e
        for e in baseline.entries
    )
    return replace(baseline, entries=entries), len(hits)


def expired_allowlist_entries(
    baseline: Baseline, allowlist: Any, today: Any
) -> list[tuple[BaselineEntry, Any]]:
    """Baseline entries an expired allowlist entry matches (and no live one does), with that
    allowlist entry: their reason ran out, so the gate reports them despite the baseline."""
    hits = []
    for entry in baseline.entries:
        probe = Finding(
            run_id="", source="", path=entry.path, source_kind="", file_type="",
            entity_type=entry.entity_type, category="", declared=False, score=0.0,
            recognizer="", start=0, end=0, line=0, page=None, field=None,
            value_hash=entry.value_hash, masked_value=entry.masked_value,
        )  # fmt: skip
        live, expired = allowlist.match(probe, today)
        if live is None and expired:
            hits.append((entry, expired[0]))
    return hits


# --------------------------------------------------------------------------- file I/O

# version -> function turning that version's dict into the next version's dict.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgrade_baseline_dict(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older baseline dict to ``BASELINE_VERSION``; refuse one from a newer piimap."""
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BaselineError("missing or non-integer `version`")
    if version > BASELINE_VERSION:
        raise BaselineError(
            f"baseline version {version} is newer than this piimap understands "
            f"({BASELINE_VERSION}); upgrade piimap"
        )
    while version < BASELINE_VERSION:
        step = _UPGRADES.get(version)
        if step is None:
            raise BaselineError(f"baseline version {version} cannot be upgraded; recreate it")
        data = step(data)
        version = data["version"]
    return data


def _entry_from_dict(raw: Any, index: int) -> BaselineEntry:
    where = f"entries[{index}]"
    if not isinstance(raw, dict):
        raise BaselineError(f"{where} is not an object")
    unknown = sorted(set(raw) - set(_ENTRY_KEYS))
    if unknown:
        raise BaselineError(f"{where} has unknown keys: {', '.join(unknown)}")
    for key in _REQUIRED_ENTRY_KEYS:
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise BaselineError(f"{where} needs a non-empty string `{key}`")
    status = raw.get("status")
    if status is not None and status not in AUDIT_STATUSES:
        raise BaselineError(f"{where} has status {status!r}; use {', '.join(AUDIT_STATUSES)}")
    return BaselineEntry(
        entity_type=raw["entity_type"],
        path=raw["path"],
        value_hash=raw["value_hash"],
        masked_value=raw["masked_value"],
        status=status,
        by=raw.get("by"),
        reason=raw.get("reason"),
    )


def load_baseline(path: Path) -> Baseline:
    text = read_named_file(path, BaselineError)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise BaselineError(f"{path}: expected a JSON object")
    try:
        data = upgrade_baseline_dict(data)
        raw_entries = data.get("entries")
        if not isinstance(raw_entries, list):
            raise BaselineError("`entries` must be a list")
        entries = [_entry_from_dict(raw, i) for i, raw in enumerate(raw_entries)]
    except BaselineError as exc:
        raise BaselineError(f"{path}: {exc}") from exc
    return Baseline(
        policy=str(data.get("policy", "")),
        generated_by=str(data.get("generated_by", "")),
        hash_key_id=str(data.get("hash_key_id", "")),
        entries=_sorted(entries),
    )


def format_baseline(baseline: Baseline) -> str:
    return json.dumps(baseline.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def save_baseline(baseline: Baseline, path: Path) -> Path:
    """Write atomically: a reader (or a crashed run) never sees half a baseline."""
    return write_text_atomic(Path(path), format_baseline(baseline))


__all__ = [
    "AUDIT_STATUSES",
    "BASELINE_VERSION",
    "DEFAULT_BASELINE_PATH",
    "Baseline",
    "BaselineEntry",
    "BaselineError",
    "audit_baseline",
    "baseline_from_findings",
    "expired_allowlist_entries",
    "format_baseline",
    "load_baseline",
    "save_baseline",
    "update_baseline",
    "upgrade_baseline_dict",
]
