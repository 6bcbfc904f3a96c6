"""SgPhoneRecognizer: SG formats, international numbers, log-text hard negatives, context."""

import random
import re
from functools import partial

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import Leniency

from recognizers import normalize
from recognizers.rules import sg_phone
from recognizers.sg.phone import SgPhoneRecognizer
from tests.fixtures.recognizers import analyzer_for, spans

INTL = SgPhoneRecognizer.INTERNATIONAL_SCORE
FORMATTED = SgPhoneRecognizer.FORMATTED_SCORE
BARE = SgPhoneRecognizer.BARE_SCORE

# Valid-by-metadata numbers: SG ranges from libphonenumber's PhoneNumberMetadata for SG
# (mobile 8/9, fixed 6, toll-free 1800); the foreign ones are the libphonenumber / Ofcom /
# NANP example numbers commonly used in its tests.
TABLE = [
    ("+65 9123 4567", [(0, 13)], INTL),
    ("x +6591234567 y", [(2, 13)], INTL),
    ("tel (65) 8123 4567.", [(4, 18)], INTL),
    ("reach 0065 9123 4567", [(6, 20)], INTL),
    ("reach 0065-9123-4567", [(6, 20)], INTL),
    ("office 6123-4567", [(7, 16)], FORMATTED),
    ("hp 9123 4567", [(3, 12)], FORMATTED),
    ("toll free 1800 123 4567", [(10, 23)], FORMATTED),
    ("hp 91234567", [(3, 11)], BARE),
    ("a,91234567,b", [(2, 10)], BARE),
    ("UK +44 20 7946 0958", [(3, 19)], INTL),
    ("US +1 415 555 2671", [(3, 18)], INTL),
    ("CN +86-400-087-8198", [(3, 19)], INTL),
    ("tel:+6591234567", [(4, 15)], INTL),
    ("+65 9123 4567, 6123 4567", [(0, 13), (15, 24)], None),
    ("hp 91234567.", [(3, 11)], BARE),
    ("(tel 6123 4567) 2 lines", [(5, 14)], FORMATTED),  # the matcher alone drops this one
    ("(+65 6123 4567) 2", [(1, 14)], INTL),
    # never inside longer tokens
    ("91234567891", [], None),
    ("x191234567", [], None),
    ("ts 2024-01-15T10:23:45", [], None),
    ("ts 20240115 10234567", [], None),
    ("ts 20240115 91234567", [], None),
    ("uuid 123e4567-e89b-12d3-a456-426614174000", [], None),
    ("ratio 0.91234567", [], None),
    ("version 1.2.91234567", [], None),
    ("value 9123.4567", [], None),
    ("ip 192.168.91.234", [], None),
    ("x 91234567.5", [], None),
    ("x 91234567-12", [], None),
    ("x 65310000-12", [], None),
    ("x 2024-91234567", [], None),
    ("path /users/91234567", [], None),
    ("hexdump 0000: 9123 4567 89ab cdef", [], None),
    ("id 004412345678", [], None),
    ("8123 4567 8901 2345", [], None),  # card-like digit groups
]


_spans = partial(spans, SgPhoneRecognizer())


@pytest.mark.parametrize(("text", "expected", "score"), TABLE)
def test_phone_table(text, expected, score):
    found = _spans(text)
    assert [(s, e) for s, e, _ in found] == expected
    if score is not None:
        assert all(found_score == score for _, _, found_score in found)


def test_score_levels():
    assert BARE < 0.3 <= 0.4 <= FORMATTED < INTL


def test_metadata_never_holds_the_number():
    (result,) = SgPhoneRecognizer().analyze("call +65 9123 4567", ["PHONE_NUMBER"])
    assert result.recognition_metadata["phone_region"] == "SG"
    assert result.recognition_metadata["phone_format"] == "international"
    blob = repr(result.recognition_metadata) + result.analysis_explanation.textual_explanation
    assert "9123" not in blob and "4567" not in blob


