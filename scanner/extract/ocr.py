"""OCR of page images: Tesseract through pytesseract, with orientation and deskew.

Why Tesseract and not RapidOCR: measured on the generated scans of ``bench/scans.py`` (one core,
this machine), Tesseract 5 read a 200-dpi A4 page in about 0.5 s of CPU, RapidOCR (ONNX) in about
5.4 s; the bench target is at least 1 page per second per core. RapidOCR read more of the
rotated/blurred photos unaided; Tesseract gets there with its own orientation detection (OSD)
and the small-angle deskew below, and the checksum-guarded slip rescue in ``recognizers``
catches its usual O/0-type confusions. Tesseract is a Debian package (``make ocr``).

A page is read upright first; when that yields few words or low confidence, Tesseract's OSD says
how the page is turned (90/180/270) and the page is read again turned back. Small skews (a page
fed askew, a phone photo) are estimated from the horizontal ink profile and undone first.

Word boxes are pixels of the upright, deskewed page image at the render DPI (``x,y,w,h``, origin
top-left). Offsets of words are into the page's OCR text: words joined by spaces, lines by
newlines, blocks by an empty line.

The mode (``auto`` / ``off`` / ``always``) and the per-file OCR totals travel in a context variable
set by the pipeline around one file (``ocr_session``), so extractors deep in containers see it
without every extractor signature carrying it.
"""

from __future__ import annotations

import contextvars
import os
import shutil
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from scanner.model import Segment

if TYPE_CHECKING:  # Pillow loads when a page is OCR'd, not with the pipeline
    from PIL import Image

OCR_MODES: tuple[str, ...] = ("auto", "off", "always")
# PDF pages are rendered at this resolution for OCR (image files are read at their own
# pixels, so word boxes are theirs): on the generated 200-dpi scans, reading at 150 dpi found
# 40/40 NRICs (200 dpi: 38/40, the check letter Q read as 0) and is faster. Body text is then
# about 23 px high.
RENDER_DPI = 150
MAX_OCR_PIXELS = 60_000_000  # a bigger page image is not OCR'd (about A2 at 300 dpi)
OCR_TIMEOUT_SECONDS = 120  # per page; Tesseract is stopped after this
# Below these the upright reading is doubted and OSD decides the orientation.
RETRY_MIN_WORDS = 8
RETRY_MIN_CONFIDENCE = 70.0
MAX_DESKEW_DEGREES = 6.0
SKEW_MIN_GAIN = 1.2  # the best angle's profile variance over the level one's
# Characters Tesseract may output: what documents and IDs print. Without the list Tesseract
# reads S as $ and C as ¢ in identifiers.
_WHITELIST = string.ascii_letters + string.digits + " .,:;/-()@&#+_%*!?='"
_CONFIG = f'--oem 1 --psm 3 -c "tessedit_char_whitelist={_WHITELIST}"'

# One Tesseract thread per page: the scan already runs one worker per core.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrWord:
    """A word of a page's OCR text: offsets into that text, box in page pixels, confidence."""

    start: int
    end: int
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    text: str
    words: tuple[OcrWord, ...]
    confidence: float  # mean word confidence, 0-100
    rotation: int = 0  # degrees the page was turned to read it
    skew: float = 0.0


@dataclass(frozen=True)
class OcrSegment(Segment):
    """A segment of OCR text; ``words`` locate its characters on the page image."""

    words: tuple[OcrWord, ...] = ()


@dataclass
class OcrSession:
    """OCR settings and totals for one file."""

    mode: str = "auto"
    pages: int = 0
    confidence_sum: float = 0.0
    missing: list[str] = field(default_factory=list)  # "page 2: no text layer (OCR off)"

    def add(self, page: OcrPage) -> None:
        self.pages += 1
        self.confidence_sum += page.confidence

    def note(self) -> str:
        """``ocr: N pages, mean confidence C`` or empty when nothing was OCR'd."""
        if not self.pages:
            return ""
        return f"ocr: {self.pages} pages, mean confidence {self.confidence_sum / self.pages:.1f}"


_SESSION: contextvars.ContextVar[OcrSession | None] = contextvars.ContextVar(
    "piimap_ocr_session", default=None
)


@contextmanager
def ocr_session(mode: str = "auto") -> Iterator[OcrSession]:
    """OCR ``mode`` for the extraction inside the block; yields the file's OCR totals."""
    if mode not in OCR_MODES:
        raise ValueError(f"OCR mode must be one of {', '.join(OCR_MODES)}, not {mode!r}")
    session = OcrSession(mode)
    token = _SESSION.set(session)
    try:
        yield session
    finally:
        _SESSION.reset(token)


def current_session() -> OcrSession:
    """The session of the file being extracted (a default ``auto`` one outside any)."""
    session = _SESSION.get()
    if session is None:
        session = OcrSession()
        _SESSION.set(session)
    return session


@lru_cache(maxsize=1)
def engine_missing() -> str | None:
    """Why OCR cannot run here (``tesseract not installed``), or None when it can."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return "pytesseract not installed"
    if shutil.which("tesseract") is None:
        return "tesseract not installed"
    return None


def why_not_ocr(session: OcrSession) -> str | None:
    """Why a page without text is not OCR'd in this session, or None when it will be."""
    if session.mode == "off":
        return "OCR off"
    missing = engine_missing()
    return f"OCR unavailable: {missing}" if missing else None


