"""Detection rules without Presidio: what a recognizer family matches, checks and scores.

A rule holds the parts of a recognizer that decide its findings: candidate patterns for the
one-pass scan, full patterns with scores, ``validate``/``invalidate`` checks (checksums,
numbering plans), a cheap pre-check, a post-filter, context words. The Presidio recognizer
classes in ``recognizers/`` take their patterns, context and validators from these rules, so a
scanner that runs a rule directly and Presidio's ``analyze`` agree by construction, while the
scanner (the ``logs`` profile, ``piimap check``) needs neither ``presidio_analyzer`` nor spaCy
(importing them costs ~1.5 s of start-up).

Two kinds:

- ``PatternRule``: Presidio's ``PatternRecognizer`` semantics. A match scores its pattern's
  score; ``validate`` True lifts it to 1.0, False drops it, None keeps the score;
  ``invalidate`` True drops it; spans are de-duplicated as Presidio's ``remove_duplicates``
  does (``recognizers.spans``). ``PatternMatcher`` runs one.
- ``SpanRule``: a recognizer whose ``analyze`` is its own code (phone numbers, names in log
  messages, company names): ``spans(text)`` gives ``(start, end, score, metadata)``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from recognizers.spans import remove_duplicate_spans

# Presidio's PatternRecognizer default ``global_regex_flags`` (the values match `re`'s).
PRESIDIO_REGEX_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
MAX_SCORE = 1.0  # Presidio's EntityRecognizer.MAX_SCORE: what a passing validator gives

Span = tuple[int, int, float]
ScoredSpan = tuple[int, int, float, dict[str, Any]]
Window = tuple[int, int]


@dataclass(frozen=True)
class Samples:
    """Texts a recognizer must find something in (``match``) and must find nothing in
    (``no_match``), kept with its rule as gitleaks keeps true/false positives with each rule;
    tests/recognizers/test_samples.py runs them through a real ``AnalyzerEngine``."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatternRule:
    """A pattern recognizer's rules; ``name`` is the recognizer name findings carry."""

    name: str
    entity: str
    patterns: tuple[tuple[str, str, float], ...]  # (pattern name, regex, score)
    context: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # Hyperscan-compatible (scanner/detect/candidates.py)
    validate: Callable[[str], bool | None] | None = None
    invalidate: Callable[[str], bool] | None = None
    precheck: Callable[[str], bool] | None = None  # False: no pattern can match the text
    # (text, de-duplicated spans) -> [(start, end, score, metadata)]: what the recognizer's
    # ``analyze`` does after its patterns.
    postfilter: Callable[[str, list[Span]], list[ScoredSpan]] | None = None
    flags: int = PRESIDIO_REGEX_FLAGS
    samples: Samples = Samples()


# ``(text, sorted candidate end offsets plus every non-ASCII character's end) -> spans``: a span
# rule's search limited to its one-pass candidates, giving the same spans as ``spans(text)``
# (the rule module says why). The scanner uses it instead of running ``spans`` over every line
# that holds a candidate.
CandidateSpans = Callable[[str, list[int]], list[ScoredSpan]]


@dataclass(frozen=True)
class SpanRule:
    """A recognizer with its own matching code: ``spans(text)`` is the whole of its analyze."""

    name: str
    entity: str
    spans: Callable[[str], list[ScoredSpan]]
    context: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    samples: Samples = Samples()
    spans_at: CandidateSpans | None = None  # the search at candidates, when the rule has one


Rule = PatternRule | SpanRule