def test_entities_filter():
    assert SgPhoneRecognizer().analyze("+65 9123 4567", ["EMAIL_ADDRESS"]) == []


_sg_number = st.from_regex(r"[89][0-9]{7}|6[1-9][0-9]{6}", fullmatch=True).filter(
    lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "SG"))
)
_formats = st.sampled_from(
    [
        ("{a} {b}", FORMATTED),
        ("{a}-{b}", FORMATTED),
        ("+65 {a} {b}", INTL),
        ("+65{a}{b}", INTL),
        ("0065 {a} {b}", INTL),
        ("(65) {a} {b}", INTL),
        ("{a}{b}", BARE),
    ]
)
_log_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_left_sep = st.sampled_from([" tel: ", " | ", "\nphone=", ' "', " (", ", ", "; hp "])
_right_sep = st.sampled_from([" |", ", ", ")", ") ", "\n", '" ', ". ", "; "])
_SURROUNDINGS = {"before": _log_text, "left": _left_sep, "right": _right_sep, "after": _log_text}


@settings(max_examples=200, deadline=None)
@given(number=_sg_number, fmt=_formats, **_SURROUNDINGS)
def test_embedded_sg_number_found_with_span(number, fmt, before, left, right, after):
    template, score = fmt
    value = template.format(a=number[:4], b=number[4:])
    start = len(before) + len(left)
    end = start + len(value)
    assert (start, end, score) in _spans(before + left + value + right + after)


@settings(max_examples=200, deadline=None)
@given(
    number=_sg_number,
    glue=st.sampled_from(["{v}1", "1{v}", "{v}.5", "0.{v}", "{v}-12", "12-{v}", "a{v}", "{v}_x"]),
    before=_log_text,
    after=_log_text,
)
def test_glued_number_is_never_reported(number, glue, before, after):
    token = glue.format(v=number)
    start = len(before) + 1
    end = start + len(token)
    found = _spans(before + " " + token + " " + after)
    assert not any(s < end and e > start for s, e, _ in found)


def test_formatted_number_passes_the_threshold_without_context(nlp_engine):
    analyzer = analyzer_for(nlp_engine, SgPhoneRecognizer())
    formatted = analyzer.analyze("seq 9123 4567 done", language="en", score_threshold=0.3)
    assert [r.score for r in formatted] == [pytest.approx(FORMATTED)]


def test_context_overridable():
    assert SgPhoneRecognizer(context=["ring"]).context == ["ring"]
    assert {"phone", "tel", "mobile", "hp", "whatsapp"} <= set(SgPhoneRecognizer().context)


def test_dotted_quad_is_an_address_not_a_phone():
    # `65.91.234.156` parses as +65 9123 4156 with dots as separators; it is an IPv4 address.
    assert SgPhoneRecognizer().analyze("client 65.91.234.156 ok", ["PHONE_NUMBER"]) == []


def test_number_after_many_digit_groups_in_one_chunk():
    # A megabyte log chunk holds more digit groups than the matcher's try limit (65,535);
    # a foreign number after them was silently dropped when the matcher ran on the whole text.
    text = "id=123 " * 70_000 + "UK +44 20 7946 0958"
    results = SgPhoneRecognizer().analyze(text, ["PHONE_NUMBER"])
    assert [(r.start, r.end) for r in results] == [(len(text) - 16, len(text))]


@pytest.mark.parametrize(
    "window, worth",
    [
        ("200 86849", False),  # access-log status and size: no SG number fits
        ("2024 0115 1023", False),
        ("9123 4567", True),
        ("6123-4567", True),
        ("1800 123 4567", True),
        ("6591234567", True),
        ("+44 20 7946 0958", True),
        ("(65) 8123 4567", True),
        ("200 86849123 4567", True),  # a number may start inside a longer run
    ],
)
def test_matcher_prefilter_only_skips_runs_without_an_sg_number(window, worth):
    from recognizers.rules.sg_phone import _could_hold_sg_number

    assert _could_hold_sg_number(window) is worth


