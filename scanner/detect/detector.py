"""Detect: run the recognizers over extracted segments and yield detections with global offsets.

The scanner runs piimap's detection rules (``recognizers.rules``: patterns, checksums, numbering
plans, without Presidio) directly, and scores context itself over a character window (plus the
JSON key / column name), instead of going through ``AnalyzerEngine``: that needs no spaCy pass
over every log line and no Presidio result object per candidate, and a profile without NER
imports neither Presidio nor spaCy. The Presidio recognizers are built from the same rules and
still work unchanged inside any ``AnalyzerEngine``; a user's Presidio recognizers
(``--recognizers`` YAML) run here through their own patterns or ``analyze``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeAlias

import regex

from recognizers.rules.base import PatternMatcher, PatternRule, SpanRule, non_ascii_chars
from scanner.detect.candidates import CandidateScanner, Window, wide_ends
from scanner.detect.key_evidence import adjusted_score, load_key_words
from scanner.detect.ner_gate import ner_spans
from scanner.detect.ner_precision import drop_non_names
from scanner.detect.profiles import Profile
from scanner.detect.textnorm import normalize_for_detection
from scanner.model import Detection, Segment

if TYPE_CHECKING:
    from spacy.language import Language

# A recognizer's FAST_PATH_SPANS method and FAST_PATH_POSTFILTER method (see _FastPatterns).
SpansHook: TypeAlias = Callable[[str], list[tuple[int, int, float, dict[str, Any]]]]
PostFilter: TypeAlias = Callable[
    [str, list[tuple[int, int, float]]], list[tuple[int, int, float, dict[str, Any]]]
]

# Presidio's LemmaContextAwareEnhancer defaults, so scores mean the same in both paths.
CONTEXT_SIMILARITY_FACTOR = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
CONTEXT_CHARS_BEFORE = 64
CONTEXT_CHARS_AFTER = 24
NER_SCORE = 0.85
# Characters a detector sees before it builds its one-pass candidate scan (see Detector).
CANDIDATE_SCAN_AFTER_CHARS = 256_000
FIELD_NAME_SCORE = 0.85

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPACY_TO_ENTITY = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
# Defined terms and boilerplate that spaCy's small model tags as names in contracts.
_DEFINED_TERMS = frozenset(
    """agreement party parties service provider company client customer schedule clause annex
    appendix recital recitals effective date term termination confidential information
    services signatory witness whereas notice notices governing law singapore republic
    disclosing receiving buyer seller licensor licensee employer employee contractor
    director directors board user users esign platform nric fin uen id name designation
    sgd signed signature""".split()
)
_NAME_VALUE = re.compile(r"^[^\W\d_][\w.'’\- ]{0,98}$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class _Hit:
    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    metadata: dict[str, Any]


def _field_words(name: str) -> set[str]:
    return set(_WORD.findall(_CAMEL.sub(" ", name).lower()))


def _prepare_context(words: Sequence[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Context words split once per recognizer: single words (matched against the window's
    words) and phrases with a space, `/` or `-` (matched as substrings of the window)."""
    lowered = [word.lower() for word in words]
    phrases = tuple(w for w in lowered if " " in w or "/" in w or "-" in w)
    return frozenset(w for w in lowered if w not in phrases), phrases


def _has_context(
    context: tuple[frozenset[str], tuple[str, ...]], window: str, window_words: set[str]
) -> bool:
    singles, phrases = context
    return not singles.isdisjoint(window_words) or any(p in window for p in phrases)