class OcrFailed(Exception):
    """A page could not be OCR'd (too large, Tesseract failed or timed out)."""


def ocr_image(image: Image.Image) -> OcrPage:
    """Read ``image``: deskew, read upright, and when doubtful turn it as OSD says and re-read."""
    from PIL import Image, ImageOps

    if image.width * image.height > MAX_OCR_PIXELS:
        raise OcrFailed(f"page image {image.width}x{image.height} too large for OCR")
    gray = ImageOps.grayscale(image) if image.mode != "L" else image
    skew = estimate_skew(gray)
    if skew:
        gray = gray.rotate(skew, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    page = _read(gray)
    if len(page.words) < RETRY_MIN_WORDS or page.confidence < RETRY_MIN_CONFIDENCE:
        turn = _osd_rotation(gray)
        if turn:
            turned = _read(gray.rotate(-turn, expand=True, fillcolor=255))
            if _quality(turned) > _quality(page):
                page = OcrPage(turned.text, turned.words, turned.confidence, turn)
    return OcrPage(page.text, page.words, page.confidence, page.rotation, skew)


def _quality(page: OcrPage) -> float:
    return sum(w.confidence for w in page.words)


def _read(gray: Image.Image) -> OcrPage:
    return page_from_data(_tesseract_data(gray, _CONFIG))


def _tesseract_data(image: Image.Image, config: str) -> dict[str, list[Any]]:
    import pytesseract

    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            image, config=config, output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT_SECONDS
        )
        return data
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrFailed(f"OCR timed out after {OCR_TIMEOUT_SECONDS} s") from exc
    except pytesseract.TesseractError as exc:
        raise OcrFailed(f"tesseract failed (status {exc.status})") from exc


def page_from_data(data: dict[str, list[Any]]) -> OcrPage:
    """Page text and word boxes from Tesseract's TSV columns (``image_to_data``)."""
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    last_line: tuple[int, int, int] | None = None
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        if not text:
            continue
        line_key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if last_line is not None:
            same_block = line_key[0] == last_line[0]
            sep = " " if line_key == last_line else ("\n" if same_block else "\n\n")
            parts.append(sep)
            length += len(sep)
        last_line = line_key
        box = (int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
               int(data["height"][i]))  # fmt: skip
        confidence = max(0.0, float(data["conf"][i]))
        words.append(OcrWord(length, length + len(text), box, confidence))
        parts.append(text)
        length += len(text)
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage("".join(parts), tuple(words), round(mean, 1))


def _osd_rotation(gray: Image.Image) -> int:
    """Clockwise degrees (0/90/180/270) Tesseract's OSD says the page is turned, 0 when unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(
            gray, config="--psm 0 -c min_characters_to_try=10", timeout=OCR_TIMEOUT_SECONDS
        )
    except (RuntimeError, pytesseract.TesseractError):
        return 0  # too little text to tell; keep the upright reading
    for line in osd.splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":", 1)[1]) % 360
    return 0


def estimate_skew(gray: Image.Image, max_degrees: float = MAX_DESKEW_DEGREES) -> float:
    """Degrees to turn ``gray`` counter-clockwise so its text lines run level (0 when level).

    Text lines give the row-ink profile sharp peaks when level: the angle whose profile has the
    largest variance wins, tried on a small thumbnail in half-degree steps.
    """
    import numpy as np
    from PIL import ImageOps

    thumb = gray.copy()
    thumb.thumbnail((800, 800))
    ink = ImageOps.invert(thumb).point(lambda v: 255 if v > 96 else 0)
    if not ink.getbbox():
        return 0.0

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, expand=False), dtype=np.float32).sum(axis=1)
        return float(np.var(rows))

    level = score(0.0)
    steps = int(max_degrees * 2)
    best, best_score = max(
        ((step / 2, score(step / 2)) for step in range(-steps, steps + 1) if step),
        key=lambda pair: pair[1],
    )
    # A clear gain only: a level page, or one turned 90 degrees (no lines either way), stays.
    return best if best_score > SKEW_MIN_GAIN * level else 0.0


def ocr_segment(page: OcrPage, *, path: str, offset: int, line: int, page_number: int,
                context: str = "") -> OcrSegment:  # fmt: skip
    """The segment of an OCR'd page at ``offset`` (``field`` says ``ocr``; the scanner narrows
    it to a word box per finding)."""
    return OcrSegment(
        text=page.text,
        path=path,
        offset=offset,
        line=line,
        page=page_number,
        field="ocr",
        context=context,
        kind="prose",
        words=page.words,
    )


def box_field(words: tuple[OcrWord, ...], start: int, end: int) -> str | None:
    """``ocr:x,y,w,h``: the box around the words overlapping ``[start, end)`` (segment offsets)."""
    hit = [w for w in words if w.start < end and w.end > start]
    if not hit:
        return None
    x0 = min(w.box[0] for w in hit)
    y0 = min(w.box[1] for w in hit)
    x1 = max(w.box[0] + w.box[2] for w in hit)
    y1 = max(w.box[1] + w.box[3] for w in hit)
    return f"ocr:{x0},{y0},{x1 - x0},{y1 - y0}"
