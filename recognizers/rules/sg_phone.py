"""Phone number rules, Singapore first: libphonenumber validation plus log-text guards.

Matching and validity are `phonenumbers`' (Google's libphonenumber metadata, region SG): what
its PhoneNumberMatcher would find. On the hot path a plain run (digits in up to four groups)
is read directly, SG numbers off the numbering-plan table in `recognizers.normalize` (pinned
to libphonenumber's SG metadata by a test, so a library update that moves a range fails there),
and the matcher's inner matches are emulated; the matcher itself runs only on the rest. A
loose SG shape only proposes spans the matcher gives up on. Numbers with a `+` country code
are found for any country. Log text is full of digit runs that happen to be
valid SG numbers, so a match is dropped when it is glued to a longer token: a timestamp,
UUID, hex hash, decimal, version string, IP address or a `.digit` / `-digit` run.

Scores: international (`+65 …`, `0065 …`, `(65) …`) 0.6; locally formatted (`9123 4567`,
`6123-4567`, `1800 123 4567`) and an 11-digit toll-free, premium or VoIP run (`70001234567`)
0.5; a bare run (`91234567`) 0.2, below the 0.3 reporting
threshold, so only a phone context word nearby (Presidio's enhancer or piimap's scanner,
both reading `self.context`) lifts it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from phonenumbers import CountryCodeSource, Leniency, NumberParseException

from recognizers.normalize import SG_NATIONAL_NUMBER, is_sg_number, read_sg_written
from recognizers.rules.base import ScoredSpan
from recognizers.rules.loader import builtin_span_rule

# libphonenumber reads SG's `00X` as the international prefix, so `0065 9123 4567` does not
# parse with region SG. Rewriting `00` to ` +` keeps every offset: `0065…` -> ` +65…`.
# Only `0065` directly followed by 8 digits, or `00` + a country code followed by a
# separator, are rewritten, so zero-padded ids (`004412345678`) stay digit runs.
# The look-behind comes after the `00` (so the engine searches for the literal first).
_IDD_00 = re.compile(r"00(?<![\w.+\-]00)(?=65\d{8}(?!\d)|[1-9]\d{0,2}[ \-]\d)")

# A character on either side that makes the match part of a longer token.
_GLUE_LEFT = (
    re.compile(r"[0-9A-Za-z_][.\-/]$"),  # 1.91234567, ab-91234567, users/91234567
    re.compile(r"\d[:]$"),  # 10:91234567 (timestamps); `tel:` stays allowed
)
_GLUE_RIGHT = re.compile(r"^[.\-:/]\w")  # 91234567.5, 91234567-12, 91234567:80
# A space-separated neighbour made of digits or hex (>= 4 chars, at least one digit):
# `20240115 91234567`, hex dumps `0000: 9123 4567 89ab`.
_NUMBER_NEIGHBOUR_LEFT = re.compile(r"(?:^|\s)(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{4,}[ \t]$")
_NUMBER_NEIGHBOUR_RIGHT = re.compile(r"^[ \t](?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]{4,}(?:\s|$)")
_PLAIN_DECIMAL = re.compile(r"^\d+[.,]\d+$")
# Fallback candidate shape for SG numbers (validity is still checked by phonenumbers).
# The leading look-aheads in this and the next pattern change no match (every match begins
# so); they spare the look-behinds at each position that cannot start one.
_SG_SHAPE = re.compile(
    r"(?=[+(\d])(?<![\w+])(?:\+65[ \-]?|\(65\)[ \-]?)?"
    r"(?:\d{4}[ \-]?\d{4}|1[89]00[ \-]?\d{3}[ \-]?\d{4}|7000[ \-]?\d{4}[ \-]?\d{3})(?!\w)"
)
# Where the matcher is worth running: a run of at least seven digits (no phone number is
# shorter), with separators the matcher accepts, that is not glued to a longer token on either
# side by the same rules `_glued` applies to a match. The matcher walks every digit group of
# the text and parses each one, which costs far more than this scan; running it only on these
# runs also keeps it under its per-call try limit on megabyte-sized log chunks.
_PHONE_RUN = re.compile(
    r"(?=[+(\uff0b\uff08]?\d)(?<!\w)(?<!\w[./\-])(?<!\d:)[+(\uff0b\uff08]?\d"
    r"(?:[ \t\u00a0\-./()\[\]~\u2010-\u2015\u2212\u30fc\uff0d\uff0f\uff08\uff09]{0,3}\d){6,}"
    r"(?!\w)(?![.\-:/]\w)"
)
_SG_LONG_BARE = re.compile(r"(?:1800|1900|7000)\d{7}")
_OPENERS = "+(\uff0b\uff08"


# A digit group starting 3, 6, 8 or 9 with eight digits from it on, or 1800, 1900 or 7000 with
# eleven (800 and 65 start with 8 and 6 and need more digits still): one regex call per run.
_SG_NUMBER_START = re.compile(r"(?<!\d)(?:[3689](?:\D*\d){7}|(?:1[89]00|7000)(?:\D*\d){7})")


def _could_hold_sg_number(window: str) -> bool:
    """Cheap shape test before the (slow) matcher on a run with no `+` or bracket.

    With region SG, a number written without a country-code sign can only begin with a group
    starting 3, 6, 8 or 9 (8 digits), 1800/1900 (11), 800 (10) or 65 (10, the code without
    `+`), with that many digits left in the run. `200 86849` (status and size in an access
    log) cannot, so the matcher is skipped for it. Runs with `+`, `00` (rewritten to `+`
    before this) or a bracket always go to the matcher.
    """
    return window[0] in _OPENERS or _SG_NUMBER_START.search(window) is not None


_CC_WITHOUT_PLUS = CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN
# Behind SG's international prefix `0[0-3]x`, `parse` reads another country's number, and no
# country code with a valid national number has fewer than this many digits (`+43` with a
# four-digit Austrian number; the test reads the bound off the metadata).
MIN_INTERNATIONAL_DIGITS = 6
_SG_IDD_NUMBER = re.compile(rf"0[0-3][0-9]{{{1 + MIN_INTERNATIONAL_DIGITS}}}")


def _holds_no_sg_number(digits: str) -> bool:
    """True when no run of ``digits`` can read as a valid number with region SG: none is in an
    SG range (a leading `65` only strips to a shorter run) and none starts with the
    international prefix. Any number the matcher finds in a text without `+` is such a run."""
    return SG_NATIONAL_NUMBER.search(digits) is None and _SG_IDD_NUMBER.search(digits) is None


def _digits_of(run: str) -> str:
    return run.replace(" ", "").replace("-", "").replace(".", "")


_IPV4_RUN = re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)")
_SHORT_TAIL = re.compile(r"\d[\s\-.]\d{1,2}$")
_SEPARATOR = re.compile(r"\d[\s\-.]+\d")
_WINDOW = 40
_WITH_COUNTRY_CODE = frozenset(
    {
        CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        CountryCodeSource.FROM_NUMBER_WITH_IDD,
        _CC_WITHOUT_PLUS,
    }
)


# Memoised snippets are at most this long (a phone number with its separators is far shorter).
_MEMO_MAX_CHARS = 128
# (start, end, valid, region, country-code source); region and source only when valid.
# phonenumbers' Leniency and CountryCodeSource are classes of int constants, typed as int.
_Candidate = tuple[int, int, bool, "str | None", "int | None"]


@lru_cache(maxsize=16384)
def _worth_matching(run: str) -> bool:
    # `65.91.234.156` is an address, though its digits dial in SG.
    return not _IPV4_RUN.fullmatch(run) and _could_hold_sg_number(run)


# A run the matcher reads as one whole candidate: an optional `+`, then up to four digit groups
# split by single spaces or hyphens, with at most one character either side (the snippet).
_PLAIN_RUN = re.compile(r"([^0-9+]?)((?:\+|\(65\) ?)?[0-9]+(?:[ \-.][0-9]+){0,3})([^0-9]?)")
# libphonenumber's own guards (phonenumbermatcher.py, `_TIME_STAMPS`, `_LEAD_CLASS`,
# `_is_invalid_punctuation_symbol`, `_is_latin_letter`): a plain run they might reject, or a
# neighbour that could start or end a longer candidate, goes to the matcher.
_TIME_STAMP_TAIL = re.compile(r"[12]\d{3}[-/]?[01]\d[-/]?[0-3]\d +[0-2]\d$")
_MATCHER_LEAD = frozenset("(\uff08\uff3b[+\uff0b")
_PLAIN_RUN_MAX_CHARS = 20


@lru_cache(maxsize=64)
def _needs_national_prefix(region: str) -> bool:
    """True when a number written without a country code may need the region's national prefix
    (libphonenumber's `_is_national_prefix_present_if_required` then reads the raw input). SG's
    metadata has no national prefix, so this is False for SG."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata is None or any(
        f.national_prefix_formatting_rule for f in metadata.number_format
    )


