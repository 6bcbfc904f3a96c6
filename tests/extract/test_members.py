"""prefixed_member: the one place container members get their path prefix and their reason;
Nesting: the one place a container's members are sent one level deeper."""

from __future__ import annotations

import io
from typing import BinaryIO

import pytest

from scanner.extract.errors import ExtractError, PartialExtract, PartialNote, UnsupportedFile
from scanner.extract.limits import Limits
from scanner.extract.members import Nesting, prefixed_member
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


def test_nesting_sends_members_one_level_deeper_under_the_same_limits():
    limits = Limits(max_depth=3)
    calls: list[tuple[str, bytes, Limits, int]] = []

    def extract_member(name: str, stream: BinaryIO, got: Limits, depth: int):
        calls.append((name, stream.read(), got, depth))
        yield Segment(text="x", path=name, kind="log")

    nest = Nesting(limits, extract_member, depth=1)
    assert [s.path for s in nest.member("b.txt", io.BytesIO(b"data"))] == ["b.txt"]
    assert calls == [("b.txt", b"data", limits, 2)]
    assert not nest.too_deep
    assert nest.inner().depth == 2 and not nest.inner().too_deep
    assert nest.inner().inner().too_deep
