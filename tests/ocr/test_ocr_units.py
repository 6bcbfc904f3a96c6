"""OCR building blocks that need no OCR engine: sniffing, text assembly, boxes, skew, modes."""

from __future__ import annotations

import random

import pytest

from bench.scans import image_bytes, render_page, rotated, tenancy_scan
from scanner.extract.ocr import (
    OcrWord,
    box_field,
    estimate_skew,
    ocr_session,
    page_from_data,
)
from scanner.extract.sniff import sniff_file_type


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "WEBP", "BMP", "GIF"])
def test_images_are_sniffed_by_content_whatever_the_name(fmt):
    data = image_bytes([render_page(["NRIC S1234567D"], 72, (2, 1))], fmt)
    for name in ("scan.png", "upload.dat", "noextension", "IMG_0001.JPG"):
        assert sniff_file_type(name, data[:8192]) == "image", (fmt, name)


def test_text_starting_like_a_bmp_is_still_text():
    assert sniff_file_type("notes", b"BMW X5 service booked for Tuesday\n") == "text"


def _tsv(words):
    """Tesseract's image_to_data columns for ``(text, block, line, left, conf)`` rows."""
    keys = ("text", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf")
    data = {k: [] for k in keys}
    for text, block, line, left, conf in words:
        for k, v in zip(keys, (text, block, 1, line, left, 10 * line, 40, 12, conf), strict=True):
            data[k].append(v)
    return data


def test_page_text_joins_words_lines_and_blocks_with_offsets_into_it():
    data = _tsv([("NRIC", 1, 1, 5, 96), ("No:", 1, 1, 50, 90), ("", 1, 1, 0, -1),
                 ("S1234567D", 1, 2, 5, 80), ("Signed", 2, 1, 5, 70)])  # fmt: skip
    page = page_from_data(data)
    assert page.text == "NRIC No:\nS1234567D\n\nSigned"
    assert [page.text[w.start : w.end] for w in page.words] == ["NRIC", "No:", "S1234567D",
                                                                 "Signed"]  # fmt: skip
    assert page.words[2].box == (5, 20, 40, 12)
    assert page.confidence == pytest.approx((96 + 90 + 80 + 70) / 4, abs=0.1)


def test_box_field_covers_the_words_a_finding_spans():
    words = (OcrWord(0, 3, (10, 20, 30, 12), 90), OcrWord(4, 8, (50, 20, 40, 12), 90),
             OcrWord(9, 13, (10, 40, 30, 12), 90))  # fmt: skip
    assert box_field(words, 4, 8) == "ocr:50,20,40,12"
    assert box_field(words, 0, 8) == "ocr:10,20,80,12"  # two words on a line: their union
    assert box_field(words, 20, 25) is None


@pytest.mark.parametrize("angle", [3.0, -2.0])
def test_small_skews_are_estimated(angle):
    scan = rotated(tenancy_scan(random.Random(1), 100), angle)
    assert estimate_skew(scan.image) == pytest.approx(-angle, abs=0.5)


def test_level_page_is_not_deskewed():
    assert estimate_skew(tenancy_scan(random.Random(2), 100).image) == 0.0


def test_unknown_ocr_mode_is_refused():
    with pytest.raises(ValueError, match="auto, off, always"), ocr_session("sometimes"):
        pass
