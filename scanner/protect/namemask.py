"""Protect stage: mask identifiers in file names, sources and messages, the same way everywhere.

A file name is written by whoever wrote the file, so it can be made of personal data:
``nric_S1234567D_export.log``, ``tan.ah.kow@example.com.log``, ``call +65 9123 4567.log``.
The recognizers cannot see an address or a phone number that a file extension is glued to
(``example.com.log`` is a host name under the ``log`` suffix), so the text is also searched with
its trailing extensions blanked out (one, then two: ``.csv``, ``.log.gz``), at the same offsets.
Every span found in any of the variants is masked. Paths, sources, error reasons and log
messages all go through :func:`mask_identifiers`, so none of them can show what another hides.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# A file extension: a dot, a letter and up to seven letters or digits, ending the name (the end
# of the text or a character that cannot continue a name).
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}(?=$|[^\w.@%+~-])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str
    value: str


def _blank_extensions(text: str) -> str:
    return _EXTENSION.sub(lambda m: " " * len(m.group()), text)


def find_spans(text: str, detect: Callable[[str], Iterable[Span]]) -> list[Span]:
    """Identifier spans in ``text`` and in its variants without the trailing extensions; where
    spans overlap the longest wins. Sorted by start."""
    variants = [text]
    for _ in range(2):
        blanked = _blank_extensions(variants[-1])
        if blanked == variants[-1]:
            break
        variants.append(blanked)
    found: list[Span] = []
    for variant in variants:
        found.extend(detect(variant))
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def mask_identifiers(
    text: str,
    detect: Callable[[str], Iterable[Span]],
    replacement: Callable[[Span], str],
) -> str:
    """``text`` with each identifier span replaced by ``replacement(span)``."""
    out = text
    for span in reversed(find_spans(text, detect)):
        out = out[: span.start] + replacement(span) + out[span.end :]
    return out


# -- log messages ----------------------------------------------------------------------------
_state = threading.local()
_masker: list[Callable[[str], str]] = []
_base_factory: list[Callable[..., logging.LogRecord]] = []


def _masking_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory[0](*args, **kwargs)
    if _masker and not getattr(_state, "busy", False):
        _state.busy = True  # the masker's own log records are not masked again
        try:
            record.msg = _masker[0](record.getMessage())
            record.args = None
        except Exception:  # noqa: BLE001 - a message that cannot be masked is not shown
            record.msg, record.args = "(message withheld: it could not be masked)", None
        finally:
            _state.busy = False
    return record


def mask_log_messages(masker: Callable[[str], str]) -> None:
    """Mask every log record created from now on in this process (the latest masker wins).

    Warnings from the extract stage (a decode fallback names the file) are written before any
    protect step sees them; this masks them where they are made, for every logger.
    """
    if not _base_factory:
        _base_factory.append(logging.getLogRecordFactory())
        logging.setLogRecordFactory(_masking_factory)
    _masker[:] = [masker]


__all__ = ["Span", "find_spans", "mask_identifiers", "mask_log_messages"]