def _odd_neighbour(char: str) -> bool:
    """A character next to a run that the matcher treats specially (letters, `%`, currency
    symbols, `#` extensions)."""
    return bool(char) and (char.isalnum() or char in "%#_" or unicodedata.category(char) == "Sc")


def _direct_span(snippet: str, region: str, leniency: int) -> tuple[_Candidate, ...] | None:
    """What ``PhoneNumberMatcher`` finds in a plain run, from one ``parse`` and
    ``is_valid_number`` on the run (no candidate search, no inner-match retries); None when the
    run is not plain or does not hold a valid number, and the matcher must decide.

    For a plain run the matcher's candidate is the run itself, and at ``Leniency.VALID`` it keeps
    it when the number is valid (it holds no `x`, and the national-prefix check passes when the
    number has a country code or the region has no national prefix). An invalid run of digits
    alone gives nothing (the matcher's inner matches split at separators and brackets); for an
    invalid run with separators the matcher looks for inner matches, so it decides.
    """
    if leniency != Leniency.VALID or len(snippet) > _PLAIN_RUN_MAX_CHARS + 2:
        return None
    plain = _PLAIN_RUN.fullmatch(snippet)
    if plain is None:
        return None
    before, run, after = plain.groups()
    # After `[` the matcher's candidate starts at the bracket: only "nothing here" is answered.
    bracketed = before == "["
    if (before in _MATCHER_LEAD and not bracketed) or _odd_neighbour(before):
        return None
    if _odd_neighbour(after) or _TIME_STAMP_TAIL.search(run):
        return None
    # Without a separator the matcher has no inner match to try: an invalid run gives nothing.
    unsplit: tuple[_Candidate, ...] | None = () if run.lstrip("+").isdigit() else None
    read = read_sg_written(run) if region == "SG" else None
    if read is not None:
        national, source = read
        if is_sg_number(national):
            # `(65) 9123 4567`: the matcher keeps the bracket, and reads the code as written.
            return (
                None if bracketed else ((len(before), len(before) + len(run), True, "SG", source),)
            )
        if run[0] == "(":
            return None  # the matcher's inner matches split at brackets
        found = unsplit if unsplit is not None else _inner_spans(before, run, after)
        return None if bracketed and found != () else found
    if bracketed:
        return None
    try:
        number = phonenumbers.parse(run, region, keep_raw_input=True)
    except NumberParseException:
        return unsplit
    if not phonenumbers.is_valid_number(number):
        return unsplit
    source = number.country_code_source
    if source == CountryCodeSource.FROM_DEFAULT_COUNTRY and _needs_national_prefix(region):
        return None
    region_code = phonenumbers.region_code_for_number(number)
    start = len(before)
    return ((start, start + len(run), True, region_code, source),)


