"""What several commands share: the usage-error type, the --reveal guard, the hash key, and the
profile/policy checks made before any file is read.

Only light modules at the top: `piimap --help`, `--version` and `policy show` import this
module and must start without the scan pipeline (Presidio, spaCy, pyarrow).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from scanner.exit_codes import EXIT_USAGE
from scanner.resources import default_profiles_path


class ConfigError(click.ClickException):
    """A configuration problem: exit code 2 with a message that says how to fix it."""

    exit_code = EXIT_USAGE


def refuse_reveal_in_ci(reveal: bool) -> None:
    """Refuse --reveal under CI; otherwise make every file written from now on owner-only."""
    from scanner.protect.reveal import ci_variable, make_outputs_private

    if not reveal:
        return
    found = ci_variable()
    if found is not None:
        raise ConfigError(
            f"--reveal is refused when the {found} environment variable is set (even empty): "
            "CI logs and artifacts must never carry raw personal data. Run it on a workstation "
            "instead."
        )
    previous = make_outputs_private()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(lambda: os.umask(previous))


def prepare_hash_key(create: bool = True) -> None:
    """Resolve the hash key before any file is read: a bad key is exit 2 with what to do, and
    the run that creates the key file says where it is and why it matters (stderr, once)."""
    from scanner.protect.hashing import HashKeyError, key_created_notice, resolve_hash_key

    try:
        info = resolve_hash_key(create=create)
    except HashKeyError as exc:
        raise ConfigError(str(exc)) from exc
    if info.created:
        click.echo(key_created_notice(info), err=True)


def check_profile_and_policy(profile: str, policy_path: Path, source_kind: str | None) -> None:
    """An unknown profile, a missing NER model, a bad policy or an unknown source kind is a
    usage error before any file is scanned."""
    from scanner.detect.profiles import ProfileError, load_profiles, missing_models
    from scanner.policy.model import PolicyError, load_policy

    try:
        profiles = load_profiles(default_profiles_path())
    except ProfileError as exc:
        raise ConfigError(str(exc)) from exc
    if profile not in profiles:
        raise ConfigError(
            f"unknown profile {profile!r}; choose one of: {', '.join(sorted(profiles))}"
        )
    missing = missing_models(profile, profiles)
    if missing:
        raise ConfigError(
            f"profile {profile!r} runs spaCy NER, but the model package {', '.join(missing)} is "
            "not installed: pip install 'piimap[ner]' (or use --profile logs)"
        )
    try:
        policy = load_policy(policy_path)
    except PolicyError as exc:
        raise ConfigError(f"{exc}\nRun `piimap policy lint {policy_path}` for details.") from exc
    if source_kind and source_kind not in policy.source_kinds():
        raise ConfigError(
            f"unknown source kind {source_kind!r}; the policy defines: "
            f"{', '.join(policy.source_kinds())}"
        )


__all__ = ["ConfigError", "check_profile_and_policy", "prepare_hash_key", "refuse_reveal_in_ci"]
