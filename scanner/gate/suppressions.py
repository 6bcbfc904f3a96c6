"""The gate's clock and the baseline checks that come before a decision.

A baseline made with another hash key would match nothing (every value hash differs), so it is
refused with what to do rather than silently letting every finding through as "new". A baseline
never absorbs what the allowlist decides: findings the allowlist matches are left out of it, so
the allowlist's expiry dates still fail the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from scanner.gate.allowlist import Allowlist
from scanner.gate.baseline import Baseline, BaselineError, baseline_from_findings
from scanner.model import Finding


def today() -> dt.date:
    """The gate's date for allowlist expiry (one place, so tests can freeze it)."""
    return dt.date.today()


def check_baseline_key(baseline: Baseline, path: Path, current_key_id: str) -> Baseline:
    """``baseline`` (read from ``path``), refused (``BaselineError``) when another hash key
    made it."""
    if baseline.hash_key_id and baseline.hash_key_id != current_key_id:
        raise BaselineError(
            f"{path} was made with hash key {baseline.hash_key_id}, but the current key is "
            f"{current_key_id}; every value hash differs, so the baseline would match nothing. "
            "Use the same PIIMAP_HASH_KEY, or recreate the baseline with `piimap baseline create`."
        )
    return baseline


def baseline_of(
    findings: Iterable[Finding],
    *,
    include_declared: bool,
    allowlist: Allowlist | None,
    context: dict[tuple[str, int], str],
    policy_id: str,
    generated_by: str,
    hash_key_id: str,
) -> Baseline:
    """A baseline of ``findings``: undeclared ones only unless ``include_declared``, never one
    the allowlist matches (``context``: masked lines for its context patterns)."""
    kept = [f for f in findings if include_declared or not f.declared]
    if allowlist is not None:
        kept = [
            f
            for f in kept
            if not any(e.matches(f, context.get((f.path, f.line))) for e in allowlist.entries)
        ]
    return baseline_from_findings(
        kept, policy=policy_id, generated_by=generated_by, hash_key_id=hash_key_id
    )


__all__ = ["baseline_of", "check_baseline_key", "today"]