def _inner_spans(before: str, run: str, after: str) -> tuple[_Candidate, ...] | None:
    """What the matcher finds in a plain SG run with separators that is not valid as a whole
    (``_direct_span``): its inner matches, or None when only the matcher can tell.

    The matcher then tries the run's pieces on their own, in order: split at dots when it has
    any (`\\.+\\s*([^.]+)` in its `_INNER_MATCHES`), else at spaces (`\\s+(\\S+)`); a run
    split by hyphens alone has no inner match. The first piece that is a valid number is the
    match, and the search goes on after it (the rest of the run is a new candidate)."""
    if run[0] != "+" and _holds_no_sg_number(_digits_of(run)):
        return ()  # no run of its digits can be a number, so no piece is one
    if "." in run:
        if " " in run:
            return None
        pieces = run.split(".")
    else:
        pieces = run.split(" ")
    if len(pieces) == 1:
        return ()
    offset = len(before)
    for piece in pieces:
        read = read_sg_written(piece)
        if read is None:
            return None
        national, source = read
        if is_sg_number(national):
            end = offset + len(piece)
            found: _Candidate = (offset, end, True, "SG", source)
            rest = run[end - len(before) :]
            if not rest:
                return (found,)
            # The rest, from the separator after the piece, is searched as a new candidate.
            after_piece = _direct_span(rest + after, "SG", Leniency.VALID)
            if after_piece is None:
                return None
            return (found,) + tuple(
                (end + start, end + stop, valid, region, cc)
                for start, stop, valid, region, cc in after_piece
            )
        offset += len(piece) + 1
    return ()


