"""What NER tags in contracts that is not a name: headings, defined terms, labels, abbreviations.

spaCy's small model reads ``7. GOVERNING LAW AND JURISDICTION`` or ``DEFINITIONS`` as names,
tags the defined terms a contract introduces (``("Landlord")``, ``(the "Tenant")``) and their
later capitalised uses, labels before a colon (``Signer:``, ``Witness:``) and abbreviations
(``IP``, ``NRIC``), and cuts a company short (``Pasir Panjang Properties Pte`` as a PERSON).
``drop_non_names`` removes such NER spans, given the spans the pattern recognizers found in the
same text (a company found whole by its legal suffix, or a person found by the shape around
the name, wins over NER's piece or type guess of the same words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

# A term a contract defines: `("Landlord")`, `(the "Tenant")`, `(each a "Party")`,
# `"Premises" means`, `(hereinafter "the Company")`.
_DEFINED = re.compile(
    r"\(\s*(?:(?:the|each|together|collectively|hereinafter|a|an)\s+){0,3}(?:a\s+|the\s+)?"
    r"[\"“']([^\"”'\n]{1,60})[\"”']\s*\)"
    r"|[\"“]([^\"”\n]{1,60})[\"”]\s+(?:means|shall\s+mean|refers\s+to|has\s+the\s+meaning)"
)
_ABBREVIATION = re.compile(r"[A-Z]{2,5}s?")
_LABEL_AFTER = re.compile(r"[ \t]*:")
_NUMBERED = re.compile(r"\s*(?:\d+(?:\.\d+)*|[A-Z]|[IVX]+)[.)]\s")
_CAPS_WORD = re.compile(r"[a-z]+")
_HEADING_WORDS = frozenset(
    """agreement contract deed law laws definitions interpretation schedule
annex appendix terms conditions clause section article notices notice termination
confidentiality governing jurisdiction general miscellaneous recitals whereas parties payment
payments rent deposit signatures execution whereof warranties indemnity liability term
obligations services fees dispute disputes resolution tenancy lease licence license
privacy policy data protection""".split()
)


class Span(Protocol):
    @property
    def entity_type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=Span)


def defined_terms(text: str) -> frozenset[str]:
    """Lower-cased terms the text defines (quoted in brackets or before ``means``)."""
    terms = set()
    for m in _DEFINED.finditer(text):
        term = (m.group(1) or m.group(2)).strip().lower()
        terms.add(term.removeprefix("the "))
    return frozenset(terms)


def _line(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo : hi if hi != -1 else len(text)]


def is_non_name(text: str, start: int, end: int, terms: frozenset[str]) -> bool:
    """True when ``text[start:end]`` is a heading, defined term, label or abbreviation."""
    value = text[start:end].strip()
    if not value:
        return True
    line = _line(text, start, end)
    letters = [c for c in line if c.isalpha()]
    if (
        value.isupper()
        and letters
        and all(c.isupper() for c in letters)
        and (
            _NUMBERED.match(line)
            or len(value.split()) == 1
            or not _HEADING_WORDS.isdisjoint(_CAPS_WORD.findall(line.lower()))
        )
    ):
        # An all-caps heading line: `7. GOVERNING LAW AND JURISDICTION`, `DEFINITIONS`,
        # `TENANCY AGREEMENT`. A signature block's `LIM SWEE HOCK` line is not one.
        return True
    if _ABBREVIATION.fullmatch(value):
        return True  # `IP`, `NRIC`, `PDPA`
    if _LABEL_AFTER.match(text, end) and len(value.split()) == 1:
        return True  # `Signer:`, `Witness:`
    before = text[max(0, start - 1) : start]
    if before in ('"', "“", "'"):
        return True  # quoted: a term being defined
    low = value.lower().removeprefix("the ")
    return low in terms or low.rstrip("s'’") in terms


def drop_non_names(text: str, ner_hits: Sequence[_S], other_hits: Iterable[Span]) -> list[_S]:
    """``ner_hits`` minus headings, defined terms, labels, abbreviations and spans that overlap
    an organisation another recognizer found (by its legal suffix, the whole name)."""
    if not ner_hits:
        return []
    # A company found whole by its legal suffix, or a person found by the shape around the
    # name (`Witness: GRACE CHIA`), wins over NER's piece or type guess of the same words.
    orgs = [(h.start, h.end) for h in other_hits if h.entity_type in ("ORGANIZATION", "PERSON")]
    terms = defined_terms(text)
    kept = []
    for h in ner_hits:
        if any(s < h.end and h.start < e for s, e in orgs):
            continue
        if is_non_name(text, h.start, h.end, terms):
            continue
        kept.append(h)
    return kept
