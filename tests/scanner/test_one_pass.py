"""The one-pass detector (Hyperscan candidates, recognizers run on candidate lines only) finds
exactly what every recognizer's own ``analyze`` finds over whole segments, whether it runs the
Presidio recognizers or the Presidio-free rules they are built from (``recognizers.rules``,
what the scanner runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from bench.generate import generate_corpus
from recognizers import default_recognizers
from recognizers.rules import default_rules
from scanner.detect.candidates import CandidateScanner, declared_candidates
from scanner.detect.detector import Detector
from scanner.detect.profiles import load_profiles
from scanner.extract import ExtractError, UnsupportedFile, extract
from scanner.model import Segment

PROFILES = load_profiles()
LOGHUB = Path(__file__).resolve().parents[2].parent / "shared" / "realdata" / "loghub"


def _pair(profile: str = "logs", recognizers=None) -> tuple[Detector, Detector]:
    recs = recognizers if recognizers is not None else default_recognizers()
    fast = Detector(PROFILES[profile], recs, sub_profiles=PROFILES, candidate_scan_after=0)
    reference = Detector(PROFILES[profile], recs, sub_profiles=PROFILES, one_pass=False)
    return fast, reference


def _rules_detector(profile: str = "logs") -> Detector:
    """The scanner's detector: piimap's rules, no Presidio object anywhere."""
    return Detector(
        PROFILES[profile], default_rules(), sub_profiles=PROFILES, candidate_scan_after=0
    )


def _rows(detector: Detector, segments: list[Segment]) -> list[tuple]:
    return [
        (
            d.path,
            d.entity_type,
            d.start,
            d.end,
            d.score,
            d.recognizer,
            d.value,
            d.line,
            sorted(d.metadata.items()),
        )
        for seg in segments
        for d in detector.detect_segment(seg)
    ]


def _segments(folder: Path) -> list[Segment]:
    segments: list[Segment] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            with open(path, "rb") as stream:
                segments.extend(extract(path.relative_to(folder).as_posix(), stream))
        except (ExtractError, UnsupportedFile):
            continue
    return segments


def test_every_default_recognizer_but_spacy_declares_candidates():
    assert all(declared_candidates(r) for r in default_recognizers())
    assert all(declared_candidates(r) for r in default_rules())


@pytest.mark.parametrize("rec", default_recognizers(), ids=lambda r: r.name)
def test_rules_agree_with_analyze_on_samples(rec):
    """The rule of the same name, run by the scanner, finds what the recognizer's ``analyze``
    finds on its samples (alone and inside multi-line text with non-ASCII lines)."""
    [rule] = [r for r in default_rules() if r.name == rec.name]
    rules = Detector(PROFILES["logs"], [rule], sub_profiles=PROFILES, candidate_scan_after=0)
    reference = _pair(recognizers=[rec])[1]
    samples = [*rec.TRUE_SAMPLES, *rec.FALSE_SAMPLES]
    samples.append("\n".join(["héllo wörld", *rec.TRUE_SAMPLES, "plain line", "日本語"]))
    for text in samples:
        seg = [Segment(text=text, path="s.log")]
        assert _rows(rules, seg) == _rows(reference, seg), text


@pytest.mark.parametrize("rec", default_recognizers(), ids=lambda r: r.name)
def test_true_and_false_samples_agree(rec):
    fast, reference = _pair(recognizers=[rec])
    samples = [*rec.TRUE_SAMPLES, *rec.FALSE_SAMPLES]
    # Samples inside longer multi-line text, with non-ASCII lines around them.
    samples.append("\n".join(["héllo wörld", *rec.TRUE_SAMPLES, "plain line", "日本語"]))
    for text in samples:
        seg = [Segment(text=text, path="s.log")]
        assert _rows(fast, seg) == _rows(reference, seg), text


def test_identical_on_the_bench_corpus(tmp_path):
    generate_corpus(tmp_path, seed=7, scale=0.02)
    for folder, profile in (("logs", "logs"), ("contracts", "logs")):
        segments = _segments(tmp_path / folder)
        fast, reference = _pair(profile)
        rows = _rows(fast, segments)
        assert len(rows) > 100 if folder == "logs" else rows
        assert rows == _rows(reference, segments)
        assert _rows(_rules_detector(profile), segments) == rows


@pytest.mark.slow
@pytest.mark.skipif(not LOGHUB.is_dir(), reason="../shared/realdata/loghub is not present")
def test_identical_on_loghub():
    segments = _segments(LOGHUB)
    fast, reference = _pair()
    rows = _rows(fast, segments)
    assert len(rows) > 1000
    assert rows == _rows(reference, segments)
    assert _rows(_rules_detector(), segments) == rows


def test_recognizer_without_candidates_falls_back_to_analyze():
    """A user's pattern recognizer declares no candidates: it still runs over every segment."""
    user = PatternRecognizer(
        supported_entity="TICKET", patterns=[Pattern("ticket", r"TCK-\d{5}", 0.9)]
    )
    fast, reference = _pair(recognizers=[*default_recognizers(), user])
    seg = [Segment(text="a\nticket TCK-12345 for S1234567D\nb", path="x.log")]
    rows = _rows(fast, seg)
    assert {r[1] for r in rows} == {"TICKET", "SG_NRIC_FIN"}
    assert rows == _rows(reference, seg)