@lru_cache(maxsize=16384)
def _matcher_spans(snippet: str, region: str, leniency: int) -> tuple[_Candidate, ...]:
    """The matcher's spans in ``snippet``, each with its number's validity, region and how the
    country code was written (see ``_Candidate``); a plain run is read directly
    (``_direct_span``), with the same answer."""
    direct = _direct_span(snippet, region, leniency)
    if direct is not None:
        return direct
    if leniency == Leniency.VALID and region == "SG" and _holds_no_number_read(snippet):
        return ()  # at VALID the matcher keeps valid numbers only, and none fits in here
    return _library_matcher_spans(snippet, region, leniency)


_NOT_DIGIT = re.compile(r"[^0-9]+")


def _holds_no_number_read(snippet: str) -> bool:
    """True when nothing in ``snippet`` can parse as a valid number with region SG: it is ASCII
    without `+` (so every number is read from a run of its digits, never from another country
    code) and no run of its digits can be one (``_holds_no_sg_number``)."""
    return (
        snippet.isascii()
        and "+" not in snippet
        and _holds_no_sg_number(_NOT_DIGIT.sub("", snippet))
    )


def _library_matcher_spans(snippet: str, region: str, leniency: int) -> tuple[_Candidate, ...]:
    """``_matcher_spans`` from ``PhoneNumberMatcher`` itself (any snippet)."""
    spans: list[_Candidate] = []
    for match in phonenumbers.PhoneNumberMatcher(snippet, region, leniency=leniency):
        start, end = match.start, match.end
        extension = match.number.extension
        if extension and snippet[start:end].endswith(extension):
            # The number, not its extension: libphonenumber reads `~0`, `#12`, `x3` after a
            # number as an extension, which would glue `)~0` to the span.
            end -= len(extension)
            while end > start and not snippet[end - 1].isdigit():
                end -= 1
        if not phonenumbers.is_valid_number(match.number):
            spans.append((start, end, False, None, None))
            continue
        # analyze drops an unclosed leading bracket, so the source is read without it (the
        # matcher's own number does not keep its country-code source).
        unclosed = snippet[start] == "(" and ")" not in snippet[start:end]
        source = _country_code_source(snippet[start + unclosed : end], region)
        region_code = phonenumbers.region_code_for_number(match.number)
        spans.append((start, end, True, region_code, source))
    return tuple(spans)


@lru_cache(maxsize=16384)
def _parsed_number(candidate: str, region: str) -> _Candidate | None:
    """``candidate`` parsed on its own as a ``_Candidate`` at 0, or None when it does not parse
    (an SG number written in ASCII is read off the numbering plan: not valid when it would not
    parse)."""
    read = read_sg_written(candidate) if region == "SG" else None
    if read is not None:
        national, source = read
        if not is_sg_number(national):
            return 0, len(candidate), False, None, None
        return 0, len(candidate), True, "SG", source
    try:
        number = phonenumbers.parse(candidate, region, keep_raw_input=True)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return 0, len(candidate), False, None, None
    region_code = phonenumbers.region_code_for_number(number)
    return 0, len(candidate), True, region_code, number.country_code_source


@lru_cache(maxsize=16384)
def _country_code_source(candidate: str, region: str) -> int:
    """How the country code was written: `+65`, IDD `00…`, bare `65…`, or not at all."""
    try:
        parsed = phonenumbers.parse(candidate, region, keep_raw_input=True)
    except NumberParseException:
        return CountryCodeSource.UNSPECIFIED
    return parsed.country_code_source


INTERNATIONAL_SCORE = 0.6
FORMATTED_SCORE = 0.5
BARE_SCORE = 0.2


