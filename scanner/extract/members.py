"""One container member's segments, as every container (ZIP, TAR, e-mail) reports them.

A member's segments get the container's path in front (``outer!member``), and what the member
raised becomes a reason of the container: nothing for a binary member, a ``PartialNote`` for a
member read in part, the reason for a broken one. The containers differ only in what they read
and what stops them; that stays with each (``stop`` lets their own stop signal through).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from scanner.extract.errors import ExtractError, PartialExtract, PartialNote, UnsupportedFile
from scanner.model import Segment


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