# Every SG range libphonenumber calls valid, in the ways logs and prose write them: VoIP
# (7000 …, 11 digits), toll-free (1800 …), premium (1900 …), fixed (3/6), mobile (8/9), with
# `+65`, `(65)`, `0065` or nothing.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("voip line 7000 2345 678 active", "7000 2345 678"),
        ("sms queued to 70002345678", "70002345678"),
        ("call +65 7000 2345 678", "+65 7000 2345 678"),
        ("dial (65) 7000 2345 678", "(65) 7000 2345 678"),
        ("intl 0065 7000 2345 678", "0065 7000 2345 678"),
        ("free 1800 765 4321", "1800 765 4321"),
        ("free 18007654321 (24h)", "18007654321"),
        ("premium 1900 765 4321", "1900 765 4321"),
        ("desk 3158 7654 ext 2", "3158 7654"),
        ("desk +65-6765-4321", "+65-6765-4321"),
        ("mobile (65) 9876-5432", "(65) 9876-5432"),
        ("sms 0065 8765 4321", "0065 8765 4321"),
    ],
)
def test_every_valid_sg_range_and_prefix(text, value):
    rec = SgPhoneRecognizer()
    found = [text[r.start : r.end] for r in rec.analyze(text, ["PHONE_NUMBER"]) if r.score >= 0.3]
    assert found == [value]


@pytest.mark.parametrize(
    "text",
    [
        "order 700023456789012",  # longer run with the VoIP prefix
        "ts 1800765432100",  # 13 digits: epoch millis, not toll-free
        "sha 70002345678abc",
        "ids 7000-2345-678-9",
    ],
)
def test_long_sg_ranges_need_a_whole_token(text):
    rec = SgPhoneRecognizer()
    assert [r for r in rec.analyze(text, ["PHONE_NUMBER"]) if r.score >= 0.3] == []


@pytest.mark.parametrize(
    "text, value",
    [
        (" tel: 6803 0946)~0", "6803 0946"),  # Hypothesis found `~0` read as an extension
        ("call 6123 4567 ext. 12 now", "6123 4567"),
        ("fax +65 6123 4567#3", "+65 6123 4567"),
    ],
)
def test_span_stops_before_an_extension(text: str, value: str) -> None:
    results = SgPhoneRecognizer().analyze(text, ["PHONE_NUMBER"])
    assert [text[r.start : r.end] for r in results] == [value]


def _plain_run_snippets() -> list[str]:
    """Runs as logs write them (bare, grouped, `+`/`00`-prefixed, valid and not), each with the
    neighbours a log line puts around them, or none at a text edge."""
    rng = random.Random(14)
    runs = ["91234567", "61234567", "81234567", "31234567", "6591234567", "+6591234567",
            "+65 9123 4567", "+65-6123-4567", "9123 4567", "6123-4567", "1800 123 4567",
            "18001234567", "70001234567", "+44 20 7946 0958", "+1 415 555 0100", "12345678",
            "2024011510", "2024-01-15 10", "99999999", "80012345678", "+999 1234 5678",
            # Access-log status and size, card numbers, and groups with a number inside.
            "302 13503", "200 86849", "404 2081", "206 83664318", "5282 1817 6675 2204",
            "4303-8727-0802-8525", "3708 373970 02541", "0211 2345",
            "12 0044 2079 4609"]  # fmt: skip
    for _ in range(400):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8, 10, 11))))
        head = rng.choice(("", "", "+", "+65", "+65 ", "65", "(65) ", "(65)"))
        cut = rng.randrange(1, len(digits))
        sep = rng.choice(("", " ", "-", "."))
        runs.append(head + digits[:cut] + sep + digits[cut:])
    for _ in range(150):  # two to four groups of one to eight digits
        groups = ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 8)))]
        for _ in range(rng.randint(1, 3)):
            groups.append(rng.choice(" -."))
            groups.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 8))))
        runs.append("".join(groups))
    sides = ["", " ", '"', "'", "=", ":", "(", "[", "%", "$", "#", ",", ")", "."]
    return [before + run + after for run in runs for before in sides for after in sides]


