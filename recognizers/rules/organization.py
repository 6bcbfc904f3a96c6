"""ORGANIZATION rules: company names with a legal-form suffix (``Pte. Ltd.``, ``LLP``, ``Sdn Bhd``).

NER misses or splits upper-case names like ``ESIGN SG HOLDING PTE. LTD.``, and logs never go
through NER at all. A legal suffix after one to six capitalised words is a strong, cheap
signal. Name words are matched case-sensitively (a capital or digit first) so running prose
is not swallowed; the suffix itself may be in any case. A leading function word (``The``,
``Between``...) is not part of the name.
"""

from __future__ import annotations

import regex

from recognizers.rules.base import ScoredSpan
from recognizers.rules.loader import builtin_span_rule
from recognizers.spans import remove_duplicate_spans

# Capitalised words that start sentences or clauses, not company names.
_LEADING_WORDS = (
    "The|This|That|These|Those|A|An|And|Or|Of|By|With|Between|To|For|From|In|On|At|As|Dear"
    "|Contact|Client|Customer|Company|Party|Parties|Signed|Hereby|Our|Your|Its|Their|Mr|Ms|Mrs"
)
# One name word: "ESIGN", "Acme", "A&B", "O'Neil", "3M", "(S)", "(Singapore)"; or a connector.
_WORD_END = r"(?![\w&'’-])"
_NOT_SUFFIX = r"(?!(?i:pte|ltd|llp|limited|inc|bhd|sdn|berhad|and)\.?" + _WORD_END + ")"
_WORD = r"(?:" + _NOT_SUFFIX + r"[A-Z0-9][\w&'’.-]*|\([A-Z][A-Za-z]{0,15}\)|&|of|de)"
_FIRST_WORD = (
    r"(?!(?i:" + _LEADING_WORDS + r")" + _WORD_END + ")" + _NOT_SUFFIX + r"[A-Z0-9][\w&'’.-]*"
)
_SUFFIX_STRONG = (
    r"(?i:pte\.?[ \t]+ltd\.?|private[ \t]+limited|(?:sdn\.?[ \t]+)?(?:bhd\.?|berhad)|llp|l\.l\.p\.)"
)
_SUFFIX_WEAK = r"(?i:ltd\.?|limited|inc\.?|incorporated|corp\.?|corporation|plc)"


# Cheap pre-scan: the full pattern only runs on a window before each legal suffix.
_SUFFIX_SCAN = regex.compile(
    r"\b(?:pte|ltd|llp|l\.l\.p|limited|inc|incorporated|corp|corporation|plc|bhd|berhad)\b",
    regex.IGNORECASE,
)
_WORDS_BEFORE = 7  # the six name words, plus one so a window never starts inside a name
_WINDOW_AFTER = 24
# How far back the seven words may reach; a name word longer than ~70 characters is not a name.
_LOOKBACK_CHARS = 512


def _company(suffix: str) -> str:
    # Word boundary before the name; the name is 1-6 words; the suffix ends at a word end
    # (a trailing "." belongs to "Ltd." / "Inc.").
    return (
        r"(?<![\w&'’.-])"
        + _FIRST_WORD
        + r"(?:[ \t]+"
        + _WORD
        + r"){0,5}[ \t]+,?[ \t]*"
        + suffix
        + r"(?![\w-])"
    )


def _suffix_windows(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` around each suffix: from the start of the seventh word before it (so
    the pattern tries only a few start positions) to just past the suffix.

    The backward word search is bounded twice, so the whole pass is linear in ``text`` (a text
    of nothing but ``Ltd Ltd Ltd ...`` used to search back to offset 0 for every suffix): never
    further than ``_LOOKBACK_CHARS`` (six name words are far shorter), and never past the end
    of the previous window, which the new window would merge with anyway.
    """
    windows: list[tuple[int, int]] = []
    for match in _SUFFIX_SCAN.finditer(text):
        floor = max(windows[-1][1] if windows else 0, match.start() - _LOOKBACK_CHARS)
        start = match.start()
        for _ in range(_WORDS_BEFORE):
            start = max(text.rfind(" ", floor, start - 1), text.rfind("\n", floor, start - 1)) + 1
            if start <= floor:
                start = floor
                if floor and floor == match.start() - _LOOKBACK_CHARS:
                    # Cut inside a giant run of words: begin at a word start, not mid-word.
                    space = min(
                        _find_or(text, " ", floor, match.start()),
                        _find_or(text, "\n", floor, match.start()),
                    )
                    start = min(space + 1, match.start())
                break
        end = min(len(text), match.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:  # "Pte" and "Ltd" of one name share a window
            start = windows.pop()[0]
        windows.append((start, end))
    return windows


def _find_or(text: str, char: str, start: int, end: int) -> int:
    found = text.find(char, start, end)
    return end if found < 0 else found


COMPANY_PATTERNS = (
    ("company_sg_my_llp", _company(_SUFFIX_STRONG), 0.6),
    ("company_ltd_inc", _company(_SUFFIX_WEAK), 0.45),
)
# Case matters for the name words; the suffix groups are case-insensitive inline.
COMPANY_REGEX_FLAGS = regex.DOTALL | regex.MULTILINE

_COMPILED: list[tuple[regex.Pattern[str], float]] = []


def compile_company_patterns(
    patterns: tuple[tuple[str, str, float], ...] = COMPANY_PATTERNS,
) -> list[tuple[regex.Pattern[str], float]]:
    """``(compiled, score)`` per pattern, with the recognizer's flags."""
    return [(regex.compile(p, COMPANY_REGEX_FLAGS), score) for _, p, score in patterns]


def company_spans(
    text: str, compiled: list[tuple[regex.Pattern[str], float]] | None = None
) -> list[ScoredSpan]:
    """Company names as plain ``(start, end, score, metadata)`` tuples: the patterns run only
    on windows that end in a legal suffix (what the recognizer's ``analyze`` finds)."""
    if compiled is None:
        if not _COMPILED:
            _COMPILED.extend(compile_company_patterns())
        compiled = _COMPILED
    best: dict[tuple[int, int], float] = {}
    for start, end in _suffix_windows(text):
        window = text[start:end]  # sliced, as analyze does: look-behinds stop at its start
        found = [
            (match.start(), match.end(), score)
            for pattern, score in compiled
            for match in pattern.finditer(window)
            if match.end() > match.start()
        ]
        for span_start, span_end, score in remove_duplicate_spans(found):
            span = (span_start + start, span_end + start)
            if span not in best or best[span] < score:
                best[span] = score
    spans = remove_duplicate_spans([(s, e, score) for (s, e), score in best.items()])
    return [(s, e, score, {}) for s, e, score in spans]


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
COMPANY = builtin_span_rule("CompanySuffixRecognizer")
COMPANY_CONTEXT = COMPANY.context
COMPANY_CANDIDATES = COMPANY.candidates
