"""The path a policy's path rules see: relative to a stated root, the same from every invocation.

Path rules (``**/crm/**``) must give a file the same source kind however the scan or check was
started. Matching on the path below the scanned folder made ``piimap scan share/`` declare a
CRM export that ``piimap scan share/crm/`` did not, and matching relative to the current folder
made ``piimap check logs/`` pass where ``cd logs && piimap check .`` failed. So:

- ``scan``: the source as given joined with the file's path below it (``share/crm/x.csv`` from
  ``scan share`` and from ``scan share/crm``); for an object store, the bucket and the full
  object key (``bucket/exports/crm/x.csv``).
- ``check``: the path relative to the root of the git work tree holding the file (what a
  repository's rules are written against); outside a work tree, the absolute path.

Only the path handed to ``Policy.source_kind_for`` changes; reports keep their display paths.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from scanner.sources import is_url

SCAN_ROOT = "source"  # summary.json: which root the scan's path rules saw
SCAN_ROOT_RULE = (
    "policy path rules match the source as given joined with each file's path below it "
    "(object stores: bucket and full object key), whichever sub-folder was scanned"
)
CHECK_ROOT_RULE = (
    "policy path rules match the path relative to the git work tree holding the file "
    "(outside one: the absolute path), whatever the current folder"
)


def _slashes(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def scan_rule_path(source: str, path: str) -> str:
    """The path the policy's rules see for ``path`` listed below ``source`` by ``scan``."""
    if is_url(source):
        location = source.split("://", 1)[1].rstrip("/")
        key_tail = path.lstrip("/")
        if location.endswith("/" + key_tail) or location == key_tail:
            return location  # the URL named a single object
        return f"{location}/{key_tail}" if key_tail else location
    if not source:
        return path
    normal = os.path.normpath(source)
    if not path or (not os.path.isdir(source) and os.path.basename(normal) == path):
        joined = normal  # a single file given as the source
    else:
        joined = os.path.join(normal, path)
    joined = _slashes(joined)
    while joined.startswith("./"):
        joined = joined[2:]
    return joined


@lru_cache(maxsize=4096)
def git_root_of(directory: str) -> str | None:
    """The nearest folder at or above ``directory`` holding ``.git`` (a folder or, in a
    worktree, a file); None outside a work tree."""
    current = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def check_rule_path(path: str) -> str:
    """The path the policy's rules see for a file ``check`` reports as ``path``."""
    absolute = os.path.abspath(path)
    root = git_root_of(os.path.dirname(absolute))
    if root is None:
        return _slashes(absolute)
    return _slashes(os.path.relpath(absolute, root))


def scan_root_summary(sources: list[str]) -> dict[str, Any]:
    """What summary.json states about the root the path rules saw."""
    return {"root": SCAN_ROOT, "rule": SCAN_ROOT_RULE, "sources": list(sources)}


__all__ = [
    "CHECK_ROOT_RULE",
    "SCAN_ROOT_RULE",
    "check_rule_path",
    "git_root_of",
    "scan_rule_path",
    "scan_root_summary",
]