# Characters a phone run (``_PHONE_RUN``) or SG shape (``_SG_SHAPE``) is made of, besides
# decimal digits (what ``\d`` matches in a ``str`` pattern: ``str.isdecimal``).
_RUN_CHARS = frozenset(
    "+( \t\u00a0-./)[]~\uff0b\uff08\uff09\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
    "\u30fc\uff0d\uff0f"
)
_RUN_STRETCH = re.compile(
    r"[\d+( \t\u00a0\-./)\[\]~\uff0b\uff08\uff09\u2010-\u2015\u2212\u30fc\uff0d\uff0f]+"
)
Stretch = tuple[int, int]


# Stretches this close are searched as one window (one regex call instead of two).
_STRETCH_GAP = 64


def _run_stretches(text: str, ends: list[int]) -> list[Stretch]:
    """Windows of ``text`` made of the maximal runs of phone characters holding ``text[e - 1]``
    for each ``e`` in ``ends`` (sorted), nearby ones merged with the text between them: every
    phone match lies inside such a run, and holds a candidate. Each window starts at a run's
    start and ends at a run's end. The ends inside a run just found are skipped in one step
    (a digit run reports an end at every digit past its seventh)."""
    stretches: list[Stretch] = []
    covered, n, i, count = -1, len(text), 0, len(ends)
    while i < count:
        at = ends[i] - 1
        i += 1
        if at < covered or at >= n:
            continue
        char = text[at]
        if not (char.isdecimal() or char in _RUN_CHARS):
            continue
        stretch = _RUN_STRETCH.match(text, at)
        hi = stretch.end() if stretch is not None else at + 1
        if stretches and at - covered <= _STRETCH_GAP:
            stretches[-1] = (stretches[-1][0], hi)
        else:
            stretches.append((_run_start(text, at, max(covered, 0)), hi))
        covered = hi
        i = bisect_right(ends, hi, i)  # every end up to `hi` lies in this run
    return stretches


def _run_start(text: str, at: int, floor: int) -> int:
    """Where the run of phone characters holding ``text[at]`` starts (not before ``floor``)."""
    lo = at
    while lo > floor:
        piece = text[max(floor, lo - _STRETCH_GAP) : lo][::-1]
        back = _RUN_STRETCH.match(piece)
        taken = back.end() if back is not None else 0
        lo -= taken
        if taken < len(piece):
            break
    return lo


