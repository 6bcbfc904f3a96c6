"""Presidio's ``remove_duplicates`` on plain ``(start, end, score)`` spans of one entity type.

A scanner that runs a ``PatternRecognizer``'s patterns itself (no per-match result objects) must
drop the same matches ``PatternRecognizer.analyze`` drops, or its findings would differ from the
recognizer's. The fast-path hooks (``FAST_PATH_PRECHECK`` / ``FAST_PATH_POSTFILTER`` /
``FAST_PATH_SPANS`` on a recognizer class, see ``recognizers/__init__.py``) exchange spans in
this form.
"""

from __future__ import annotations

from itertools import pairwise

Span = tuple[int, int, float]


def remove_duplicate_spans(spans: list[Span]) -> list[Span]:
    """Zero scores, repeats and spans contained in one with an equal or higher score removed."""
    ordered = sorted(set(spans))
    # The usual case: no two spans overlap, so none can contain another.
    if all(a[1] <= b[0] for a, b in pairwise(ordered)) and all(s[2] for s in ordered):
        return ordered
    ordered.sort(key=lambda s: (s[0], -(s[1] - s[0]), -s[2]))
    kept: list[Span] = []
    active: list[Span] = []
    for span in ordered:
        start, end, score = span
        if score == 0:
            continue
        active = [a for a in active if a[1] >= start]
        if any(start >= a[0] and end <= a[1] and score <= a[2] for a in active):
            continue
        kept.append(span)
        active.append(span)
    return kept
