"""Detection profiles loaded from ``configs/profiles.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scanner.resources import default_profiles_path

# The shipped profiles (package data, see scanner.resources).
DEFAULT_PROFILES_PATH = default_profiles_path()


class ProfileError(Exception):
    """A profile name or file is wrong; the message says how to fix it."""


@dataclass(frozen=True)
class Profile:
    name: str
    ner: bool = False
    nlp_model: str | None = None
    score_threshold: float = 0.3
    name_fields: dict[str, str] = field(default_factory=dict)
    ner_fields: tuple[str, ...] = ()
    auto: dict[str, str] | None = None  # segment kind -> profile name, for `auto`


def load_profiles(path: Path = DEFAULT_PROFILES_PATH) -> dict[str, Profile]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"cannot read profiles file {path}: {exc}") from exc
    profiles = {}
    for name, spec in (data.get("profiles") or {}).items():
        spec = spec or {}
        profiles[name] = Profile(
            name=name,
            ner=bool(spec.get("ner", False)),
            nlp_model=spec.get("nlp_model"),
            score_threshold=float(spec.get("score_threshold", 0.3)),
            name_fields={
                str(k).lower(): str(v) for k, v in (spec.get("name_fields") or {}).items()
            },
            ner_fields=tuple(str(f).lower() for f in spec.get("ner_fields") or ()),
            auto=dict(spec["auto"]) if spec.get("auto") else None,
        )
    return profiles


def default_profile(command: str, path: Path = DEFAULT_PROFILES_PATH) -> str:
    """The profile ``command`` uses when none is named (``defaults:`` in the profiles file)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"cannot read profiles file {path}: {exc}") from exc
    name = (data.get("defaults") or {}).get(command)
    if not isinstance(name, str) or name not in (data.get("profiles") or {}):
        raise ProfileError(f"{path}: `defaults: {command}:` must name one of its profiles")
    return name


def missing_models(name: str, profiles: dict[str, Profile]) -> list[str]:
    """spaCy model packages profile ``name`` would load (itself or, for ``auto``, the profiles
    it picks) that are not installed: the model is the optional ``piimap[ner]`` extra."""
    from importlib.util import find_spec

    profile = profiles[name]
    used = [profile] + [profiles[p] for p in (profile.auto or {}).values() if p in profiles]
    models = {p.nlp_model for p in used if p.ner and p.nlp_model}
    return sorted(m for m in models if find_spec(m) is None)
