"""Reference IP-address spans for the LogHub sample, counted from the data, not by piimap.

LogHub ships no PII labels, but its addresses are easy to count by hand-checkable rules that
share no code with ``recognizers.generic.ip_address``:

- every dotted quad whose four parts are 0-255 without zero padding, standing on its own: not
  inside a longer dotted or digit run (BGL's ``2005-06-03-15.42.50.675872``), nor part of a
  host name (``host129.206.196.21.example.com``, ``static-059.45.101.203.example.net``,
  whose reversed digits are a name, not an address);
- except the unspecified ``0.0.0.0``, a quad right after the word ``version`` (Windows'
  ``wcp.dll version 0.0.0.6``) and one after a ``~`` (the version field of a Windows package
  identity, ``Package_for_KB2479943~31bf…~amd64~~6.1.1.0``);
- every IPv6 address ``ipaddress`` accepts in a run of hex digits and colons
  (``2607:F140:6000:0008:…``), after an interface name (``v6(en0:2607:…)``) too.

Whatever sits around an address (``host/``, ``/``, ``[``, ``:port``, ``rhost=``) does not
matter. ``ip_scores(folder, predictions)`` gives precision and recall of piimap's
``IP_ADDRESS`` findings against these spans (a finding overlapping a reference span is a hit).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_QUAD = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\w)")
# A run may follow an interface name (`v6(en0:2607:f140:…)`), which is not part of it.
_V6_RUN = re.compile(
    r"(?:(?<![\w:])|(?<=\b[a-z]{2}\d:))[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?![\w:])"
)
_VERSION = re.compile(r"(?:version\s*[=:]?\s*|~)$", re.IGNORECASE)


def reference_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every address in ``text`` by the rules in the module docstring."""
    spans = []
    for m in _QUAD.finditer(text):
        parts = m.group().split(".")
        if (
            any(int(p) > 255 or (p[0] == "0" and len(p) > 1) for p in parts)
            or m.group() == "0.0.0.0"
        ):
            continue
        if _VERSION.search(text, max(0, m.start() - 12), m.start()):
            continue
        spans.append(m.span())
    for m in _V6_RUN.finditer(text):
        run, start = m.group(), m.start()
        if run.count(":") < 2:
            continue
        try:
            address = ipaddress.IPv6Address(run)
        except ValueError:
            continue
        if not address.is_unspecified and any(c.isdigit() for c in run):
            spans.append((start, m.end()))
    return sorted(spans)


def ip_scores(folder: Path, predictions: Iterable[Mapping[str, Any]]) -> dict[str, float | int]:
    """Precision and recall of ``IP_ADDRESS`` predictions (``path`` relative to ``folder``)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for row in predictions:
        if row["entity_type"] == "IP_ADDRESS":
            found.setdefault(row["path"], []).append((int(row["start"]), int(row["end"])))
    tp = fp = fn = 0
    for path in sorted(p for p in folder.rglob("*.log") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        truth = reference_spans(path.read_bytes().decode("utf-8", errors="replace"))
        preds = sorted(found.get(rel, []))
        matched = [False] * len(truth)
        for start, end in preds:
            hit = next(
                (i for i, (a, b) in enumerate(truth) if a < end and start < b and not matched[i]),
                None,
            )
            if hit is None:
                fp += 1
            else:
                matched[hit] = True
                tp += 1
        fn += matched.count(False)
    return {
        "reference": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }


def loghub_ip_line(ref: Mapping[str, Any]) -> str:
    """One Markdown line: IP precision and recall against the reference spans."""
    return (
        f"LogHub IP_ADDRESS against the data's own count ({ref['reference']:,} addresses, "
        f"bench/loghub_truth.py): precision {ref['precision']:.3f}, recall "
        f"{ref['recall']:.3f} ({ref['fp']} false, {ref['fn']} missed)."
    )