def _finditer_in(
    pattern: re.Pattern[str], text: str, stretches: list[Stretch] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches lie inside phone stretches: each
    stretch is searched from its start (a non-phone character before it, so no match crosses
    it; look-behinds still see the text before) up to two characters past its end (what the
    look-aheads read), and only matches starting inside it count."""
    if stretches is None:
        yield from pattern.finditer(text)
        return
    n = len(text)
    for lo, hi in stretches:
        for match in pattern.finditer(text, lo, min(n, hi + 2)):
            if match.start() >= hi:
                break
            yield match


def phone_spans(
    text: str,
    region: str = "SG",
    leniency: int = Leniency.VALID,
    candidate_ends: list[int] | None = None,
) -> list[tuple[int, int, float, str, str | None]]:
    """Valid phone numbers that stand as their own token: ``(start, end, score, kind,
    number region)`` in text order, ``kind`` one of international, formatted, bare_long, bare.

    ``candidate_ends`` (sorted end offsets of the rule's one-pass candidates, plus the end of
    every non-ASCII character) limits the search to the phone stretches holding them, with
    the same results: every match holds a candidate or a non-ASCII
    character, and lies inside a stretch of phone characters."""
    shadow = _IDD_00.sub(" +", text)
    stretches = None if candidate_ends is None else _run_stretches(text, candidate_ends)
    results = []
    for start, end, valid, number_region, source in _candidates(
        shadow, region, leniency, stretches
    ):
        if not valid:
            continue
        if shadow[start] == "(" and ")" not in shadow[start:end]:
            start += 1  # the matcher keeps an unclosed bracket: `(6123 4567`
        if shadow[start] == "+" and text[start] != "+":
            start -= 1  # back to the first `0` of a rewritten `00`
        raw = text[start:end]
        if _PLAIN_DECIMAL.match(raw) or _glued(text, start, end):
            continue
        if not raw.startswith("+") and _SHORT_TAIL.search(raw):
            continue  # `65310000-12`: a number with a `-12` suffix, not `65 3100 0012`
        formatted = bool(_SEPARATOR.search(raw)) or raw.startswith("(")
        if source in _WITH_COUNTRY_CODE and (source != _CC_WITHOUT_PLUS or formatted):
            score, kind = INTERNATIONAL_SCORE, "international"
        elif formatted:
            score, kind = FORMATTED_SCORE, "formatted"
        elif _SG_LONG_BARE.fullmatch(raw) and number_region == "SG":
            # 11 digits in SG's toll-free, premium or VoIP ranges: long and specific enough
            # to stand alone (`18001234567`, `70001234567`), unlike an 8-digit run.
            score, kind = FORMATTED_SCORE, "bare_long"
        else:
            score, kind = BARE_SCORE, "bare"  # `91234567`, `6591234567`
        results.append((start, end, score, kind, number_region))
    return sorted(results, key=lambda found: found[0])


def _candidates(
    shadow: str, region: str, leniency: int, stretches: list[Stretch] | None = None
) -> list[_Candidate]:
    """Matcher spans, plus SG-shaped spans the matcher gave up on, each with its validity,
    region and country-code source (read without an unclosed leading bracket).

    The matcher drops a number whose candidate run swallows trailing text (`6123 4567) 2`
    is read as one invalid candidate); the fallback shape only proposes spans, and
    validity still comes from the library. Both are memoised per snippet: logs repeat
    the same numbers, and the matcher's answer depends on the snippet alone.
    """
    found: list[_Candidate] = []
    for window in _finditer_in(_PHONE_RUN, shadow, stretches):
        run = window.group()
        # Long runs (a digit dump) are not memoised: the cache would hold them in memory.
        memo = len(run) <= _MEMO_MAX_CHARS
        if not (_worth_matching(run) if memo else _worth_matching.__wrapped__(run)):
            continue
        # The matcher sees one character either side, as it would in the whole text.
        lo, hi = max(0, window.start() - 1), min(len(shadow), window.end() + 1)
        spans_in = _matcher_spans if memo else _matcher_spans.__wrapped__
        found.extend(
            (lo + start, lo + end, valid, number_region, source)
            for start, end, valid, number_region, source in spans_in(
                shadow[lo:hi], region, leniency
            )
        )
    # Matcher spans come in text order without overlaps, so their ends are sorted too.
    starts = [span[0] for span in found]
    ends = [span[1] for span in found]
    for match in _finditer_in(_SG_SHAPE, shadow, stretches):
        start, end = match.span()
        i = bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        assessed = _parsed_number(match.group(), region)
        if assessed is not None:
            found.append((start, end, *assessed[2:]))
    return found


def _glued(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer token (see module docstring)."""
    left = text[max(0, start - _WINDOW) : start]
    right = text[end : end + _WINDOW]
    if left and (left[-1].isalnum() or left[-1] == "_"):
        return True
    if right and (right[0].isalnum() or right[0] == "_"):
        return True
    if any(rule.search(left) for rule in _GLUE_LEFT) or _GLUE_RIGHT.match(right):
        return True
    return bool(_NUMBER_NEIGHBOUR_LEFT.search(left) or _NUMBER_NEIGHBOUR_RIGHT.match(right))


def sg_phone_spans(text: str) -> list[ScoredSpan]:
    """``phone_spans`` with region SG, as ``(start, end, score, metadata)``: the metadata
    carries the shape and region only, never the number itself."""
    return _scored(phone_spans(text))


def sg_phone_spans_at(text: str, candidate_ends: list[int]) -> list[ScoredSpan]:
    """``sg_phone_spans`` searched only around the one-pass candidates (see ``phone_spans``)."""
    return _scored(phone_spans(text, candidate_ends=candidate_ends))


def _scored(found: list[tuple[int, int, float, str, str | None]]) -> list[ScoredSpan]:
    return [
        (start, end, score, {"phone_format": kind, "phone_region": number_region})
        for start, end, score, kind, number_region in found
    ]


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
SG_PHONE = builtin_span_rule("SgPhoneRecognizer")
