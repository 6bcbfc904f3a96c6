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


class PartialExtract(Exception):
    """Some content could not be read as text (a scanned page with OCR off); raised last.

    A third sibling: the pipeline records the file as ``partial`` (never silently clean), with
    what was read kept and the reason naming the pages.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
