"""One container member's segments, as every container (ZIP, TAR, e-mail) reports them.

A member's segments get the container's path in front (``outer!member``), and what the member
raised becomes a reason of the container: nothing for a binary member, a ``PartialNote`` for a
member read in part, the reason for a broken one. The containers differ only in what they read
and what stops them; that stays with each (``stop`` lets their own stop signal through).
Every container gets one ``Nesting``: its limits, the way back into the dispatcher, its depth.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from scanner.extract.errors import ExtractError, PartialExtract, PartialNote, UnsupportedFile
from scanner.extract.limits import Limits
from scanner.model import Segment

# extract_member(member_name, stream, limits, depth) -> segments whose path is member_name.
MemberExtractor = Callable[[str, BinaryIO, Limits, int], Iterator[Segment]]


@dataclasses.dataclass(frozen=True)
class Nesting:
    """Where a container sits: the limits it reads under, the dispatcher its members go back
    through, and how many containers enclose it (0 for a file found in the source).

    The three travel together through every container (ZIP, TAR, e-mail, MSG); one object keeps
    the rule "members are one level deeper" in one place.
    """

    limits: Limits
    extract_member: MemberExtractor
    depth: int = 0

    @property
    def too_deep(self) -> bool:
        """Whether this container's members would sit deeper than ``limits.max_depth``."""
        return self.depth >= self.limits.max_depth

    def member(self, member: str, stream: BinaryIO) -> Iterator[Segment]:
        """Segments of one member (path ``member``, unprefixed), read one level deeper."""
        return self.extract_member(member, stream, self.limits, self.depth + 1)

    def inner(self) -> Nesting:
        """The nesting of a container found inside this one (an attached message)."""
        return dataclasses.replace(self, depth=self.depth + 1)


def prefixed_member(
    container: str,
    member: str,
    segments: Iterable[Segment],
    reasons: list[str],
    stop: tuple[type[BaseException], ...] = (),
) -> Iterator[Segment]:
    """Yield ``segments`` with path ``container!path``; append why the member failed, if it did.

    Exceptions in ``stop`` (and any not raised by an extractor) propagate to the caller.
    """
    try:
        for segment in segments:
            yield dataclasses.replace(segment, path=f"{container}!{segment.path}")
    except stop:
        raise
    except UnsupportedFile:
        pass  # binary member (an image, say): nothing to scan, not an error
    except PartialExtract as exc:  # read in part (a page left unread): not a failure
        reasons.append(PartialNote(f"{member}: {exc.reason}"))
    except ExtractError as exc:
        reasons.append(f"{member}: {exc.reason}")
