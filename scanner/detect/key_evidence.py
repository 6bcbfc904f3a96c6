"""Key-aware evidence: the key a value is written under is evidence for or against a finding.

``latency_us=93712045``, ``"duration_ms":61230047`` and ``bytes_sent=84512345`` hold digits
that dial in Singapore, and ``"client_version":"10.4.2.17"`` is a valid IPv4 address, but the
key says what the value is. ``mobile=91234567`` or ``client_ip=…`` say the opposite. The
words come from ``configs/key_words.yaml`` (documented there), not from any corpus.

The key is the structured field name when the value is a field (JSON key, CSV column), else
the key written just before the value on its line: logfmt / query ``k=v``, JSON ``"k": v``,
``Key: value`` and ``key value`` where ``key`` is a word list entry (Postgres'
``duration: 61230.047 ms``). The value itself may be quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from scanner.resources import config_path

DEFAULT_KEY_WORDS_PATH = config_path("key_words.yaml")
KEY_WINDOW = 48
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORDS = re.compile(r"[a-z]+|[0-9]+")
# The key right before a value: `key=`, `"key":`, `key:` (each optionally followed by spaces
# and an opening quote or bracket). The key is a run of word characters, dots and dashes.
_KEY_BEFORE = re.compile(
    r"(?:\"([\w.\-]{1,40})\"\s*:|'([\w.\-]{1,40})'\s*:|(?<![\w.\-])([A-Za-z_][\w.\-]{0,39})"
    r"\s*(?:=|:(?!:)))\s*[\"'(\[]?$"
)


_UNIT_AFTER = re.compile(r"[ \t]?([A-Za-z]{1,10})\b")


def key_words(key: str) -> tuple[str, ...]:
    """``bytesTransferredIn`` -> ``('bytes', 'transferred', 'in')``; ``call_duration_ms`` ->
    ``('call', 'duration', 'ms')``."""
    return tuple(_WORDS.findall(_CAMEL.sub(" ", key).lower()))


@dataclass(frozen=True)
class KeyWords:
    """The word lists of ``configs/key_words.yaml``."""

    applies_to: frozenset[str]
    against: frozenset[str]
    strong: frozenset[str]
    units: frozenset[str]
    identity: dict[str, frozenset[str]]
    for_score: float

    @classmethod
    def load(cls, path: Path = DEFAULT_KEY_WORDS_PATH) -> KeyWords:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        against = data.get("against") or {}
        lists = {k: v for k, v in against.items() if k not in ("applies_to", "strong")}
        favour = dict(data.get("for") or {})
        for_score = float(favour.pop("for_score", 0.5))
        return cls(
            applies_to=frozenset(against.get("applies_to") or ()),
            against=frozenset(str(w).lower() for words in lists.values() for w in words or ()),
            strong=frozenset(str(w).lower() for w in against.get("strong") or ()),
            units=frozenset(
                str(w).lower() for name in ("measurement", "size") for w in against.get(name) or ()
            ),
            identity={t: frozenset(str(w).lower() for w in ws or ()) for t, ws in favour.items()},
            for_score=for_score,
        )

    def verdict(self, entity_type: str, key: str) -> str | None:
        """``"against"``, ``"for"`` or None (the key says nothing) for a value of
        ``entity_type`` under ``key``."""
        words = key_words(key)
        if not words:
            return None
        last = words[-1]
        identity = self.identity.get(entity_type, frozenset())
        if last in identity:
            return "for"
        if entity_type in self.applies_to and (
            last in self.against or not self.strong.isdisjoint(words)
        ):
            return "against"
        return None


@lru_cache(maxsize=4)
def load_key_words(path: Path = DEFAULT_KEY_WORDS_PATH) -> KeyWords:
    """The word lists, read once per process."""
    return KeyWords.load(path)


def key_before(text: str, start: int) -> str | None:
    """The key written right before ``text[start:]`` on the same line, or None."""
    lo = max(0, start - KEY_WINDOW)
    newline = text.rfind("\n", lo, start)
    if newline != -1:
        lo = newline + 1
    match = _KEY_BEFORE.search(text, lo, start)
    if match is None:
        return None
    return match.group(1) or match.group(2) or match.group(3)


def adjusted_score(
    words: KeyWords,
    entity_type: str,
    text: str,
    start: int,
    end: int,
    score: float,
    field: str | None,
) -> float:
    """``score`` after the key's evidence: 0.0 against, at least ``for_score`` for. With no
    key, a measurement or size unit right after the value (``… 61230047 ms``) is against."""
    if entity_type not in words.applies_to and entity_type not in words.identity:
        return score
    key = field or key_before(text, start)
    if not key:
        unit = _UNIT_AFTER.match(text, end)
        if unit and entity_type in words.applies_to and unit.group(1).lower() in words.units:
            return 0.0  # `61230047 ms`, `84512345 bytes`: a measurement written with its unit
        return score
    verdict = words.verdict(entity_type, key)
    if verdict == "against":
        return 0.0
    if verdict == "for":
        return max(score, words.for_score)
    return score
