"""The detector's fast path gives the same spans, scores and metadata as the recognizer's own
``analyze`` (Presidio's path), including recognizers that override ``analyze`` with hooks."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from recognizers import default_recognizers
from recognizers.generic.credit_card import CreditCardRecognizer
from recognizers.generic.email import EmailRecognizer
from scanner.detect.detector import _FastPatterns

LOG_LINES = [
    "2024-01-15T10:23:45Z login ok user=siti_nur@esign.sg ip=10.0.0.5 ua=Chrome/120.0.0.0",
    "src=2001:db8:0:0:1:2:3:4 dst=2001:db8::1 peer ::ffff:192.0.2.1 version=1.2.8.57",
    "fe80:0:0:0:202:b3ff:fe1e:8329 and fe80::202:b3ff:fe1e:8329 and 8.8.8.8, 10.1.2.3",
    "card 4111 1111 1111 1111 trace=4111111111111111 span_id=5555555555554444 pan=5555555555554444",
    "imei 490154203237518 mac 00:1A:2B:3C:4D:5E idfa 6D92078A-8246-4BA4-AE5B-76104861E7DC",
    "GET /nearby?lat=1.3521&lon=103.8198 email=mary.lim%40gmail.com S1234567D 53123456E",
    "no digits, no at-sign and no dots here",
]


def _texts(rec) -> list[str]:
    return [*LOG_LINES, *getattr(rec, "TRUE_SAMPLES", []), *getattr(rec, "FALSE_SAMPLES", [])]


def _presidio(rec, text):
    out = []
    for r in rec.analyze(text, entities=list(rec.supported_entities), nlp_artifacts=None):
        meta = {
            k: v
            for k, v in (r.recognition_metadata or {}).items()
            if k not in ("recognizer_name", "recognizer_identifier")
        }
        out.append((r.entity_type, r.start, r.end, r.score, meta))
    return sorted(out, key=repr)


@pytest.mark.parametrize(
    "rec",
    [r for r in default_recognizers() if _FastPatterns.for_recognizer(r) is not None],
    ids=lambda r: type(r).__name__,
)
def test_fast_path_matches_analyze(rec):
    fast = _FastPatterns.for_recognizer(rec)
    for text in _texts(rec):
        assert sorted(fast.matches(text), key=repr) == _presidio(rec, text), text


def test_overriding_analyze_without_hooks_keeps_presidio_path():
    class Stricter(EmailRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
            return [r for r in super().analyze(text, entities) if r.start > 0]

    assert _FastPatterns.for_recognizer(Stricter()) is None
    assert _FastPatterns.for_recognizer(EmailRecognizer()) is not None
    plain = PatternRecognizer("X", patterns=[Pattern("x", r"\bx\b", 0.5)])
    assert _FastPatterns.for_recognizer(plain) is not None


def test_postfilter_drops_keyed_card_ids():
    fast = _FastPatterns.for_recognizer(CreditCardRecognizer())
    text = "trace=4111111111111111 pan 5555555555554444"
    assert [(s, e) for _, s, e, _, _ in fast.matches(text)] == [(27, 43)]


def test_spans_hook_matches_analyze_for_company_names():
    from recognizers.generic.organization import CompanySuffixRecognizer
    from scanner.detect.detector import _spans_hook

    rec = CompanySuffixRecognizer()
    hook = _spans_hook(rec)
    assert hook is not None
    texts = [
        *rec.TRUE_SAMPLES,
        *rec.FALSE_SAMPLES,
        "vendor=Acme Widgets Pte Ltd client=Tan & Partners LLP, Globex Corporation Inc. x",
        "ESIGN SG HOLDING PTE. LTD. and ESIGN SG HOLDING PTE. LTD. (S) Pte Ltd Ltd",
        "Orchard Logistics (S) Pte. Ltd.\nKedai Runcit Sdn Bhd\nThe Pte Ltd",
    ]
    for text in texts:
        entity = rec.supported_entities[0]
        got = [(entity, s, e, score, meta) for s, e, score, meta in hook(text)]
        assert sorted(got, key=repr) == _presidio(rec, text), text
