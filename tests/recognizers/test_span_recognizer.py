"""A ``SpanRuleRecognizer`` is its ``SpanRule``'s spans as Presidio results: same spans,
scores and metadata from ``analyze`` as from the rule (or the class's own ``spans``)."""

from __future__ import annotations

import re

from recognizers.rules.base import Samples, SpanRule
from recognizers.sg.phone import SgPhoneRecognizer
from recognizers.span_recognizer import SpanRuleRecognizer


def _order_spans(text: str) -> list[tuple[int, int, float, dict]]:
    return [(m.start(), m.end(), 0.5, {"kind": "order"}) for m in re.finditer(r"ORD\d+", text)]


ORDERS = SpanRule(
    name="OrderRecognizer",
    entity="ORDER_ID",
    spans=_order_spans,
    context=("order",),
    candidates=(r"ORD\d",),
    samples=Samples(match=("paid ORD123",), no_match=("paid ORDER",)),
)


class OrderRecognizer(SpanRuleRecognizer):
    RULE = ORDERS

    def explain(self, metadata: dict) -> str:
        return f"{metadata['kind']} id"


def test_results_are_the_rules_spans() -> None:
    rec = OrderRecognizer()
    assert rec.supported_entities == ["ORDER_ID"]
    assert rec.context == ["order"]
    assert OrderRecognizer.CANDIDATE_PATTERNS == ORDERS.candidates
    assert (OrderRecognizer.TRUE_SAMPLES, OrderRecognizer.FALSE_SAMPLES) == (
        ["paid ORD123"],
        ["paid ORDER"],
    )
    [result] = rec.analyze("paid ORD123 today", ["ORDER_ID"])
    assert (result.start, result.end, result.score) == (5, 11, 0.5)
    assert result.recognition_metadata["kind"] == "order"
    assert result.recognition_metadata["recognizer_name"] == "OrderRecognizer"
    assert result.analysis_explanation.textual_explanation == "order id"
    assert rec.analyze("paid ORD123 today", ["PERSON"]) == []


def test_phone_analyze_and_spans_agree_with_its_region_option() -> None:
    text = "call +65 9123 4567 or 020 7946 0018 today"
    for region in ("SG", "GB"):
        rec = SgPhoneRecognizer(region=region)
        spans = rec.spans(text)
        results = rec.analyze(text, ["PHONE_NUMBER"])
        assert [(r.start, r.end, r.score) for r in results] == [s[:3] for s in spans]
        assert [r.recognition_metadata["phone_region"] for r in results] == [
            s[3]["phone_region"] for s in spans
        ]
