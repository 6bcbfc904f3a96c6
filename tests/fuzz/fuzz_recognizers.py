"""Coverage-guided fuzz target for the recognizers over adversarial text (atheris / libFuzzer).

Run: ``make fuzz`` (each target gets FUZZ_SECONDS, 300 by default) or
``python tests/fuzz/fuzz_recognizers.py -max_total_time=60 [corpus_dir]``.

The input is decoded as UTF-8 (with surrogate escapes, so every byte string is some text) and
then *amplified*: the first byte picks a repeat count, so a short input like ``Ltd `` or
``+65 `` becomes a long run of it, the shape of the quadratic paths issue 18 found. Every
recognizer (``recognizers.default_recognizers``) must return spans inside the text without
raising, and its CPU time must stay linear: a run that costs more than ``MAX_SECONDS_PER_MB``
per megabyte of text (plus a fixed allowance) is reported as a crash.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    from recognizers import default_recognizers

RECOGNIZERS = default_recognizers()
MAX_REPEAT_CHARS = 200_000
# Generous: the slowest recognizer runs at a few seconds per MB; quadratic runs blow far past.
MAX_SECONDS_PER_MB = 60.0
ALLOWANCE_SECONDS = 1.0


def amplified(data: bytes) -> str:
    """The fuzzer's text, repeated up to ``MAX_REPEAT_CHARS`` as the first byte says."""
    unit = data[1:].decode("utf-8", "surrogateescape")
    if not unit:
        return ""
    repeat = 1 + data[0] * max(1, MAX_REPEAT_CHARS // 255 // len(unit))
    return unit * repeat


def check_recognizers(text: str) -> None:
    for rec in RECOGNIZERS:
        start = time.process_time()
        results = rec.analyze(text, rec.supported_entities, None) or []
        spent = time.process_time() - start
        for r in results:
            assert 0 <= r.start < r.end <= len(text), (rec.name, r.start, r.end, len(text))
        budget = ALLOWANCE_SECONDS + MAX_SECONDS_PER_MB * len(text) / 1_000_000
        assert spent < budget, f"{rec.name}: {spent:.1f}s for {len(text)} chars"


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    check_recognizers(amplified(data))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