class PatternMatcher:
    """Runs a ``PatternRule`` (or a Presidio ``PatternRecognizer``'s parts) without per-match
    result objects (explanations, timestamps), which cost more than the regex itself."""

    def __init__(
        self,
        entity: str,
        compiled: Sequence[tuple[Any, float]],
        *,
        validate: Callable[[str], bool | None] | None = None,
        invalidate: Callable[[str], bool] | None = None,
        precheck: Callable[[str], bool] | None = None,
        postfilter: Callable[[str, list[Span]], list[ScoredSpan]] | None = None,
        anchors: Sequence[str] = (),
    ) -> None:
        self.entity_type = entity
        # Candidates that are plain strings (``@``, ``::``): a pattern that must hold one as
        # a literal reaches only its own width on either side of it (see ``pattern_reach``).
        self.anchors = tuple(anchors)
        self.compiled = list(compiled)
        self.validate = validate
        self.invalidate = invalidate
        self.precheck = precheck
        self.postfilter = postfilter
        # One pattern's finditer never yields overlapping spans: nothing to de-duplicate.
        self.dedupe = len(self.compiled) > 1
        self._reaches: list[Reach | None] | None = None  # computed on first matches_near

    @classmethod
    def for_rule(cls, rule: PatternRule) -> PatternMatcher:
        """The rule's patterns compiled with ``regex`` (Presidio's engine, so matches agree)."""
        return cls(
            rule.entity,
            compiled_patterns(rule),
            validate=rule.validate,
            invalidate=rule.invalidate,
            precheck=rule.precheck,
            postfilter=rule.postfilter,
            anchors=[c for c in rule.candidates if _is_plain(c)],
        )

    def matches(
        self, text: str, windows: Sequence[Window] | None = None
    ) -> list[tuple[str, int, int, float, dict[str, Any]]]:
        """Matches in ``text``, searched only inside ``windows`` (whole lines, so look-arounds
        see the same characters as in a search of the whole text); None searches everything."""
        if self.precheck is not None and not self.precheck(text):
            return []
        bounds = windows if windows is not None else ((0, len(text)),)
        spans: list[Span] = []
        for compiled, base in self.compiled:
            self._search(text, compiled, base, bounds, spans)
        return self._finish(text, spans)

    def matches_near(
        self, text: str, ends: Sequence[int], wide: frozenset[str] | None = None
    ) -> list[tuple[str, int, int, float, dict[str, Any]]]:
        """``matches`` over the lines holding the candidates that end at ``ends`` (sorted; the
        rule's one-pass candidates, found in the text's ASCII characters), each pattern
        searched only as far around each candidate as its matches and look-aheads can reach.
        ``wide``: the text's non-ASCII characters, when the caller has them.

        Same matches as ``matches(text, line windows)``: every match holds a candidate (or a
        non-ASCII character it can hold, added here), so it lies inside its candidate's window
        ``[end - width, end + width + ahead]``; windows that overlap are merged, so no match
        crosses a window start (and ``regex`` look-behinds see the text before it), and a
        window end leaves room for the look-aheads of any match that can start in it."""
        if self.precheck is not None and not self.precheck(text):
            return []
        if self._reaches is None:
            self._reaches = [
                pattern_reach(compiled.pattern, compiled.flags, self.anchors)
                if isinstance(compiled, regex.Pattern)
                else None
                for compiled, _ in self.compiled
            ]
        if wide is None:
            wide = non_ascii_chars(text)
        spans: list[Span] = []
        for (compiled, base), reach in zip(self.compiled, self._reaches, strict=True):
            if reach is not None and reach.anchor:
                # Every match holds the anchor (ASCII, so the candidate scan saw it): its ends.
                anchor, size = reach.anchor, len(reach.anchor)
                at = [end for end in ends if text.startswith(anchor, end - size)]
                if at:
                    self._search(text, compiled, base, near_windows(text, at, reach), spans)
                continue
            held = wide if reach is None else reach.held(wide)
            positions: Sequence[int] = ends
            if held:
                extra = _char_set_pattern(held).finditer(text)
                positions = sorted({*ends, *(m.end() for m in extra)})
            if positions:
                self._search(text, compiled, base, near_windows(text, positions, reach), spans)
        return self._finish(text, spans)

    def _search(
        self, text: str, compiled: Any, base: float, bounds: Sequence[Window], spans: list[Span]
    ) -> None:
        """Append the scored matches of one pattern inside ``bounds`` to ``spans``."""
        validate, invalidate = self.validate, self.invalidate
        checked = validate is not None or invalidate is not None
        for lo, hi in bounds:
            for m in compiled.finditer(text, lo, hi):
                start, end = m.span()
                if start == end:
                    continue
                score = base
                if checked:
                    value = m.group()
                    if validate is not None:
                        valid = validate(value)
                        if valid is not None:
                            score = MAX_SCORE if valid else 0.0
                    if invalidate is not None and invalidate(value):
                        score = 0.0
                if score > 0.0:
                    spans.append((start, end, score))

    def _finish(
        self, text: str, spans: list[Span]
    ) -> list[tuple[str, int, int, float, dict[str, Any]]]:
        entity_type = self.entity_type
        if self.dedupe and spans:
            spans = remove_duplicate_spans(spans)
        if self.postfilter is not None:
            return [
                (entity_type, start, end, score, meta)
                for start, end, score, meta in self.postfilter(text, spans)
            ]
        return [(entity_type, start, end, score, {}) for start, end, score in spans]