class Detector:
    """Runs a profile's recognizers over segments. Build once per process; it is not cheap."""

    def __init__(
        self,
        profile: Profile,
        recognizers: Sequence[Any],
        *,
        sub_profiles: dict[str, Profile] | None = None,
        nlp_loader: Callable[[str | None], Language | None] | None = None,
        one_pass: bool = True,
        candidate_scan_after: int = CANDIDATE_SCAN_AFTER_CHARS,
    ) -> None:
        """``recognizers`` holds rules (``recognizers.rules``) and/or Presidio recognizers.

        ``one_pass=False`` is the reference path: every recognizer's own ``analyze`` (a rule's
        matcher) over every whole segment (no candidate scan, no fast-path hooks); tests
        compare the two. The candidate scan is built once ``candidate_scan_after`` characters
        have been seen (0: at once); until then every recognizer runs over whole segments,
        which gives the same findings (tests/scanner/test_one_pass.py)."""
        self.profile = profile
        self.recognizers = list(recognizers)
        self.one_pass = one_pass
        self._scanner: CandidateScanner | None = None
        self._gated: frozenset[int] = frozenset()
        self._at_gated: frozenset[int] = frozenset()  # gated and searched at candidates
        self._near_gated: frozenset[int] = frozenset()  # gated pattern rules
        self._line_skip: frozenset[int] = frozenset()  # gated, searched without line windows
        self._chars_before_scan = candidate_scan_after if one_pass else None
        self._at = {
            id(r): r.spans_at if one_pass and isinstance(r, SpanRule) else None
            for r in self.recognizers
        }
        if one_pass:
            self._build_scanner_after(0)
        self._contexts = {
            id(r): _prepare_context(r.context) if getattr(r, "context", None) else None
            for r in self.recognizers
        }
        self._entities = {id(r): _entities(r) for r in self.recognizers}
        self._fast = {id(r): _matcher(r, one_pass) for r in self.recognizers}
        self._spans = {id(r): _spans(r, one_pass) for r in self.recognizers}
        self.sub_profiles = sub_profiles or {}
        self._nlp_loader = nlp_loader
        self._nlp: Language | None = None
        self._keyed_patterns: dict[str, re.Pattern[str]] = {}
        self._ner_memo: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self.ner_memo_lines = NER_MEMO_LINES

    def _build_scanner_after(self, chars: int) -> None:
        """Count ``chars`` more characters seen; build the candidate scan once enough were.

        Compiling the Hyperscan database costs ~0.4 s of CPU, more than running every rule over
        a few hundred KB: `piimap check` of a few small files (a pre-commit hook) never pays it.
        """
        if self._chars_before_scan is None:
            return  # already built, or the one-pass path is off
        self._chars_before_scan -= chars
        if self._chars_before_scan > 0:
            return
        self._chars_before_scan = None
        self._scanner = CandidateScanner.build(self.recognizers)
        self._gated = frozenset(self._scanner.recognizers) if self._scanner else frozenset()
        self._at_gated = frozenset(
            i for i in self._gated if self._at.get(id(self.recognizers[i])) is not None
        )
        # Pattern rules: each pattern searched only as far around its candidates as its
        # matches reach (PatternMatcher.matches_near), not over their whole lines.
        self._near_gated = frozenset(
            i for i in self._gated if isinstance(self.recognizers[i], PatternRule)
        )
        self._line_skip = self._at_gated | self._near_gated

    def warm_up(self) -> None:
        """Load the spaCy model now if any profile in use needs it (it loads lazily otherwise)."""
        profiles = [
            self.profile,
            *(self.sub_profiles.get(n) for n in (self.profile.auto or {}).values()),
        ]
        for profile in profiles:
            if profile is not None and profile.ner:
                self._get_nlp(profile)
                return

    # -- profile resolution -------------------------------------------------------------
    def profile_for(self, segment: Segment) -> Profile:
        auto = self.profile.auto
        if not auto:
            return self.profile
        name = auto.get(segment.kind) or auto.get("default")
        return self.sub_profiles.get(name, self.profile) if name is not None else self.profile

    # -- detection ----------------------------------------------------------------------
    def detect(self, segments: Iterable[Segment]) -> Iterator[Detection]:
        for seg in segments:
            yield from self.detect_segment(seg)

    def detect_segment(self, seg: Segment) -> list[Detection]:
        if not seg.text:
            return []
        # Recognizers see the text without escape sequences, format characters or
        # percent-encoding (scanner.detect.textnorm); findings keep the raw offsets.
        norm = normalize_for_detection(seg.text)
        text = norm.text
        profile = self.profile_for(seg)
        field_ctx = _field_words(seg.context) if seg.context else set()
        hits: list[_Hit] = []
        if self._chars_before_scan is not None:
            self._build_scanner_after(len(text))
        scanner = self._scanner
        ends = scanner.ends(text) if scanner is not None else {}
        candidates = scanner.line_windows(text, ends, self._line_skip) if scanner else {}
        whole = [(0, len(text))]
        wide: frozenset[str] | None = None  # the non-ASCII characters, once a rule needs them
        for index, rec in enumerate(self.recognizers):
            windows: list[Window] = whole
            if index in self._gated:
                at = self._at[id(rec)]
                if at is not None:  # searched at its candidates, not over their lines
                    positions = wide_ends(text, ends.get(index, []))
                    if not positions:
                        continue  # no candidate of this recognizer anywhere in the segment
                    context = self._contexts[id(rec)]
                    entity = self._entities[id(rec)][0]
                    for start, end, score, meta in at(text, positions):
                        if score < 1.0 and context:
                            score = self._with_context(score, text, start, end, context, field_ctx)
                        hits.append(_Hit(entity, start, end, score, rec.name, meta))
                    continue
                if index in self._near_gated:
                    near = ends.get(index, [])
                    if not near and text.isascii():
                        continue  # no candidate of this recognizer anywhere in the segment
                    if wide is None:
                        wide = non_ascii_chars(text)
                    context = self._contexts[id(rec)]
                    matcher = self._fast[id(rec)]
                    assert matcher is not None  # a pattern rule always has one
                    found = matcher.matches_near(text, near, wide)
                    for entity_type, start, end, score, meta in found:
                        if score < 1.0 and context:
                            score = self._with_context(score, text, start, end, context, field_ctx)
                        hits.append(_Hit(entity_type, start, end, score, rec.name, meta))
                    continue
                windows = candidates.get(index, [])
                if not windows:
                    continue  # no candidate of this recognizer anywhere in the segment
            context = self._contexts[id(rec)]
            fast = self._fast[id(rec)]
            if fast is not None:
                for entity_type, start, end, score, meta in fast.matches(text, windows):
                    if score < 1.0 and context:
                        score = self._with_context(score, text, start, end, context, field_ctx)
                    hits.append(_Hit(entity_type, start, end, score, rec.name, meta))
                continue
            spans = self._spans[id(rec)]
            if spans is not None:
                entity = self._entities[id(rec)][0]
                for lo, hi in windows:
                    piece = text if (lo, hi) == whole[0] else text[lo:hi]
                    for start, end, score, meta in spans(piece):
                        start, end = start + lo, end + lo
                        if score < 1.0 and context:
                            score = self._with_context(score, text, start, end, context, field_ctx)
                        hits.append(_Hit(entity, start, end, score, rec.name, meta))
                continue
            for lo, hi in windows:
                piece = text if (lo, hi) == whole[0] else text[lo:hi]
                results = (
                    rec.analyze(piece, entities=self._entities[id(rec)], nlp_artifacts=None) or []
                )
                for r in results:
                    start, end, score = r.start + lo, r.end + lo, r.score
                    if score < 1.0 and context:
                        score = self._with_context(score, text, start, end, context, field_ctx)
                    meta = dict(r.recognition_metadata or {})
                    name = meta.pop("recognizer_name", None) or rec.name
                    meta.pop("recognizer_identifier", None)
                    hits.append(_Hit(r.entity_type, start, end, score, name, meta))
        hits.extend(self._field_name_hits(seg, text, profile))
        if profile.ner and (seg.kind == "prose" or self._is_ner_field(seg, profile)):
            hits.extend(drop_non_names(text, self._ner_hits(text, profile, hits), hits))
        hits = _with_key_evidence(text, hits, seg.context if seg.kind == "field" else None)
        threshold = profile.score_threshold
        if norm.changed:  # no finding made of part of one raw character (NormalizedText)
            hits = [h for h in hits if not norm.cuts_a_character(h.start, h.end)]
        kept = _resolve_overlaps([h for h in hits if h.score >= threshold])
        detections = []
        line, counted = seg.line, 0
        for h in kept:  # in start order: count newlines once per segment, not once per hit
            start, end = norm.raw_span(h.start, h.end)
            line += seg.text.count("\n", counted, start)
            counted = start
            detections.append(self._to_detection(seg, h, line, start, end, text))
        return detections

    @staticmethod
    def _with_context(
        score: float,
        text: str,
        start: int,
        end: int,
        context: tuple[frozenset[str], tuple[str, ...]],
        field_ctx: set[str],
    ) -> float:
        line_start = text.rfind("\n", max(0, start - CONTEXT_CHARS_BEFORE), start) + 1
        lo = max(line_start, start - CONTEXT_CHARS_BEFORE)
        line_end = text.find("\n", end, end + CONTEXT_CHARS_AFTER)
        hi = line_end if line_end != -1 else min(len(text), end + CONTEXT_CHARS_AFTER)
        window = (text[lo:start] + " " + text[end:hi]).lower()
        words = set(_WORD.findall(window)) | field_ctx
        if field_ctx:
            window += " " + " ".join(field_ctx)
        if _has_context(context, window, words):
            return max(min(1.0, score + CONTEXT_SIMILARITY_FACTOR), MIN_SCORE_WITH_CONTEXT)
        return score

    @staticmethod
    def _is_ner_field(seg: Segment, profile: Profile) -> bool:
        return (
            seg.kind == "field" and bool(seg.context) and seg.context.lower() in profile.ner_fields
        )

    def _field_name_hits(self, seg: Segment, text: str, profile: Profile) -> list[_Hit]:
        if seg.kind != "field":
            return self._keyed_name_hits(text, profile) if seg.kind == "log" else []
        if not seg.context:
            return []
        entity = profile.name_fields.get(seg.context.lower())
        value = text.strip()
        if not entity or not value or not _NAME_VALUE.match(value) or "@" in value:
            return []
        if entity == "PERSON" and any(ch.isdigit() for ch in value):
            return []  # `"name": "esign-api-7f9c.1a2b"`: a resource name, not a person's
        start = text.index(value)
        return [
            _Hit(entity, start, start + len(value), FIELD_NAME_SCORE, "FieldNameRecognizer", {})
        ]

    def _keyed_name_hits(self, text: str, profile: Profile) -> list[_Hit]:
        """Names written as a quoted key/value inside a log line: `"signer_name": "Tan Wei Ming"`,
        `owner="Ang Li Ting"`. Found through the key (the profile's name fields), never by NER."""
        pattern = self._keyed_patterns.get(profile.name)
        if pattern is None:
            if not profile.name_fields:
                return []
            keys = "|".join(
                re.escape(k) for k in sorted(profile.name_fields, key=len, reverse=True)
            )
            # A match begins with a quote or a key's first letter: the look-ahead says so first,
            # which spares the look-behind at every other position (no match changes).
            firsts = re.escape("".join(sorted({k[0] for k in profile.name_fields if k})))
            lead = rf"(?=[\"'{firsts}])" if all(profile.name_fields) else ""
            pattern = re.compile(
                rf"{lead}(?<![\w])[\"']?({keys})[\"']?\s*[=:]\s*(?:\"([^\"\n]{{1,100}})\"|'([^'\n]{{1,100}})')",
                re.IGNORECASE,
            )
            self._keyed_patterns[profile.name] = pattern
        if not any(k in text for k in ('="', "='", '": "', '":"')):
            return []
        hits = []
        for m in pattern.finditer(text):
            group = 2 if m.group(2) is not None else 3
            value = m.group(group)
            entity = profile.name_fields.get(m.group(1).lower())
            if not entity or not _NAME_VALUE.match(value.strip()) or "@" in value:
                continue
            if entity == "PERSON" and any(ch.isdigit() for ch in value):
                continue
            start, end = m.span(group)
            hits.append(_Hit(entity, start, end, FIELD_NAME_SCORE, "FieldNameRecognizer", {}))
        return hits

    def _ner_hits(self, text: str, profile: Profile, found: Sequence[_Hit] = ()) -> list[_Hit]:
        """NER on the clauses that can hold a name only (``scanner.detect.ner_gate``), each one's
        entities memoised (bounded): contracts on an e-signature platform are mostly templates,
        so most clauses repeat, and clause headings and boilerplate hold no capitalised word but
        defined terms. Words inside a person or company ``found`` by the other recognizers are
        no reason to run NER: ``drop_non_names`` drops every NER span that overlaps them."""
        nlp = self._get_nlp(profile)
        if nlp is None:
            return []
        memo = self._ner_memo
        taken = [(h.start, h.end) for h in found if h.entity_type in ("ORGANIZATION", "PERSON")]
        lines = ner_spans(text, _ner_lines(text), _DEFINED_TERMS, taken)
        todo = list(dict.fromkeys(text[a:b] for a, b in lines if text[a:b] not in memo))
        fresh = {
            line: tuple(
                (entity, ent.start_char, ent.end_char)
                for ent in doc.ents
                if (entity := _SPACY_TO_ENTITY.get(ent.label_))
                and _plausible_name(ent.text, entity)
            )
            for line, doc in zip(todo, nlp.pipe(todo, batch_size=64), strict=True)
        }
        hits = []
        for a, b in lines:
            line = text[a:b]
            for entity, start, end in fresh[line] if line in fresh else memo[line]:
                hits.append(_Hit(entity, a + start, a + end, NER_SCORE, "SpacyNerRecognizer", {}))
        for line, ents in fresh.items():
            if len(memo) >= self.ner_memo_lines:
                memo.clear()  # bounded; the next lines fill it again
            memo[line] = ents
        return hits

    def _get_nlp(self, profile: Profile) -> Language | None:
        if self._nlp is None and self._nlp_loader is not None:
            self._nlp = self._nlp_loader(profile.nlp_model)
        return self._nlp

    @staticmethod
    def _to_detection(
        seg: Segment, h: _Hit, line: int, start: int, end: int, text: str
    ) -> Detection:
        """``start``/``end`` are raw offsets in the segment; the value is the normalized text."""
        return Detection(
            entity_type=h.entity_type,
            start=seg.offset + start,
            end=seg.offset + end,
            score=round(h.score, 4),
            recognizer=h.recognizer,
            value=text[h.start : h.end],
            path=seg.path,
            line=line,
            page=seg.page,
            field=seg.field,
            metadata=h.metadata,
        )


