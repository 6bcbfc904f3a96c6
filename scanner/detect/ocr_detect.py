"""Detection over OCR'd pages: word boxes for findings and the checksum-guarded slip rescue.

Wraps ``Detector.detect``: ordinary segments pass through unchanged. For an OCR segment, each
finding's ``field`` becomes the box of the words it covers (``ocr:x,y,w,h``, page pixels at the
render DPI), and NRIC/FIN values misread by exactly one O/0, I/1, S/5 or B/8 confusion are added
with a lower score (``recognizers.sg.nric_ocr_slip``). A rescued value is hashed and masked in its
corrected form, so it links to the same person as a clean match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from recognizers.rules.base import SpanRule
from recognizers.rules.ocr_slip import OCR_SLIP
from scanner.detect.detector import Detector
from scanner.extract.ocr import OcrSegment, box_field
from scanner.model import Detection, Segment


def detect_segments(
    detector: Detector,
    segments: Iterable[Segment],
    slip: SpanRule = OCR_SLIP,
) -> Iterator[Detection]:
    """``detector.detect(segments)`` with OCR segments located by word box and slips rescued
    (``recognizers.rules.ocr_slip``, the rule ``SgNricOcrSlipRecognizer`` is built from)."""
    for seg in segments:
        found = detector.detect_segment(seg)
        if isinstance(seg, OcrSegment):
            found = _with_slips(seg, found, slip, detector.profile_for(seg).score_threshold)
            found = [_located(seg, d) for d in found]
        yield from found


def _located(seg: OcrSegment, d: Detection) -> Detection:
    box = box_field(seg.words, d.start - seg.offset, d.end - seg.offset)
    return replace(d, field=box) if box else d


def _with_slips(
    seg: OcrSegment, found: list[Detection], slip: SpanRule, threshold: float
) -> list[Detection]:
    taken = [(d.start - seg.offset, d.end - seg.offset) for d in found]
    added = []
    for start, end, score, meta in slip.spans(seg.text):
        if score < threshold or any(start < e and end > s for s, e in taken):
            continue
        added.append(
            Detection(
                entity_type=slip.entity,
                start=seg.offset + start,
                end=seg.offset + end,
                score=score,
                recognizer=slip.name,
                value=meta["corrected"],
                path=seg.path,
                line=seg.line + seg.text.count("\n", 0, start),
                page=seg.page,
                field=seg.field,
                metadata={"corrected_from_ocr": True},
            )
        )
    if not added:
        return found
    return sorted(found + added, key=lambda d: d.start)
