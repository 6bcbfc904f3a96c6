"""Why a file could not be (fully) extracted.

The two errors are siblings on purpose: the pipeline maps ``UnsupportedFile`` to a skipped file and
``ExtractError`` to a failed one, and neither should be caught by accident as the other. Reasons
never quote file content (house rule: no raw PII in errors), only positions and formats.
"""

from __future__ import annotations


class ExtractError(Exception):
    """The file is broken or over a limit; raised after every readable segment was yielded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedFile(Exception):
    """Nothing to extract: binary content or a format piimap does not read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def unsupported_zip_feature(exc: NotImplementedError) -> ExtractError:
    """``zipfile`` raises NotImplementedError for ZIP features it cannot read (a newer format
    version, strong encryption, patched data, an unknown compression method); to the scan that is
    a file it cannot read, so it becomes the documented ``ExtractError``."""
    return ExtractError(f"unsupported zip feature: {exc}")


def exception_kind(exc: BaseException) -> str:
    """An exception for a reason: its type only, since parser messages can quote the content
    (``invalid literal for int(): 'S1234567D'``)."""
    return type(exc).__name__


class PartialExtract(Exception):
    """Some content could not be read as text (a scanned page with OCR off); raised last.

    A third sibling: the pipeline records the file as ``partial`` (never silently clean), with
    what was read kept and the reason naming the pages.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PartialNote(str):
    """A container member's reason that says the member was read in part (it raised
    ``PartialExtract``: a scanned page with OCR off), not that it failed."""


def raise_member_reasons(reasons: list[str], max_shown: int) -> None:
    """Raise what a container's member reasons add up to: ``ExtractError`` when any member
    failed, ``PartialExtract`` when members were only read in part (so an image attachment with
    OCR off leaves the mail ``partial`` with its page reason, as a lone image would be)."""
    if not reasons:
        return
    more = len(reasons) - max_shown
    text = "; ".join(reasons[:max_shown]) + (f"; and {more} more" if more > 0 else "")
    if all(isinstance(r, PartialNote) for r in reasons):
        raise PartialExtract(text)
    raise ExtractError(text)
