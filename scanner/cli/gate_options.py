"""Options and settings `piimap check` and `piimap baseline` share: the scan options, the
discovered .piimap.yaml, the allowlist in it, the hash-key rules, and the key-checked baseline.
Each turns a wing's error into a usage error (exit 2) that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from scanner.cli.common import (
    ConfigError,
    check_profile_and_policy,
    prepare_hash_key,
    refuse_reveal_in_ci,
)
from scanner.cli.settings import (
    SETTING_KEYS,
    Settings,
    SettingsError,
    find_settings,
    load_settings,
)
from scanner.detect.profiles import default_profile
from scanner.gate.allowlist import Allowlist, AllowlistError, load_allowlist
from scanner.gate.baseline import Baseline, BaselineError, load_baseline
from scanner.gate.suppressions import check_baseline_key
from scanner.policy.model import DEFAULT_POLICY_PATH, KNOWN_ENTITY_TYPES
from scanner.protect.hashing import key_file_named, key_id, load_hash_key
from scanner.scan.options import policy_option
from scanner.scan.pipeline import ScanConfig, new_run_id


def scan_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        policy_option("`policy` in .piimap.yaml, else configs/policies/esign-sg.yaml"),
        click.option(
            "--source-kind",
            default=None,
            help="Treat every input as this source kind (default: the policy's path rules; "
            "for stdin, the policy's stdin_source_kind).",
        ),
        click.option(
            "--profile",
            default=None,
            show_default="`profile` in .piimap.yaml, else logs",
            help="Detection profile from configs/profiles.yaml.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Worker processes (more helps for many or large files).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def load_project_settings(config_path: Path | None, no_config: bool = False) -> Settings:
    """The settings of ``--config FILE``, else of the discovered .piimap.yaml, else none."""
    if no_config:
        return Settings()
    path = config_path if config_path is not None else find_settings()
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    try:
        return load_settings(path)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from exc


def prepare_config(
    profile: str | None,
    policy_path: Path | None,
    source_kind: str | None,
    reveal: bool,
    settings: Settings | None = None,
    key_expected: bool = False,
    may_create_key: bool = False,
) -> ScanConfig:
    """Check the options and the hash key. `check` creates a key only when none was named and
    none is expected (no baseline to match); otherwise a missing key is an error, never a new
    key. `baseline create` sets up a repository, like a first scan, so it may create one."""
    settings = settings if settings is not None else load_project_settings(None)
    profile = profile or settings.profile or default_profile("check")
    policy_path = policy_path or settings.policy or DEFAULT_POLICY_PATH
    refuse_reveal_in_ci(reveal)
    check_profile_and_policy(profile, policy_path, source_kind)
    prepare_hash_key(create=may_create_key or (not key_expected and not key_file_named()))
    return ScanConfig(
        run_id=new_run_id(),
        profile=profile,
        policy_path=policy_path,
        source_kind=source_kind,
        reveal=reveal,
    )


def load_allowlist_option(config_path: Path | None) -> Allowlist | None:
    """The allowlist `check` and `baseline create/update/audit` all read (one suppression
    model: a baseline never absorbs what the allowlist decides): ``--config FILE``, else the
    discovered .piimap.yaml."""
    return allowlist_of(load_project_settings(config_path))


def allowlist_of(settings: Settings) -> Allowlist | None:
    if settings.path is None:
        return None
    try:
        return load_allowlist(settings.path, KNOWN_ENTITY_TYPES, SETTING_KEYS)
    except AllowlistError as exc:
        raise ConfigError(str(exc)) from exc


def load_baseline_checked(path: Path) -> Baseline:
    """The baseline at ``path``, made with the current hash key (else exit 2 with what to do)."""
    try:
        baseline = load_baseline(path)
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc
    try:
        return check_baseline_key(baseline, path, key_id(load_hash_key(create=False)))
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc


__all__ = [
    "allowlist_of",
    "load_allowlist_option",
    "load_baseline_checked",
    "load_project_settings",
    "prepare_config",
    "scan_options",
]
