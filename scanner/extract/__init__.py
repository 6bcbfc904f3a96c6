"""Extract text segments from files: sniff the format, dispatch, stream in bounded chunks.

See docs/architecture.md ("scanner/extract") for the contract; ``scanner.model.Segment`` is
what every extractor yields.
"""

from scanner.extract.decode import peek_head
from scanner.extract.dispatch import extract, extract_member
from scanner.extract.errors import ExtractError, UnsupportedFile
from scanner.extract.limits import Limits
from scanner.extract.sniff import FILE_TYPES, looks_like_log, sniff_file_type

__all__ = [
    "FILE_TYPES",
    "ExtractError",
    "Limits",
    "UnsupportedFile",
    "extract",
    "extract_member",
    "looks_like_log",
    "peek_head",
    "sniff_file_type",
]
