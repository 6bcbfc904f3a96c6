"""Generated scans: text rendered into images and image-only PDFs, as a scanner or phone makes them.

Used by the OCR tests and the OCR bench row, so both measure on the same kind of input: pages of a
tenancy agreement and identity-card fronts with valid NRIC/FIN numbers, rendered by Pillow at
150/200/300 dpi, then optionally rotated (0/90/180/270 or a small skew, as a page fed askew) and
blurred with sensor noise (as a phone photo). Nothing here reads the network or system fonts:
Pillow's built-in scalable font is used.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bench.identifiers import make_nric

A4_INCHES = (8.27, 11.69)
CARD_INCHES = (3.37, 2.13)  # ID-1 card size
FONT_POINTS = 11


@dataclass(frozen=True)
class Scan:
    """One generated image and the NRIC/FIN values printed on it."""

    image: Image.Image
    nrics: tuple[str, ...]
    dpi: int


def _font(dpi: int, points: float = FONT_POINTS) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=max(8, round(points * dpi / 72)))


def tenancy_lines(rng: random.Random, count: int = 4) -> tuple[list[str], list[str]]:
    """Lines of a tenancy agreement page naming ``count`` parties, and their NRIC/FIN values."""
    nrics = [make_nric(rng, rng.choice("STFG")) for _ in range(count)]
    names = ["Tan Wei Ming", "Siti Nurhaliza", "Rajesh Kumar", "Lim Mei Ling", "Ong Boon Hock"]
    lines = ["TENANCY AGREEMENT", "", "This agreement is made between the parties below."]
    for i, nric in enumerate(nrics):
        lines += [
            "",
            f"Party {i + 1}: {names[i % len(names)]}",
            f"NRIC/FIN No: {nric}",
            f"Address: Blk {rng.randint(1, 999)} Tampines Street {rng.randint(10, 99)}",
        ]
    lines += ["", "The tenant shall pay the monthly rent on the first day of each month."]
    return lines, nrics


def render_page(
    lines: list[str],
    dpi: int,
    size_inches: tuple[float, float] = A4_INCHES,
    points: float = FONT_POINTS,
) -> Image.Image:
    """``lines`` in black on a white page of ``size_inches`` at ``dpi`` (grayscale)."""
    width, height = round(size_inches[0] * dpi), round(size_inches[1] * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = _font(dpi, points)
    x, y = round(0.8 * dpi), round(0.8 * dpi)
    step = round(points * 1.6 * dpi / 72)
    for line in lines:
        draw.text((x, y), line, fill=0, font=font)
        y += step
    return page


def tenancy_scan(rng: random.Random, dpi: int = 200, parties: int = 4) -> Scan:
    """A clean A4 scan of a tenancy agreement page."""
    lines, nrics = tenancy_lines(rng, parties)
    return Scan(render_page(lines, dpi), tuple(nrics), dpi)


def card_scan(rng: random.Random, dpi: int = 300) -> Scan:
    """The front of an identity card (one NRIC), card-sized, as a flatbed scan."""
    nric = make_nric(rng, rng.choice("ST"))
    lines = ["REPUBLIC OF SINGAPORE", "IDENTITY CARD No.", nric, "Name", "TAN AH KOW",
             "Date of birth 01-02-1985"]  # fmt: skip
    return Scan(render_page(lines, dpi, CARD_INCHES, points=9), (nric,), dpi)


def rotated(scan: Scan, degrees: float) -> Scan:
    """The scan turned counter-clockwise by ``degrees`` (white fill, canvas grown to fit)."""
    turned = scan.image.rotate(degrees, expand=True, fillcolor=255, resample=Image.BICUBIC)
    return Scan(turned, scan.nrics, scan.dpi)


def photographed(scan: Scan, rng: random.Random, blur: float = 1.0) -> Scan:
    """A phone-photo look: gray paper, Gaussian blur, sensor noise, JPEG-ready RGB."""
    image = scan.image.point(lambda v: 60 + v * 0.7)  # dim paper, gray ink
    image = image.filter(ImageFilter.GaussianBlur(blur))
    noise = Image.effect_noise(image.size, 12)
    image = Image.blend(image, noise, 0.08)
    return Scan(image.convert("RGB"), scan.nrics, scan.dpi)


def image_bytes(images: list[Image.Image], fmt: str, dpi: int = 200) -> bytes:
    """Encode ``images`` as one file: PNG/JPEG/WEBP/BMP take the first, TIFF and PDF take all."""
    out = io.BytesIO()
    first, rest = images[0], images[1:]
    if fmt == "PDF":  # image-only PDF: each page one image, no text layer
        first.convert("RGB").save(out, "PDF", resolution=dpi, save_all=True,
                                  append_images=[i.convert("RGB") for i in rest])  # fmt: skip
    elif fmt == "TIFF":
        first.save(out, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi),
                   compression="tiff_deflate")  # fmt: skip
    elif fmt == "JPEG":
        first.convert("RGB").save(out, "JPEG", quality=85, dpi=(dpi, dpi))
    else:
        first.save(out, fmt)
    return out.getvalue()


def scan_set(seed: int = 16, *, dpi: int = 200, pages: int = 5) -> list[Scan]:
    """``pages`` clean tenancy pages at ``dpi`` (the recall set of the bench and the tests)."""
    rng = random.Random(seed)
    return [tenancy_scan(rng, dpi) for _ in range(pages)]


def hard_set(seed: int = 17) -> list[Scan]:
    """Rotated (90/180/270 and a 3-degree skew) and blurred photographed variants."""
    rng = random.Random(seed)
    out = []
    for angle in (90, 180, 270, 3, -2):
        out.append(rotated(tenancy_scan(rng, 200), angle))
    for blur in (0.8, 1.2):
        out.append(photographed(rotated(tenancy_scan(rng, 200), 1.5), rng, blur))
    out.append(photographed(card_scan(rng, 300), rng, 1.0))
    return out
