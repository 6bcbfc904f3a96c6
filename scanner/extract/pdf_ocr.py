"""OCR for PDF pages without a text layer: pypdfium2 renders the page, ``ocr`` reads it.

A page counts as "no text layer" when its text layer is empty but it draws an image (a scan).
A blank page needs nothing. With OCR off or unavailable such pages are listed, and the PDF
extractor makes the file ``partial`` instead of silently clean. In ``always`` mode every page
that draws an image is OCR'd, and the OCR text follows the page's text layer.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from scanner.extract.ocr import (
    MAX_OCR_PIXELS,
    RENDER_DPI,
    OcrFailed,
    OcrPage,
    OcrSession,
    current_session,
    ocr_image,
    why_not_ocr,
)

_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE
_FORM_DEPTH = 3  # images inside form XObjects count too


class PdfPageOcr:
    """Renders and OCRs pages of one PDF on demand; collects the pages it could not read."""

    def __init__(self, stream: BinaryIO, session: OcrSession | None = None) -> None:
        self._stream = stream
        self._doc: Any = None
        self.session = session or current_session()
        self.missing: list[int] = []  # pages with no text layer left unread
        self.failures: list[str] = []

    def _document(self) -> Any:
        if self._doc is None:
            import pypdfium2

            self._stream.seek(0)
            self._doc = pypdfium2.PdfDocument(self._stream, autoclose=False)
        return self._doc

    def _has_image(self, index: int) -> bool:
        page = self._document()[index]
        try:
            objects = page.get_objects(filter=[_IMAGE_OBJECT], max_depth=_FORM_DEPTH)
            return next(iter(objects), None) is not None
        finally:
            page.close()

    def read(self, index: int, text: str) -> OcrPage | None:
        """The OCR of page ``index`` when it needs one and OCR can run, else None."""
        if self.session.mode != "always" and text.strip():
            return None
        try:
            if not self._has_image(index):
                return None
        except Exception as exc:  # pdfium cannot parse what pypdf could: say so, keep going
            self.failures.append(f"page {index + 1} not rendered: {type(exc).__name__}")
            return None
        if why_not_ocr(self.session):
            if not text.strip():
                self.missing.append(index + 1)
            return None
        try:
            image = self._render(index)
            page = ocr_image(image)
        except (OcrFailed, OSError, ValueError) as exc:
            self.failures.append(f"page {index + 1}: {exc}")
            return None
        self.session.add(page)
        return page

    def _render(self, index: int) -> Any:
        page = self._document()[index]
        try:
            width, height = page.get_size()  # points
            scale = RENDER_DPI / 72
            if width * scale * height * scale > MAX_OCR_PIXELS:
                raise OcrFailed(f"page {width:.0f}x{height:.0f} pt too large for OCR")
            return page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()

    def reason(self) -> str | None:
        """``page 2: no text layer (OCR off)`` for the unread pages, or None."""
        if not self.missing:
            return None
        why = why_not_ocr(self.session) or "OCR off"
        pages = self.missing
        shown = ", ".join(str(p) for p in pages[:10]) + (", ..." if len(pages) > 10 else "")
        word = "page" if len(pages) == 1 else "pages"
        return f"{word} {shown}: no text layer ({why})"

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
