"""One pass over a chunk for every recognizer's candidates (Hyperscan), then line windows.

Each recognizer may declare ``CANDIDATE_PATTERNS`` next to its validator (see
``recognizers/__init__.py``): linear-time patterns without look-arounds such that every line
holding a match of the recognizer holds a match of one of them. The detector compiles all of a
profile's candidate patterns into one Hyperscan database and scans each chunk once; a recognizer
then runs its own pattern, checksum and numbering-plan checks only on the lines where its
candidates are (adjacent lines merged into one window). A recognizer with no candidate in a
chunk is not run on it at all.

Why Hyperscan rather than RE2: measured on this machine over the 3.8 MB bench logs with the same
candidate set, Hyperscan reports every match of every pattern (overlapping ones too, tagged with
the pattern's id) in one scan, which is exactly what "which recognizer has a candidate on which
line" needs; RE2 as one alternation finds only leftmost non-overlapping matches, so one
recognizer's candidate can hide another's, and ``re2.Set`` says which patterns match but not
where. See ``bench/scale.py`` (``candidate_engines``) for the figures.

Text is scanned as ASCII with every other character replaced by ``?`` (one byte per code point,
so offsets need no mapping). Candidate patterns are ASCII, so a line holding any non-ASCII
character (Unicode digits, full-width forms, the ``•`` mask) is a window for every recognizer:
nothing is lost, only not sped up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NoReturn

from recognizers.rules.base import PatternRule, SpanRule, line_windows

try:  # pragma: no cover - exercised by whether the wheel is installed
    import hyperscan
except ImportError:  # pragma: no cover - the detector then runs every recognizer in full
    hyperscan = None  # type: ignore[assignment]  # optional wheel: None means not installed

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")

Window = tuple[int, int]


def declared_candidates(rec: Any) -> tuple[str, ...] | None:
    """A rule's candidates, or a recognizer's ``CANDIDATE_PATTERNS`` when they describe the
    ``analyze`` in use.

    They count only when declared by the class whose ``analyze`` runs (or a subclass of it), and,
    for a class-configured pattern recognizer, only while it keeps its class patterns: a caller
    that passes its own patterns gets the full path.
    """
    if isinstance(rec, PatternRule | SpanRule):
        return rec.candidates or None  # a rule's candidates describe its own patterns
    cls = type(rec)
    cand_owner = next((k for k in cls.__mro__ if "CANDIDATE_PATTERNS" in vars(k)), None)
    if cand_owner is None:
        return None
    analyze_owner = next((k for k in cls.__mro__ if "analyze" in vars(k)), None)
    if analyze_owner is not None and not issubclass(cand_owner, analyze_owner):
        return None
    class_patterns = getattr(cls, "PATTERNS", None)
    own_patterns = getattr(rec, "patterns", None)
    if class_patterns is not None and own_patterns is not None:
        if [p.regex for p in own_patterns] != [p.regex for p in class_patterns]:
            return None
    patterns = tuple(vars(cand_owner)["CANDIDATE_PATTERNS"])
    return patterns or None


def _collect(pattern_id: int, start: int, end: int, flags: int, hits: Any) -> None:
    """Hyperscan's match handler; ``hits`` is the scan's context, a list of (id, end)."""
    hits.append((pattern_id, end))


def _collect_end(owner: int, start: int, end: int, flags: int, ends: Any) -> None:
    """The scanner's match handler: a pattern's id is its recognizer's index, ``ends`` the
    scan's context, one list of end offsets per recognizer index."""
    ends[owner].append(end)


class CandidateScanner:
    """One Hyperscan database over the candidate patterns of a list of recognizers."""

    def __init__(self, owners: Sequence[int], patterns: Sequence[str]) -> None:
        assert hyperscan is not None
        self._owner_of = list(owners)  # pattern id -> recognizer index
        self.recognizers = sorted(set(owners))
        self._db = hyperscan.Database()
        # A pattern's id is its recognizer's index (Hyperscan ids need not be unique): the
        # match handler files each end under its recognizer with no lookup.
        self._slots = max(owners) + 1 if owners else 0
        self._db.compile(
            expressions=[p.encode("ascii") for p in patterns],
            ids=list(owners),
            elements=len(patterns),
            flags=hyperscan.HS_FLAG_CASELESS,
        )
        self._scratch = hyperscan.Scratch(self._db)

    @classmethod
    def build(cls, recognizers: Sequence[Any]) -> CandidateScanner | None:
        """A scanner for the recognizers that declare candidates; None if none does (or the
        Hyperscan wheel is missing: every recognizer then runs in full, as before)."""
        if hyperscan is None:
            return None
        owners, patterns = [], []
        for index, rec in enumerate(recognizers):
            for pattern in declared_candidates(rec) or ():
                owners.append(index)
                patterns.append(pattern)
        return cls(owners, patterns) if patterns else None

    def __getstate__(self) -> NoReturn:  # a compiled database is rebuilt, not pickled
        raise TypeError("CandidateScanner is built per process")

    def windows(self, text: str) -> dict[int, list[Window]]:
        """Recognizer index -> sorted, disjoint ``(start, end)`` line windows of ``text`` that
        hold its candidates (a window ends after its newline, or at the end of the text)."""
        return self.line_windows(text, self.ends(text))

    def line_windows(
        self, text: str, ends: dict[int, list[int]], skip: frozenset[int] = frozenset()
    ) -> dict[int, list[Window]]:
        """``windows`` from the candidate ends ``ends`` gives, for every recognizer but those
        in ``skip`` (searched at their candidates instead)."""
        if not text.isascii():
            wide = [m.end() for m in _NON_ASCII.finditer(text)]
            ends = {
                owner: sorted(set(ends.get(owner, ())) | set(wide))
                for owner in self.recognizers
                if owner not in skip
            }
        return {
            owner: line_windows(text, positions)
            for owner, positions in ends.items()
            if owner not in skip
        }

    def ends(self, text: str) -> dict[int, list[int]]:
        """Recognizer index -> sorted end offsets of its candidates in ``text`` (its ASCII
        characters only: see ``wide_ends`` for the rest)."""
        per_owner: list[list[int]] = [[] for _ in range(self._slots)]
        self._db.scan(
            text.encode("ascii", "replace"),
            match_event_handler=_collect_end,
            context=per_owner,
            scratch=self._scratch,
        )
        # Hyperscan reports matches in end order, but two patterns of one recognizer can report
        # the same end, or one a later end before the other an earlier one: sorted, unique.
        return {owner: sorted(set(found)) for owner, found in enumerate(per_owner) if found}


def wide_ends(text: str, ends: list[int]) -> list[int]:
    """``ends`` with the end of every non-ASCII character of ``text`` added (sorted): candidate
    patterns are ASCII, so the text there was not searched for candidates."""
    if text.isascii():
        return ends
    return sorted(set(ends) | {m.end() for m in _NON_ASCII_CHAR.finditer(text)})


__all__ = ["CandidateScanner", "declared_candidates", "wide_ends"]
