"""Image files (PNG, JPEG, TIFF incl. multi-page, WebP, BMP, GIF): each frame OCR'd as a page.

With OCR off or no engine installed an image is not silently clean: ``PartialExtract`` says
which pages had no text layer. Pixel bombs are refused before decoding (``MAX_OCR_PIXELS``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import BinaryIO

from PIL import Image, ImageSequence, UnidentifiedImageError

from scanner.extract.errors import ExtractError, PartialExtract
from scanner.extract.limits import Limits
from scanner.extract.ocr import (
    MAX_OCR_PIXELS,
    OcrFailed,
    current_session,
    ocr_image,
    ocr_segment,
    why_not_ocr,
)
from scanner.extract.pdf import PAGE_SEPARATOR
from scanner.extract.seekable import seekable_stream
from scanner.model import Segment

MAX_IMAGE_PAGES = 500  # frames of a multi-page TIFF read at most
_MAX_REASONS = 5


def extract_image(name: str, stream: BinaryIO, limits: Limits) -> Iterator[Segment]:
    """OCR segments of every frame; ``PartialExtract``/``ExtractError`` last for unread pages."""
    session = current_session()
    with seekable_stream(stream, limits.max_member_bytes) as seekable:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(seekable)
                image.size  # noqa: B018 - header parsed
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as exc:  # fmt: skip
            raise ExtractError(f"unreadable image: {type(exc).__name__}") from exc
        if image.width * image.height > MAX_OCR_PIXELS:
            raise ExtractError(
                f"image {image.width}x{image.height} larger than {MAX_OCR_PIXELS} pixels"
            )
        skip_reason = why_not_ocr(session)
        frames = getattr(image, "n_frames", 1)
        if skip_reason:
            pages = min(frames, MAX_IMAGE_PAGES)
            which = "page 1" if pages == 1 else f"pages 1-{pages}"
            raise PartialExtract(f"{which}: no text layer ({skip_reason})")
        offset, line = 0, 1
        failures: list[str] = []
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_IMAGE_PAGES:
                failures.append(f"pages after {MAX_IMAGE_PAGES} not read (MAX_IMAGE_PAGES)")
                break
            number = index + 1
            if index:
                offset += len(PAGE_SEPARATOR)
                line += PAGE_SEPARATOR.count("\n")
            try:
                page = ocr_image(frame.convert("RGB") if frame.mode not in ("L", "RGB") else frame)
            except (OcrFailed, OSError, ValueError) as exc:
                failures.append(f"page {number}: {exc}")
                continue
            session.add(page)
            if page.text.strip():
                yield ocr_segment(page, path=name, offset=offset, line=line, page_number=number)
            offset += len(page.text)
            line += page.text.count("\n")
        if failures:
            shown = "; ".join(failures[:_MAX_REASONS])
            more = len(failures) - _MAX_REASONS
            raise PartialExtract(shown + (f"; and {more} more" if more > 0 else ""))