def test_plain_runs_read_directly_give_what_the_matcher_gives():
    """A plain run is read with one parse instead of PhoneNumberMatcher (the scan's hot path);
    wherever that shortcut answers, it answers as the matcher does."""
    answered = 0
    for snippet in _plain_run_snippets():
        direct = sg_phone._direct_span(snippet, "SG", Leniency.VALID)
        if direct is None:
            continue
        answered += 1
        assert direct == sg_phone._library_matcher_spans(snippet, "SG", Leniency.VALID), snippet
    assert answered > 2000  # the shortcut does answer most plain runs


def _read_by_parse(text: str) -> tuple[bool, int | None]:
    try:
        number = phonenumbers.parse(text, "SG", keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return False, None
    return phonenumbers.is_valid_number(number), number.country_code_source


def _read_by_plan(text: str) -> tuple[bool, int | None] | None:
    read = normalize.read_sg_written(text)
    if read is None:
        return None
    national, source = read
    return normalize.is_sg_number(national), source


def test_sg_numbering_plan_table_reads_digits_as_libphonenumber_does():
    """The SG numbering-plan table answers `parse` + `is_valid_number` for digits without `+`:
    every four-digit prefix class (no SG range depends on a later digit), at the SG lengths and
    either side of them, and behind a `65` country code."""
    rng = random.Random(8)
    checked = 0
    for prefix in range(10_000):
        head = f"{prefix:04d}"
        for length in (7, 8, 10, 11, 12):
            tail = "".join(rng.choice("0123456789") for _ in range(length - 4))
            for digits in (head + tail, "65" + head + tail)[: 1 + (length in (8, 10, 11))]:
                read = _read_by_plan(digits)
                if read is None:
                    assert digits[0] == "0" and digits[1] in "0123"  # the international prefix
                    continue
                expected = _read_by_parse(digits)
                assert read[0] == expected[0], digits
                if read[0]:
                    assert read == expected, digits
                checked += 1
    assert checked > 70_000


@pytest.mark.parametrize("head", ["", "+65", "+65 ", "+65-", "(65) ", "(65)", "65 ", "0065 "])
def test_sg_numbers_as_written_read_as_libphonenumber_reads_them(head):
    """Written forms (heads, spaces, hyphens, brackets) read off the plan as `parse` reads them;
    `0065` is left to the library, and normalisation gives parse's E.164 either way."""
    rng = random.Random(head)
    for _ in range(400):
        digits = rng.choice(("9", "8", "6", "3", "1800", "1900", "7000", "800", "2", "0"))
        digits += "".join(rng.choice("0123456789") for _ in range(rng.choice((6, 7, 8))))
        cut = rng.randrange(1, len(digits))
        text = head + digits[:cut] + rng.choice(("", " ", "-")) + digits[cut:]
        read = _read_by_plan(text)
        if head.startswith("00"):
            assert read is None
        elif read is not None:
            expected = _read_by_parse(text)
            assert read[0] == expected[0], text
            if read[0]:
                assert read == expected, text
        compact, number = normalize.parse_phone(re.sub(r"[\s().\-/]", "", text))
        expected_e164 = (
            compact
            if number is None
            else phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        )
        assert normalize.normalize_value("PHONE_NUMBER", text) == expected_e164, text


def test_sg_general_shape_is_the_metadata_s():
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("SG")
    general = metadata.general_desc.national_number_pattern.replace(r"\d", "[0-9]")
    assert normalize.SG_GENERAL_SHAPE.pattern == general
    assert max(metadata.general_desc.possible_length) == normalize.SG_MAX_DIGITS


def test_no_country_code_and_number_is_shorter_than_the_bound():
    """Behind SG's international prefix, a number has at least MIN_INTERNATIONAL_DIGITS digits
    (country code and the shortest national number of any region)."""
    shortest = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        lengths = [n for n in metadata.general_desc.possible_length if n > 0]
        shortest.append(len(str(metadata.country_code)) + min(lengths))
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        metadata = phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)
        lengths = [n for n in metadata.general_desc.possible_length if n > 0]
        shortest.append(len(str(code)) + min(lengths))
    assert min(shortest) == sg_phone.MIN_INTERNATIONAL_DIGITS


