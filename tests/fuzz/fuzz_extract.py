"""Coverage-guided fuzz target for scanner.extract (atheris / libFuzzer).

Run: ``make fuzz`` (FUZZ_SECONDS=300 by default) or
``python tests/fuzz/fuzz_extract.py -max_total_time=60 [corpus_dir]``.

The first input byte picks the file name (and so the extractor the sniffer chooses); the rest is
the file. Any exception other than the documented per-file errors (``ExtractError``,
``UnsupportedFile``) is a bug: libFuzzer stops and writes the crashing input as ``crash-*``.
Offsets are checked too: a segment's text must fit the file's extracted text without overlap.
Limits are small so one input cannot run for long or use much memory.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    from scanner.extract import ExtractError, Limits, UnsupportedFile, extract

NAMES = (
    "notes.txt", "app.log", "data.json", "data.jsonl", "data.csv", "data.tsv", "table.parquet",
    "doc.pdf", "doc.docx", "bundle.zip", "app.log.gz", "app.log.bz2", "app.log.xz", "blob",
)  # fmt: skip
LIMITS = Limits(
    chunk_chars=4096,
    break_search_chars=256,
    max_line_chars=8192,
    max_document_chars=1 << 20,
    max_decompressed_bytes=8 << 20,
    max_member_bytes=4 << 20,
    max_total_bytes=8 << 20,
    max_members=64,
)


def check_segments(name: str, data: bytes) -> None:
    last_end: dict[str, int] = {}
    try:
        for segment in extract(name, io.BytesIO(data), limits=LIMITS):
            assert isinstance(segment.text, str)
            assert segment.offset >= 0 and segment.line >= 1
            # Segments of one path come in order and never overlap.
            assert segment.offset >= last_end.get(segment.path, 0), (name, segment.path)
            last_end[segment.path] = segment.offset + len(segment.text)
    except (ExtractError, UnsupportedFile):
        pass


def test_one_input(data: bytes) -> None:
    if not data:
        return
    check_segments(NAMES[data[0] % len(NAMES)], data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
