"""Detect stage: the text recognizers see, with a map back to the raw text's offsets.

Values reach logs and exports in shapes no recognizer pattern should have to know about:
terminal colour codes around them (``nric \\x1b[31mS1234567D\\x1b[0m``, the normal shape of a
failing test's output piped into ``piimap check -``), invisible format characters inside them
(zero-width space, soft hyphen), full-width or other-script digits (``Ｓ１２３４５６７Ｄ``), and
percent-encoding in URLs, query strings and form bodies (``mobile=%2B6591234567``). One
transform, applied once per segment before any recognizer runs, removes all of these:

- ANSI/VT escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes, C1 CSI)
  are dropped (ECMA-48 section 5.4 and 8.3.89 give their shapes);
- Unicode format characters (general category ``Cf``: ZWSP, ZWJ, soft hyphen, BOM, bidi
  controls) are dropped;
- every other non-ASCII character goes through NFKC (full-width forms, ligatures, NBSP), and
  decimal digits of any script become ASCII digits;
- ``%XX`` runs are decoded as UTF-8 (RFC 3986 section 2.1), one character per encoded
  character, so a match inside a decoded run still maps to exactly its own ``%XX`` triplets.
  Decoded control characters become spaces; a run that is not valid UTF-8 stays as written.
  ``+`` is left alone: it means space only in form bodies and it starts phone numbers.

Findings keep the raw span (so ``line``, ``start`` and ``end`` point at the bytes in the file)
while their value is the normalized text, so hashing and masking see the value a person would
read and ``locate`` with the plain value finds it. ASCII text without ``ESC`` or ``%XX`` (almost
every log line) is returned as it is, without a copy.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

# Lengths are bounded so a crafted unterminated sequence costs a bounded scan per ESC. Each
# pattern starts with a literal (or is one character class), which the regex engine searches
# for fast; one alternation of all three would be tried at every position (ten times slower).
_ANSI = re.compile(
    r"\x1b(?:"
    r"\[[0-?]{0,64}[ -/]{0,8}[@-~]"  # CSI: colours, cursor moves
    r"|\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|[PX^_][^\x1b]{0,4096}(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|[ -/]{0,8}[0-~]"  # two-character escapes (charset selection, ESC 7, ...)
    r")?"  # or a lone ESC
)
_C1_CSI = re.compile(r"\x9b[0-?]{0,64}[ -/]{0,8}[@-~]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")
_NON_ASCII = re.compile(r"[^\x00-\x7f\x9b]+")
# `regex` knows Unicode properties (`re` does not): Cf is the format-character category.
_FORMAT_OR_DIGIT = regex.compile(r"\p{Cf}|(?![0-9])\d")


@dataclass(frozen=True)
class NormalizedText:
    """``text`` for the recognizers and the edits that made it from ``raw``.

    Each edit says that ``text[ns:ne]`` stands for ``raw[rs:re]``; outside edits the two texts
    agree character for character (shifted by the edits before).
    """

    raw: str
    text: str
    _ns: list[int] = field(default_factory=list)
    _ne: list[int] = field(default_factory=list)
    _rs: list[int] = field(default_factory=list)
    _re: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self._ns)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of ``text[start:end]``: every raw character it came from, and no
        dropped escape sequence or format character before or after it."""
        if not self._ns:
            return start, end
        i = bisect_right(self._ns, start) - 1
        if i < 0:
            raw_start = start
        elif start < self._ne[i]:
            raw_start = self._rs[i]
        else:
            raw_start = self._re[i] + (start - self._ne[i])
        if end <= start:
            return raw_start, raw_start
        j = bisect_left(self._ns, end) - 1
        if j < 0:
            raw_end = end
        elif end <= self._ne[j]:
            raw_end = self._re[j]
        else:
            raw_end = self._re[j] + (end - self._ne[j])
        return raw_start, raw_end

    def cuts_a_character(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` begins or ends inside what one raw character became
        (NFKC makes ``¼`` three characters, ``1⁄4``): such a match is in no raw text, since its
        raw span would hold the whole character and its value only a part."""
        return self._inside_an_edit(start) or self._inside_an_edit(end)

    def _inside_an_edit(self, pos: int) -> bool:
        i = bisect_right(self._ns, pos) - 1
        return i >= 0 and self._ns[i] < pos < self._ne[i]


def _wide_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":
        return ""
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    return unicodedata.normalize("NFKC", ch)


def _decoded_chars(run: str) -> list[tuple[str, int]]:
    """(character, raw length) for each character a ``%XX`` run encodes."""
    data = bytes.fromhex(run.replace("%", ""))
    try:
        decoded = data.decode("utf-8")
    except ValueError:
        # Not UTF-8 as a whole: decode only the ASCII bytes, leave the others as written.
        return [
            (chr(b), 3) if 0x20 <= b < 0x7F else (run[3 * i : 3 * i + 3], 3)
            for i, b in enumerate(data)
        ]
    out = []
    for ch in decoded:
        n = len(ch.encode("utf-8")) * 3
        if ch < " " or ch == "\x7f" or "\x80" <= ch <= "\x9f":
            out.append((" ", n))
        else:
            out.append((_wide_char(ch) if not ch.isascii() else ch, n))
    return out


def normalize_for_detection(raw: str) -> NormalizedText:
    """Return the text recognizers should see, with its offset map (see the module doc)."""
    ascii_only = raw.isascii()
    has_esc, has_pct = "\x1b" in raw, "%" in raw
    if ascii_only and not has_esc and not has_pct:
        return NormalizedText(raw, raw)
    pieces: list[tuple[int, int, str, re.Match[str]]] = []  # (start, priority, kind, match)
    if has_esc:
        pieces += [(m.start(), 0, "ansi", m) for m in _ANSI.finditer(raw)]
    if not ascii_only and "\x9b" in raw:
        pieces += [(m.start(), 0, "ansi", m) for m in _C1_CSI.finditer(raw)]
    if has_pct:
        pieces += [(m.start(), 1, "pct", m) for m in _PERCENT.finditer(raw)]
    if not ascii_only:
        pieces += [(m.start(), 2, "wide", m) for m in _NON_ASCII.finditer(raw)]
    if not pieces:
        return NormalizedText(raw, raw)
    pieces.sort(key=lambda p: (p[0], p[1]))
    out: list[str] = []
    ns: list[int] = []
    ne: list[int] = []
    rs: list[int] = []
    re_: list[int] = []
    raw_pos = 0  # raw text copied up to here
    norm_len = 0
    covered = 0  # pieces inside an escape sequence (an OSC payload) are part of it

    def edit(raw_start: int, raw_end: int, replacement: str) -> None:
        nonlocal norm_len, raw_pos
        if raw_start > raw_pos:
            out.append(raw[raw_pos:raw_start])
            norm_len += raw_start - raw_pos
        ns.append(norm_len)
        rs.append(raw_start)
        re_.append(raw_end)
        out.append(replacement)
        norm_len += len(replacement)
        ne.append(norm_len)
        raw_pos = raw_end

    for start, _, kind, m in pieces:
        if start < covered:
            continue
        covered = m.end()
        if kind == "ansi":
            edit(start, m.end(), "")
        elif kind == "pct":
            pos = start
            for ch, n in _decoded_chars(m.group()):
                if ch != raw[pos : pos + n]:
                    edit(pos, pos + n, ch)
                pos += n
        else:
            run = m.group()
            if unicodedata.is_normalized("NFKC", run) and not _FORMAT_OR_DIGIT.search(run):
                continue
            for k, ch in enumerate(run):
                new = _wide_char(ch)
                if new != ch:
                    edit(start + k, start + k + 1, new)
    if not ns:
        return NormalizedText(raw, raw)
    out.append(raw[raw_pos:])
    return NormalizedText(raw, "".join(out), ns, ne, rs, re_)


__all__ = ["NormalizedText", "normalize_for_detection"]
