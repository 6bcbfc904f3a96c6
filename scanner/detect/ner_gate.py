"""Which pieces of prose spaCy NER reads: clauses that can hold a name, nothing else.

NER is the one slow step on contracts (spaCy's small English model reads about 0.05 MB/s here),
so the text it gets decides the speed. A clause (a line cut at commas, semicolons and brackets)
goes to NER only when it holds a capitalised word that could start a name, place or company:

- not the first word of its sentence or of a numbered clause (capitalised anyway),
- not an abbreviation in capitals (``NRIC``, ``UEN``, ``ID``) nor a short label (``No.``),
- not a month written in a date (``18 May 2024``; ``May Tan`` still counts),
- not a term the contract defines (``(the "Counterparty")``, ``"Confidential Information"
  means``: ``scanner.detect.ner_precision.defined_terms``) nor a common contract word,
- not inside a person or company the pattern recognizers already found (``Acme Pte. Ltd.``,
  ``Name: Tan Wei Ming``): NER spans overlapping those are dropped anyway.

spaCy's small English model sees about four tokens either side of a word (its CNN encoder), so
a clause with its neighbours keeps nearly all the context a name needs (cut right after a name,
NER drops its last word); each such span is memoised on its own text, which in a templated
contract repeats far more often than whole lines do.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence

from scanner.detect.ner_precision import defined_terms

_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’.\-]*")
# Clause breaks: a comma or semicolon and the spaces after it, or a bracket with its spaces.
_BREAK = re.compile(r"[,;][ \t]+|[ \t]*[()\[\]][ \t]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:][\"”’)]*[ \t]+)[\"“‘(]*$")
_NUMBERED = re.compile(r"^[ \t]*(?:\d+(?:\.\d+)*\.?|[A-Za-z]\)|\([A-Za-z0-9]+\))[ \t]+$")
_ABBREVIATION = re.compile(r"[A-Z]{2,6}s?\.?")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_DATE_AROUND = re.compile(r"\d{1,2}[ \t]*$")
_YEAR_AFTER = re.compile(r"[ \t,]+\d{4}\b|[ \t]+\d{1,2}(?:st|nd|rd|th)?\b")
_LABELS = frozenset("no ref tel fax mobile email e-mail blk attn re cc".split())


def clause_spans(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the clauses of ``line``, without the breaks between them."""
    start = 0
    for m in _BREAK.finditer(line):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(line):
        yield start, len(line)


def may_hold_name(
    line: str,
    clause: tuple[int, int],
    terms: frozenset[str],
    taken: Callable[[int], bool] = lambda at: False,
) -> bool:
    """True when the clause ``line[a:b]`` has a capitalised word that could start a name;
    ``taken(i)`` says the word at ``line[i]`` is part of a name found already."""
    a, b = clause
    text = line[a:b]
    if not text.strip() or (text.isupper() and len(text.split()) > 1):
        return False  # empty, or an all-capitals heading
    for match in _CAPITALISED.finditer(text):
        if taken(a + match.start()):
            continue
        word = match.group()
        low = word.lower().strip(".,'’-")
        if low in terms or low in _LABELS or _ABBREVIATION.fullmatch(word):
            continue
        before = line[: a + match.start()]
        if _SENTENCE_START.search(before) or _NUMBERED.match(before):
            continue
        if low in _MONTHS and (
            _DATE_AROUND.search(before) or _YEAR_AFTER.match(line, a + match.end())
        ):
            continue
        return True
    return False


def ner_spans(
    text: str,
    lines: Iterator[tuple[int, int]],
    common_terms: frozenset[str],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Spans of ``text`` (clauses of the given line spans, with their neighbours) that NER
    should read; words inside a ``taken`` (start, end) span do not count as evidence."""
    terms = common_terms | _defined_words(text)
    inside = _inside(taken)
    spans: list[tuple[int, int]] = []
    for a, b in lines:
        line = text[a:b]
        clauses = list(clause_spans(line))
        inside_line = _shifted(inside, a)
        for i, (start, end) in enumerate(clauses):
            if may_hold_name(line, (start, end), terms, inside_line):
                # The clauses either side go along: a name cut right at its end loses its last
                # word (`attention Chia Hui Min` alone reads as `Chia Hui`), one cut right at
                # its start can lose the name (`and Low Hui Min`).
                start = clauses[i - 1][0] if i else start
                end = clauses[i + 1][1] if i + 1 < len(clauses) else end
                if spans and spans[-1][1] >= a + start:  # overlaps the span before: one span
                    spans[-1] = (spans[-1][0], a + end)
                else:
                    spans.append((a + start, a + end))
    return spans


def _shifted(test: Callable[[int], bool], offset: int) -> Callable[[int], bool]:
    """``test`` of a line-relative position, for a line starting at ``offset``."""
    return lambda at: test(offset + at)


def _inside(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position falls inside one of ``spans`` (binary search)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [s for s, _ in merged]

    def inside(at: int) -> bool:
        i = bisect.bisect_right(starts, at) - 1
        return i >= 0 and at < merged[i][1]

    return inside


def _defined_words(text: str) -> frozenset[str]:
    """The words of the terms ``text`` defines (``confidential``, ``information``), lower-cased."""
    if '"' not in text and "“" not in text and "'" not in text:
        return frozenset()
    return frozenset(w for term in defined_terms(text) for w in term.split())


__all__ = ["clause_spans", "may_hold_name", "ner_spans"]
