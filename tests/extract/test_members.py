"""prefixed_member: the one place container members get their path prefix and their reason."""

from __future__ import annotations

import pytest

from scanner.extract.errors import ExtractError, PartialExtract, PartialNote, UnsupportedFile
from scanner.extract.members import prefixed_member
from scanner.model import Segment


class _Stop(ExtractError):
    """A container's own stop signal (an ExtractError, like the archive budget's)."""


def _member(raised: Exception | None):
    yield Segment(text="first", path="inner.txt", kind="prose")
    if raised is not None:
        raise raised


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (None, []),
        (UnsupportedFile("image"), []),
        (ExtractError("corrupt"), ["inner.txt: corrupt"]),
        (PartialExtract("page 2 unread"), ["inner.txt: page 2 unread"]),
    ],
)
def test_segments_are_prefixed_and_failures_become_reasons(raised, expected):
    reasons: list[str] = []
    segments = list(prefixed_member("a.zip", "inner.txt", _member(raised), reasons))
    assert [s.path for s in segments] == ["a.zip!inner.txt"]
    assert reasons == expected
    partial = isinstance(raised, PartialExtract)
    assert [isinstance(r, PartialNote) for r in reasons] == [partial] * len(expected)


@pytest.mark.parametrize("raised", [_Stop("budget"), ValueError("parser bug")])
def test_stop_signals_and_foreign_errors_propagate(raised):
    reasons: list[str] = []
    with pytest.raises(type(raised)):
        list(prefixed_member("a.zip", "m", _member(raised), reasons, stop=(_Stop,)))
    assert reasons == []
