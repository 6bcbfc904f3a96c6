"""``.piimap.yaml``: a project's piimap settings, found the way gitleaks finds its config.

`piimap check` and `piimap scan` look for ``.piimap.yaml`` in the current folder, then at the
root of the git work tree around it, and read every setting from it; options given on the
command line win. Relative paths in the file are relative to the file's folder. The same file
holds the allowlist (``allowlist:``, read by scanner.gate.allowlist).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner.gate.inputs import git_root

SETTINGS_FILE = ".piimap.yaml"
FAIL_ON_VALUES = ("undeclared", "declared", "never")
# Top-level keys of .piimap.yaml besides `allowlist`.
SETTING_KEYS = ("policy", "profile", "baseline", "fail_on", "include", "exclude", "gitignore")


class SettingsError(Exception):
    """The settings file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    path: Path | None = None
    policy: Path | None = None
    profile: str | None = None
    baseline: Path | None = None
    fail_on: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True


def find_settings(start: Path | None = None) -> Path | None:
    """``.piimap.yaml`` in ``start`` (default: the current folder), else at its git root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, git_root(here)):
        if folder is not None and (folder / SETTINGS_FILE).is_file():
            return folder / SETTINGS_FILE
    return None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SettingsError(f"{path}: `{key}` must be a glob or a list of globs")
    # Imported here: scanner.sources loads fsspec, which light commands must not pay for.
    from scanner.sources.pathmatch import pattern_error

    for pattern in value:
        error = pattern_error(pattern)
        if error is not None:
            raise SettingsError(f"{path}: `{key}`: {pattern!r}: {error}")
    return tuple(value)


def _string(path: Path, key: str, value: Any, choices: Sequence[str] = ()) -> str:
    if not isinstance(value, str) or not value:
        raise SettingsError(f"{path}: `{key}` must be a non-empty string")
    if choices and value not in choices:
        raise SettingsError(f"{path}: `{key}` must be one of {', '.join(choices)}, not {value!r}")
    return value


def load_settings(path: Path) -> Settings:
    """Read and check the settings in ``path`` (the allowlist is left to scanner.gate.allowlist)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read ({type(exc).__name__})") from exc
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return Settings(path=path)
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected a mapping of settings")
    unknown = sorted(str(k) for k in data if k not in SETTING_KEYS and k != "allowlist")
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting(s): {', '.join(unknown)} "
            f"(known: {', '.join(SETTING_KEYS)}, allowlist)"
        )
    base = path.parent

    def relative(key: str) -> Path | None:
        value = data.get(key)
        return None if value is None else base / _string(path, key, value)

    gitignore = data.get("gitignore", True)
    if not isinstance(gitignore, bool):
        raise SettingsError(f"{path}: `gitignore` must be true or false")
    return Settings(
        path=path,
        policy=relative("policy"),
        profile=None if data.get("profile") is None else _string(path, "profile", data["profile"]),
        baseline=relative("baseline"),
        fail_on=None
        if data.get("fail_on") is None
        else _string(path, "fail_on", data["fail_on"], FAIL_ON_VALUES),
        include=_strings(path, "include", data["include"]) if data.get("include") else (),
        exclude=_strings(path, "exclude", data["exclude"]) if data.get("exclude") else (),
        gitignore=gitignore,
    )


STARTER = """\
# piimap settings. `piimap check` and `piimap scan` read this file from the current folder or
# the git root; options on the command line win. Paths are relative to this file.

# Policy the findings are classified against (default: the shipped eSign SG policy).
# policy: privacy/policy.yaml

# Detection profile: logs (patterns and checksums; no NER), contracts (adds spaCy NER) or auto.
profile: logs

# Known findings from `piimap baseline create`; findings in it are not reported.
# baseline: .piimap-baseline.json

# When `check` fails: undeclared (data the policy does not declare), declared (any finding) or
# never (report only).
fail_on: undeclared

# Which files `check` reads, in gitignore's glob dialect, on paths relative to the current
# folder. .git/, .venv/ and node_modules/ are always skipped, and so is what .gitignore ignores
# (gitignore: false scans those too).
include: []
exclude:
  - "tests/fixtures/**"
gitignore: true

# Exceptions, each with a reason and an optional end date (YYYY-MM-DD):
allowlist: []
#  - value_hash: <64-hex hash from a report>
#    reason: synthetic NRIC of the load-test user
#    expires: 2026-12-31
#  - path: "logs/fixtures/**"
#    reason: recorded fixtures
"""
