"""The allowlist config (``--config .piimap.yaml``): findings a team has decided are fine.

Every entry says why (``reason``) and may say until when (``expires: YYYY-MM-DD``): an expired
entry stops suppressing, so an exception cannot quietly outlive its justification. Unknown keys
are errors, because a typo in a matcher would otherwise widen or void an entry silently.

```yaml
allowlist:
  - value_hash: 3f1c...            # one value (full keyed hash, as in the reports)
    reason: synthetic NRIC of the load-test user
    expires: 2026-12-31
  - masked_context_regex: 'test-user-\\d+'   # on the masked value or the masked line
    entity_types: [EMAIL_ADDRESS]
    reason: QA accounts
  - path: "logs/fixtures/**"       # gitignore-like glob on the reported path
    reason: recorded fixtures
```
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scanner.gate.named_file import read_named_file
from scanner.model import Finding
from scanner.sources import glob_match

_MATCHERS = ("value_hash", "masked_context_regex", "path")
_KEYS = (*_MATCHERS, "entity_types", "reason", "expires")
_HEX = re.compile(r"[0-9a-f]{64}")


class _Loader(yaml.SafeLoader):
    """Safe YAML with timestamps left as text, so a bad date is our error with a line number."""


def _timestamp_as_text(loader: _Loader, node: yaml.Node) -> str:
    return loader.construct_yaml_str(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class AllowlistError(Exception):
    """The config file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class AllowEntry:
    line: int  # 1-based line of the entry in the config file
    reason: str
    value_hash: str | None = None
    masked_context_regex: re.Pattern[str] | None = None
    path: str | None = None
    entity_types: tuple[str, ...] = ()
    expires: dt.date | None = None

    def expired(self, today: dt.date) -> bool:
        """An entry is valid through its ``expires`` day and stops suppressing the day after."""
        return self.expires is not None and today > self.expires

    def matches(self, finding: Finding, context_line: str | None = None) -> bool:
        """Every matcher the entry has must match (an entry can narrow by combining them)."""
        if self.entity_types and finding.entity_type not in self.entity_types:
            return False
        if self.value_hash is not None and finding.value_hash != self.value_hash:
            return False
        if self.path is not None and not glob_match(self.path, finding.path):
            return False
        if self.masked_context_regex is not None:
            texts = [finding.masked_value] + ([context_line] if context_line else [])
            if not any(self.masked_context_regex.search(t) for t in texts):
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.value_hash:
            parts.append(f"value_hash {self.value_hash[:12]}")
        if self.masked_context_regex is not None:
            parts.append(f"masked_context_regex {self.masked_context_regex.pattern!r}")
        if self.path:
            parts.append(f"path {self.path!r}")
        if self.entity_types:
            parts.append("entity_types " + ",".join(self.entity_types))
        return " ".join(parts)


@dataclass(frozen=True)
class Allowlist:
    path: str
    entries: tuple[AllowEntry, ...] = ()

    @property
    def needs_context(self) -> bool:
        """True when some entry matches on the masked line, so the gate must read lines."""
        return any(e.masked_context_regex is not None for e in self.entries)

    def match(
        self, finding: Finding, today: dt.date, context_line: str | None = None
    ) -> tuple[AllowEntry | None, list[AllowEntry]]:
        """The first live entry that matches, and the expired entries that would have."""
        expired: list[AllowEntry] = []
        for entry in self.entries:
            if not entry.matches(finding, context_line):
                continue
            if entry.expired(today):
                expired.append(entry)
                continue
            return entry, expired
        return None, expired


def _parse_entry(raw: Any, line: int, known_entities: Sequence[str] | None) -> AllowEntry:
    def fail(msg: str) -> AllowlistError:
        return AllowlistError(f"line {line}: {msg}")

    if not isinstance(raw, dict):
        raise fail("an allowlist entry must be a mapping")
    unknown = sorted(str(k) for k in raw if k not in _KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(_KEYS)}")
    if not any(raw.get(k) is not None for k in _MATCHERS):
        raise fail(f"an entry needs at least one of {', '.join(_MATCHERS)}")
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise fail("`reason` is required: say why these findings are acceptable")

    value_hash = raw.get("value_hash")
    if value_hash is not None:
        value_hash = str(value_hash).strip().lower()
        if not _HEX.fullmatch(value_hash):
            raise fail("`value_hash` must be the full 64-hex-digit hash from a piimap report")

    regex = None
    if raw.get("masked_context_regex") is not None:
        try:
            regex = re.compile(str(raw["masked_context_regex"]))
        except re.error as exc:
            raise fail(f"bad masked_context_regex: {exc}") from exc

    path = raw.get("path")
    if path is not None:
        path = str(path).strip()
        if not path:
            raise fail("`path` must be a non-empty glob")

    types = raw.get("entity_types", ())
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list | tuple) or not all(isinstance(t, str) for t in types):
        raise fail("`entity_types` must be a list of entity type names")
    if known_entities is not None:
        bad = [t for t in types if t not in known_entities]
        if bad:
            raise fail(f"unknown entity type(s): {', '.join(bad)}")

    expires = raw.get("expires")
    if expires is not None:
        text = str(expires).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            expires = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise fail(f"`expires` must be a date (YYYY-MM-DD), got {text!r}") from exc

    return AllowEntry(
        line=line,
        reason=reason.strip(),
        value_hash=value_hash,
        masked_context_regex=regex,
        path=path,
        entity_types=tuple(types),
        expires=expires,
    )


def parse_allowlist(
    text: str,
    source: str = "<config>",
    known_entities: Sequence[str] | None = None,
    other_keys: Sequence[str] = (),
) -> Allowlist:
    """The allowlist of a config file; ``other_keys`` are top-level keys another reader owns
    (the settings of ``.piimap.yaml``, see scanner.cli.settings)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise AllowlistError(f"{source}: not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if data is None:
        return Allowlist(source, ())
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise AllowlistError(f"{source}: expected a mapping with an `allowlist` list")
    unknown = sorted(str(k) for k in data if k != "allowlist" and k not in other_keys)
    if unknown:
        raise AllowlistError(f"{source}: unknown top-level key(s): {', '.join(unknown)}")
    items = data.get("allowlist") or []
    if not isinstance(items, list):
        raise AllowlistError(f"{source}: `allowlist` must be a list")
    item_nodes: list[yaml.Node] = []
    for key_node, value_node in root.value:
        if key_node.value == "allowlist" and isinstance(value_node, yaml.SequenceNode):
            item_nodes = list(value_node.value)
    entries = []
    for i, raw in enumerate(items):
        line = item_nodes[i].start_mark.line + 1 if i < len(item_nodes) else 0
        try:
            entries.append(_parse_entry(raw, line, known_entities))
        except AllowlistError as exc:
            raise AllowlistError(f"{source}: {exc}") from exc
    return Allowlist(source, tuple(entries))


def load_allowlist(
    path: Path, known_entities: Sequence[str] | None = None, other_keys: Sequence[str] = ()
) -> Allowlist:
    text = read_named_file(path, AllowlistError)
    return parse_allowlist(text, str(path), known_entities, other_keys)


__all__ = ["AllowEntry", "Allowlist", "AllowlistError", "load_allowlist", "parse_allowlist"]
