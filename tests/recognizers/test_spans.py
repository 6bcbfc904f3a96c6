"""remove_duplicate_spans must drop exactly what Presidio's remove_duplicates drops."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer, RecognizerResult

from recognizers.spans import remove_duplicate_spans

_spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from([0.0, 0.1, 0.5, 1.0])).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=12,
)


@given(_spans)
def test_same_spans_as_presidio(spans):
    results = [RecognizerResult("X", start, end, score) for start, end, score in spans]
    expected = sorted(
        (r.start, r.end, r.score) for r in EntityRecognizer.remove_duplicates(results)
    )
    assert sorted(remove_duplicate_spans(spans)) == expected


def test_contained_span_with_lower_score_goes_and_higher_score_stays():
    assert remove_duplicate_spans([(0, 10, 0.6), (2, 5, 0.6), (2, 5, 0.6)]) == [(0, 10, 0.6)]
    assert sorted(remove_duplicate_spans([(0, 10, 0.5), (2, 5, 0.6)])) == [
        (0, 10, 0.5),
        (2, 5, 0.6),
    ]
