"""Resource limits for extraction, so one hostile or huge file cannot exhaust a worker."""

from __future__ import annotations

from dataclasses import dataclass, fields

GIB = 1 << 30


@dataclass(frozen=True)
class Limits:
    """Bounds on memory, decompression and nesting (picklable; passed to workers).

    Text is streamed in chunks of at most ``chunk_chars`` code points. A chunk ends on a line
    boundary when the chunk holds a newline. A single line longer than ``chunk_chars`` is broken
    after the last whitespace or separator (``, ; | & = < > ( ) [ ] { } " '``) found within
    ``break_search_chars`` before the limit; if there is none, it is hard-split at the limit, and a
    value crossing that exact point is split in two (only a run of ``break_search_chars`` code
    points without a single space or separator, e.g. a base64 blob, can do that). Chunks never
    overlap, so a value is reported once; there is no overlap setting by design.

    One compression-ratio rule covers every decompressor (gzip, bzip2, xz, zip members, the
    text a PDF's compressed content streams expand to): a container may produce at most
    ``max(ratio_floor_bytes, max_ratio * input_bytes)`` (``Limits.ratio_allows``), counted over
    the whole container as it is read. Past that, extraction stops and the file is an error
    whose reason names the limit; what was read before is kept. ``max_text_chars`` caps the
    text extracted from one file (of any format) the same way.
    """

    chunk_chars: int = 1_000_000
    break_search_chars: int = 4096
    read_block_bytes: int = 1 << 20
    # Line-oriented records (JSONL, CSV): a longer "line" is scanned as plain text pieces.
    max_line_chars: int = 16_000_000
    # Whole-document JSON is parsed in memory up to this size, else scanned as plain text.
    # The same bound holds e-mails (.eml/.msg) and an xlsx shared-strings table in memory.
    max_document_chars: int = 128 * (1 << 20)
    max_decompressed_bytes: int = 10 * GIB
    parquet_batch_rows: int = 10_000
    # Archives (zip) and nesting of containers (zip, gzip, bzip2, xz).
    max_member_bytes: int = 2 * GIB
    max_total_bytes: int = 10 * GIB
    # Ratio rule: output <= max(ratio_floor_bytes, max_ratio * input). The floor lets small,
    # very repetitive files (a log of identical lines) through; no bomb fits under it.
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 << 20
    # Text extracted from one file (all its segments, archive members included), in code points.
    max_text_chars: int = 10 * GIB
    max_depth: int = 3
    max_members: int = 100_000
    # Findings kept per file (0: no cap). Past it findings are counted, not kept, and
    # files.parquet's `reason` gives the count: a 40 KB gzip of 2 million NRIC lines is scanned
    # in bounded memory.
    max_findings_per_file: int = 100_000

    def ratio_allows(self, output: int, input_bytes: int) -> bool:
        """Whether ``output`` bytes (or characters) from ``input_bytes`` obey the ratio rule."""
        return output <= max(self.ratio_floor_bytes, self.max_ratio * input_bytes)

    def ratio_limit(self, input_bytes: int) -> int:
        """The most output the ratio rule allows for ``input_bytes`` of input."""
        return max(self.ratio_floor_bytes, self.max_ratio * input_bytes)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Limits.{f.name} must be a non-negative integer, got {value!r}")
        if self.chunk_chars < 1 or self.read_block_bytes < 1:
            raise ValueError("Limits.chunk_chars and Limits.read_block_bytes must be >= 1")
        if self.max_line_chars < 1 or self.parquet_batch_rows < 1:
            raise ValueError("Limits.max_line_chars and Limits.parquet_batch_rows must be >= 1")