def _log_number_snippets() -> list[str]:
    """Digit runs as logs write them around numbers: decimals, uptimes in brackets, dates,
    versions, dotted and slashed groups, extensions, each with log-line neighbours."""
    rng = random.Random(21)
    runs = ["63470460.00", "38309.281346", "2024.01.15", "1.2.3.4567", "12/05/2024 1234",
            "6123.4567", "91234567.5", "302 13503", "(0) 1234 567", "1234~0", "0044 20 7946",
            "12345.678901", "0012345.678", "3100 1234/5", "[9876.5432]"]  # fmt: skip
    for _ in range(600):
        parts = ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9)))]
        for _ in range(rng.randint(1, 3)):
            parts.append(rng.choice((".", "/", " ", "-", "~", ") ", " (", "..", ". ")))
            parts.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9))))
        runs.append("".join(parts))
    sides = ["", " ", "[", "]", '"', ",", "(", ")", "#", "*"]
    return [before + run + after for run in runs for before in sides for after in sides]


def test_snippets_without_an_sg_number_inside_give_nothing_in_the_matcher():
    """The matcher is skipped where no run of digits can read as a valid number with region SG
    (ASCII, no `+`); there the matcher itself finds nothing."""
    skipped = 0
    for snippet in _log_number_snippets():
        if not sg_phone._holds_no_number_read(snippet):
            continue
        skipped += 1
        assert sg_phone._library_matcher_spans(snippet, "SG", Leniency.VALID) == (), snippet
    assert skipped > 10_000


def _stretches_end_by_end(text: str, ends: list[int]) -> list[tuple[int, int]]:
    """The stretches as the rule first computed them: every end visited in turn."""
    stretches: list[tuple[int, int]] = []
    covered = -1
    for end in ends:
        at = end - 1
        if at < covered or at >= len(text):
            continue
        if not (text[at].isdecimal() or text[at] in sg_phone._RUN_CHARS):
            continue
        stretch = sg_phone._RUN_STRETCH.match(text, at)
        hi = stretch.end() if stretch is not None else at + 1
        if stretches and at - covered <= sg_phone._STRETCH_GAP:
            stretches[-1] = (stretches[-1][0], hi)
        else:
            stretches.append((sg_phone._run_start(text, at, max(covered, 0)), hi))
        covered = hi
    return stretches


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789 -.+()ab:\u00e9", max_size=300),
    st.lists(st.integers(min_value=1, max_value=320), max_size=60),
)
def test_run_stretches_skip_ends_inside_a_run_without_changing_the_windows(text, ends):
    ends = sorted(ends)
    assert sg_phone._run_stretches(text, ends) == _stretches_end_by_end(text, ends)


def _could_hold_group_by_group(window: str) -> bool:
    """The prefilter as the rule first wrote it: digit groups visited in turn."""
    if window[0] in "+(\uff0b\uff08":
        return True
    groups = re.findall(r"\d+", window)
    left = sum(len(g) for g in groups)
    for group in groups:
        if group[0] in "3689" and left >= 8:
            return True
        if group.startswith(("1800", "1900", "7000")) and left >= 11:
            return True
        if group.startswith(("800", "65")) and left >= 10:
            return True
        left -= len(group)
    return False


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 -.+()\u0663", min_size=1, max_size=40))
def test_matcher_prefilter_is_one_regex_with_the_same_answers(window):
    assert sg_phone._could_hold_sg_number(window) is _could_hold_group_by_group(window)