# -- how far a pattern's matches reach (the one-pass scan's windows) ------------------------
_SRE: Any = importlib.import_module("re._parser")  # the stdlib's parser: widths, char classes
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
MAX_REACH = 4096  # a pattern whose matches can be longer is searched over whole lines
_FLAG_LETTERS = {regex.IGNORECASE: "i", regex.MULTILINE: "m", regex.DOTALL: "s"}
_PARSE_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.VERBOSE
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


@dataclass(frozen=True)
class Reach:
    """How far a pattern's matches reach around any character inside them: ``width`` the
    longest match, ``ahead`` what its look-aheads and boundary checks may read past it;
    ``nonascii`` matches the non-ASCII characters a match can hold (None: none)."""

    width: int
    ahead: int
    nonascii: Any | None
    # With an ``anchor`` (a literal every match holds at its top level), a window spans
    # ``before`` characters before the anchor's end and ``after`` after it; else the width.
    anchor: str = ""
    before: int = 0
    after: int = 0
    _held: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def held(self, chars: frozenset[str]) -> frozenset[str]:
        """The characters of ``chars`` (non-ASCII) a match can hold; memoised per character."""
        if not chars or self.nonascii is None:
            return frozenset()
        memo = self._held
        for char in chars:
            if char not in memo:
                if len(memo) >= _HELD_MEMO:
                    memo.clear()
                memo[char] = self.nonascii.fullmatch(char) is not None
        return frozenset(char for char in chars if memo[char])


_HELD_MEMO = 65536  # distinct characters judged per pattern (bounded)