def test_custom_patterns_drop_the_class_candidates():
    """Candidates describe the class's own patterns; a caller's patterns get the full path."""
    from recognizers.sg.nric import SgNricFinRecognizer

    assert declared_candidates(SgNricFinRecognizer()) is not None
    custom = SgNricFinRecognizer(patterns=[Pattern("any", r"\bS\d{7}\w\b", 0.5)])
    assert declared_candidates(custom) is None


def test_windows_are_candidate_lines_merged():
    recs = default_recognizers()
    scanner = CandidateScanner.build(recs)
    text = "a\nnric S1234567D\nb\nc\nnric T8890856I\nT8890856I again\nz"
    nric = next(i for i, r in enumerate(recs) if r.name == "SgNricFinRecognizer")
    windows = scanner.windows(text)[nric]
    assert [text[a:b] for a, b in windows] == [
        "nric S1234567D\n",
        "nric T8890856I\nT8890856I again\n",
    ]


def test_the_candidate_scan_is_built_once_enough_text_was_seen(tmp_path):
    """Small inputs (a pre-commit check) skip compiling the candidate scan; findings are the
    same before and after it is built."""
    generate_corpus(tmp_path, seed=3, scale=0.02)
    segments = _segments(tmp_path / "logs")
    total = sum(len(s.text) for s in segments)
    assert total > 50_000
    lazy = Detector(
        PROFILES["logs"], default_rules(), sub_profiles=PROFILES, candidate_scan_after=total // 2
    )
    assert lazy._scanner is None
    rows = _rows(lazy, segments)
    assert lazy._scanner is not None  # built half-way through
    assert rows == _rows(_rules_detector(), segments)
    default = Detector(PROFILES["logs"], default_rules(), sub_profiles=PROFILES)
    assert _rows(default, segments[:1]) == _rows(_rules_detector(), segments[:1])
    assert default._scanner is None or len(segments[0].text) >= 256_000


PHONE_TEXTS = [
    # Runs glued to tokens, close together, split by other digits, IDD `00`, brackets.
    "user=91234567 ref=2024011512 hp 9123 4567,+65 6123-4567;(65) 8123 4567 0065 9123 4567",
    "ts=10:91234567 v1.91234567 id-91234567 91234567.5 tel:91234567 $91234567 91234567%",
    "hp 8123 4567 | 0000: 9123 4567 89ab dump 20240115 91234567 and 6123 4567"
    " 1800 123 4567 70001234567",
    "a 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 b " + "9" * 40 + " c 6123 4567) 2 d",
    # Unicode digits, a full-width plus and no-break spaces: non-ASCII, found all the same.
    "call ９１２３ ４５６７ or ＋65 9123\u00a04567 or ٩١٢٣٤٥٦٧ — café 8123 4567",
    "\n".join(f"line {i} contact 9{i:03d} {i:04d} x {i}" for i in range(40)),
]


@pytest.mark.parametrize("text", PHONE_TEXTS)
def test_phone_searched_at_its_candidates_finds_what_it_finds_by_line(text):
    """The phone rule runs only on the runs of phone characters that hold a candidate
    (``sg_phone_spans_at``), not over whole candidate lines: same findings as its ``analyze``."""
    rec = next(r for r in default_recognizers() if r.name == "SgPhoneRecognizer")
    [rule] = [r for r in default_rules() if r.name == rec.name]
    at = Detector(PROFILES["logs"], [rule], sub_profiles=PROFILES, candidate_scan_after=0)
    assert at._at[id(rule)] is not None  # the candidate-span path is the one under test
    seg = [Segment(text=text, path="p.log")]
    rows = _rows(at, seg)
    assert rows == _rows(_pair(recognizers=[rec])[1], seg)
    assert rows  # every text holds a phone number