NER_PIECE_CHARS = 20_000
NER_MEMO_LINES = 20_000  # distinct lines whose entities are kept (a few MB)
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’.\-]*")


def _ner_lines(text: str) -> Iterator[tuple[int, int]]:
    """Line spans (without the newline), each at most ``NER_PIECE_CHARS`` long."""
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end == -1 else end
        for a, b in _ner_pieces(text[start:end]):
            yield start + a, start + b
        start = end + 1


def _may_hold_name(line: str) -> bool:
    """A line can hold a name when a capitalised word in it is not a defined term, the first
    word of the line (or of a numbered clause), or part of an all-capitals heading."""
    if not line.strip() or (line.isupper() and len(line.split()) > 1):
        return False
    for match in _CAPITALISED.finditer(line):
        word = match.group().lower().strip(".,'’-")
        if word in _DEFINED_TERMS:
            continue
        if not line[: match.start()].strip(" \t0123456789.()"):
            continue  # capitalised anyway; a name there has a second capitalised word
        return True
    return False


def _ner_pieces(text: str, size: int = NER_PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """Spans of at most ``size`` characters, cut after a newline or space where one exists.

    spaCy's memory grows with the document: a 1 MB prose chunk (or a 200 MB single-line .txt)
    must reach NER in pieces. A cut inside a name can split that one name; cutting at a line
    end or space keeps that rare.
    """
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = max(
                text.rfind("\n", start + size // 2, end), text.rfind(" ", start + size // 2, end)
            )
            if cut > start:
                end = cut + 1
        yield start, end
        start = end


def _plausible_name(text: str, entity: str) -> bool:
    """Drop NER spans that are defined terms, headings or numbers rather than names."""
    stripped = text.strip()
    if len(stripped) < 2 or any(ch.isdigit() for ch in stripped) or "\n" in stripped:
        return False
    words = [w.lower().strip(".,'’()") for w in stripped.split()]
    if words and words[0] == "the":
        return False
    if all(w in _DEFINED_TERMS for w in words):
        return False
    if entity == "PERSON" and (stripped.isupper() and len(words) > 4):
        return False
    return stripped[0].isupper() or not stripped[0].isalpha()


def _with_key_evidence(text: str, hits: list[_Hit], field: str | None) -> list[_Hit]:
    """Hits re-scored by the key they are written under (``scanner.detect.key_evidence``)."""
    words = load_key_words()
    out = []
    for h in hits:
        score = adjusted_score(words, h.entity_type, text, h.start, h.end, h.score, field)
        out.append(h if score == h.score else replace(h, score=score))
    return out


def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Keep the best hit where hits overlap: higher score, then longer span, then entity name."""
    ordered = sorted(hits, key=lambda h: (-h.score, -(h.end - h.start), h.entity_type, h.start))
    kept: list[_Hit] = []
    # Kept spans never overlap, so sorted by start their ends are sorted too: the only kept span
    # that can overlap [start, end) is the last one starting before ``end``.
    starts: list[int] = []
    ends: list[int] = []
    for h in ordered:
        i = bisect_left(starts, h.end)
        if i and ends[i - 1] > h.start:
            continue
        kept.append(h)
        starts.insert(i, h.start)
        ends.insert(i, h.end)
    kept.sort(key=lambda h: (h.start, h.end, h.entity_type))
    return kept


def load_spacy_ner(model: str | None) -> Language | None:
    """Load a spaCy pipeline with only what NER needs (no parser, tagger, lemmatizer, and no
    shared tok2vec when NER embeds its own, as in the small English models)."""
    if not model:
        return None
    import spacy

    from recognizers.nlp_engine import drop_unused_tok2vec

    nlp = spacy.load(model, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    drop_unused_tok2vec(nlp)
    return nlp


def _entities(rec: Any) -> list[str]:
    if isinstance(rec, PatternRule | SpanRule):
        return [rec.entity]
    return list(rec.supported_entities)


def _matcher(rec: Any, one_pass: bool) -> PatternMatcher | None:
    """A rule's pattern matcher (on both paths: a rule has no other ``analyze``), or a Presidio
    pattern recognizer's own patterns run the same way (one-pass path only)."""
    if isinstance(rec, PatternRule):
        return PatternMatcher.for_rule(rec)
    if isinstance(rec, SpanRule) or not one_pass:
        return None
    return _FastPatterns.for_recognizer(rec)


def _spans(rec: Any, one_pass: bool) -> SpansHook | None:
    if isinstance(rec, SpanRule):
        return rec.spans
    if isinstance(rec, PatternRule) or not one_pass:
        return None
    return _spans_hook(rec)


def _spans_hook(rec: Any) -> SpansHook | None:
    """The recognizer's ``FAST_PATH_SPANS`` method (``(text) -> [(start, end, score, metadata)]``,
    the same spans as ``analyze`` without result objects), when the class whose ``analyze`` is
    in use declares one and the recognizer has a single entity type."""
    if len(rec.supported_entities) != 1:
        return None
    owner = next((k for k in type(rec).__mro__ if "analyze" in vars(k)), None)
    name = vars(owner).get("FAST_PATH_SPANS") if owner is not None else None
    hook: SpansHook | None = getattr(rec, name) if name else None
    return hook


class _FastPatterns(PatternMatcher):
    """A Presidio ``PatternRecognizer``'s own patterns and validators, run by the rules'
    ``PatternMatcher`` (no per-match result objects, which cost more than the regex itself).

    Same results as ``PatternRecognizer.analyze``: a validator's True scores 1.0, False or an
    invalidator's True drops the match, and spans are de-duplicated as Presidio does. Used when
    the class keeps Presidio's ``analyze``, or when the class that overrides ``analyze`` names
    its hooks, which its ``analyze`` applies too: ``FAST_PATH_PRECHECK`` (a method
    ``(text) -> bool``; False means no match is possible) and ``FAST_PATH_POSTFILTER`` (a method
    ``(text, spans) -> [(start, end, score, metadata)]`` over the de-duplicated
    ``(start, end, score)`` spans). piimap's own recognizers reach the scanner as rules
    (``recognizers.rules``); this serves a user's recognizers and the tests.
    """

    def __init__(
        self,
        rec: Any,
        precheck: Callable[[str], bool] | None = None,
        postfilter: PostFilter | None = None,
    ) -> None:
        from presidio_analyzer import PatternRecognizer

        from recognizers.linear import RE2_ATTRIBUTE, compile_linear, is_presidio_deny_list

        flags = rec.global_regex_flags
        # Presidio's own engine (`regex`), so matches are the same by construction; it is also
        # the faster one on most patterns (it searches for a required literal such as `@`).
        # A user's YAML patterns run on RE2 instead: linear time on any text.
        linear = getattr(rec, RE2_ATTRIBUTE, False)
        compiled = [
            (
                compile_linear(p.regex, flags)
                if linear and not is_presidio_deny_list(rec, p)
                else regex.compile(p.regex, flags),
                p.score,
            )
            for p in rec.patterns
        ]
        cls = type(rec)
        super().__init__(
            rec.supported_entities[0],
            compiled,
            validate=(
                rec.validate_result
                if cls.validate_result is not PatternRecognizer.validate_result
                else None
            ),
            invalidate=(
                rec.invalidate_result
                if cls.invalidate_result is not PatternRecognizer.invalidate_result
                else None
            ),
            precheck=precheck,
            postfilter=postfilter,
        )

    @classmethod
    def for_recognizer(cls, rec: Any) -> _FastPatterns | None:
        from presidio_analyzer import PatternRecognizer

        if not isinstance(rec, PatternRecognizer) or len(rec.supported_entities) != 1:
            return None
        rec_cls = type(rec)
        if rec_cls.analyze is PatternRecognizer.analyze:
            return cls(rec)
        # The hooks count only when declared by the class whose `analyze` is in use.
        owner = next(k for k in rec_cls.__mro__ if "analyze" in vars(k))
        precheck_name = vars(owner).get("FAST_PATH_PRECHECK")
        postfilter_name = vars(owner).get("FAST_PATH_POSTFILTER")
        if not precheck_name and not postfilter_name:
            return None
        return cls(
            rec,
            precheck=getattr(rec, precheck_name) if precheck_name else None,
            postfilter=getattr(rec, postfilter_name) if postfilter_name else None,
        )