def non_ascii_chars(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of ``text`` (empty for ASCII text, the common case)."""
    if text.isascii():
        return frozenset()
    return frozenset("".join(_NON_ASCII_RUN.findall(text)))


@lru_cache(maxsize=1024)
def _char_set_pattern(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]")


class _Unsupported(Exception):
    """A construct ``pattern_reach`` does not bound: the pattern is searched by lines."""


def pattern_reach(pattern: str, flags: int, anchors: Sequence[str] = ()) -> Reach | None:
    """The pattern's ``Reach`` from the stdlib parser's view of it, or None when a match can be
    empty or longer than ``MAX_REACH``, or the pattern uses what this does not model.

    ``anchors``: plain-string candidates; the first that the pattern holds as consecutive
    literals at its top level (not inside a group, repeat or alternative, so every match
    holds it) anchors the windows, with the widest prefix before and suffix after it."""
    try:
        tree = _SRE.parse(pattern, flags & _PARSE_FLAGS)
        low, high = tree.getwidth()
        classes: list[str] = []
        ahead = _walk(tree, classes, consuming=True)
    except Exception:  # noqa: BLE001 - what the parser cannot bound is searched by lines
        return None
    if low == 0 or high > MAX_REACH or ahead > MAX_REACH:
        return None
    nonascii = None
    if classes:
        # Compiled with the pattern's own engine and flags, so case folding (the Kelvin sign
        # is a `k`) and Unicode classes (``\d`` holds every script's digits) are judged as the
        # pattern does. Only ever asked about non-ASCII characters (``Reach.held``).
        nonascii = regex.compile("(?:" + "|".join(classes) + ")", flags)
    for anchor in anchors:
        items = list(tree)
        codes = [ord(c) for c in anchor]
        for i in range(len(items) - len(codes) + 1):
            run = zip(items[i : i + len(codes)], codes, strict=True)
            if all(str(op) == "LITERAL" and av == code for (op, av), code in run):
                before = _SRE.SubPattern(tree.state, items[:i]).getwidth()[1] + len(codes)
                after = _SRE.SubPattern(tree.state, items[i + len(codes) :]).getwidth()[1]
                if before <= MAX_REACH and after <= MAX_REACH:
                    return Reach(high, ahead, nonascii, anchor, before, after + ahead)
    return Reach(width=high, ahead=ahead, nonascii=nonascii, before=high, after=high + ahead)


def _is_plain(candidate: str) -> bool:
    """A candidate pattern that is a plain ASCII string with no letters (so Hyperscan's
    caseless match and an exact comparison agree): ``@``, ``%40``, ``::``."""
    return (
        bool(candidate)
        and candidate.isascii()
        and re.escape(candidate) == candidate
        and not any(c.isalpha() for c in candidate)
    )


def _walk(items: Any, classes: list[str], *, consuming: bool) -> int:
    """Collect the character classes ``items`` consume (outside look-arounds) into
    ``classes``; return how far its look-aheads and boundary checks can read."""
    ahead = 0
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
            if consuming:
                classes.append(_class_text(name, av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            ahead += _walk(av[2], classes, consuming=consuming)
        elif name == "SUBPATTERN":
            _, add, drop, sub = av
            inner: list[str] = []
            ahead += _walk(sub, inner, consuming=consuming)
            if inner:
                scoped = _flag_text(add) + ("-" + _flag_text(drop) if drop else "")
                classes.append(f"(?{scoped}:{'|'.join(inner)})")
        elif name == "ATOMIC_GROUP":
            ahead += _walk(av, classes, consuming=consuming)
        elif name == "BRANCH":
            ahead += sum(_walk(sub, classes, consuming=consuming) for sub in av[1])
        elif name in ("ASSERT", "ASSERT_NOT"):
            direction, sub = av
            if direction == 1:
                ahead += sub.getwidth()[1]
            ahead += _walk(sub, classes, consuming=False)
        elif name == "AT":
            ahead += 1  # \b, $ read the next character
        elif name != "GROUPREF":  # a back-reference consumes what its group did
            raise _Unsupported(name)
    return ahead


def _flag_text(flags: int) -> str:
    if flags & ~sum(_FLAG_LETTERS):
        raise _Unsupported(f"flags {flags}")
    return "".join(letter for bit, letter in _FLAG_LETTERS.items() if flags & bit)


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _class_text(name: str, av: Any) -> str:
    """One consuming node of the parse tree written back as a ``regex`` character class."""
    if name == "LITERAL":
        return _char(av)
    if name == "NOT_LITERAL":
        return f"[^{_char(av)}]"
    if name == "ANY":
        return "."
    parts: list[str] = []
    for op, arg in av:
        kind = str(op)
        if kind == "NEGATE":
            parts.insert(0, "^")
        elif kind == "LITERAL":
            parts.append(_char(arg))
        elif kind == "RANGE":
            parts.append(f"{_char(arg[0])}-{_char(arg[1])}")
        elif kind == "CATEGORY" and str(arg) in _CATEGORIES:
            parts.append(_CATEGORIES[str(arg)])
        else:
            raise _Unsupported(kind)
    return "[" + "".join(parts) + "]"


def line_windows(text: str, ends: Sequence[int]) -> list[Window]:
    """The lines holding the character before each position in ``ends`` (sorted), merged."""
    windows: list[Window] = []
    n = len(text)
    covered = -1
    for end in ends:
        at = end - 1
        if at < covered:
            continue
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = n if line_end == -1 else line_end + 1
        if windows and line_start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], line_end)
        else:
            windows.append((line_start, line_end))
        covered = line_end
    return windows


def near_windows(text: str, positions: Sequence[int], reach: Reach | None) -> list[Window]:
    """Merged windows around ``positions`` (sorted candidate ends): ``[end - before,
    end + after]`` (``Reach``) clipped to the line of the character before ``end`` (a line ends
    after its newline); with no ``reach``, whole lines."""
    if reach is None:
        return line_windows(text, positions)
    windows: list[Window] = []
    n = len(text)
    rfind, find = text.rfind, text.find
    before, after = reach.before, reach.after
    last_hi = -1
    for end in positions:
        at = end - 1
        hi = end + after
        if hi <= last_hi:
            continue  # inside the last window (a longer one would have reached further)
        lo = max(0, end - before)
        newline = rfind("\n", lo, at)
        if newline != -1:
            lo = newline + 1
        if hi >= n:
            hi = n
        newline = find("\n", at, hi)
        if newline != -1:
            hi = newline + 1
        if windows and lo < last_hi:
            windows[-1] = (windows[-1][0], max(last_hi, hi))
        else:
            windows.append((lo, hi))
        last_hi = windows[-1][1]
    return windows


_COMPILED: dict[tuple[str, int], Any] = {}


def compiled_patterns(rule: PatternRule) -> list[tuple[Any, float]]:
    """``(compiled regex, score)`` per pattern; compiled once per process."""
    out = []
    for _, pattern, score in rule.patterns:
        key = (pattern, rule.flags)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = regex.compile(pattern, rule.flags)
        out.append((compiled, score))
    return out


__all__ = [
    "CandidateSpans",
    "MAX_SCORE",
    "PRESIDIO_REGEX_FLAGS",
    "PatternMatcher",
    "PatternRule",
    "Reach",
    "Rule",
    "Samples",
    "ScoredSpan",
    "Span",
    "SpanRule",
    "compiled_patterns",
    "line_windows",
    "near_windows",
    "non_ascii_chars",
    "pattern_reach",
]
