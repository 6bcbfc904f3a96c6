"""OCR bench row: pages per second per core at 200 dpi and NRIC recall on generated scans.

Scans come from ``bench.scans`` (clean 200-dpi tenancy pages as image-only PDFs; rotated,
skewed and blurred photographed variants as PNG/JPEG). Each file goes through piimap's real
extraction and detection (``logs`` profile: NER plays no part in NRIC recall). Speed is pages
over CPU seconds of this process and its Tesseract children during extraction and detection,
so it is per core whatever else the machine runs. Run alone: ``python -m bench.ocr_bench``.
"""

from __future__ import annotations

import io
import json
import os
import sys
from typing import Any

from bench.scans import Scan, hard_set, image_bytes, scan_set


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _found(ctx: Any, name: str, data: bytes) -> tuple[set[str], int]:
    from scanner.detect.ocr_detect import detect_segments
    from scanner.extract import extract
    from scanner.extract.ocr import ocr_session

    with ocr_session("auto") as session:
        values = {
            d.value.upper()
            for d in detect_segments(ctx.detector, extract(name, io.BytesIO(data)))
            if d.entity_type == "SG_NRIC_FIN"
        }
    return values, session.pages


def _measure(ctx: Any, files: list[tuple[str, bytes, list[Scan]]]) -> dict[str, Any]:
    truth = found = pages = 0
    cpu0 = _cpu()
    for name, data, scans in files:
        values, n = _found(ctx, name, data)
        pages += n
        for scan in scans:
            truth += len(scan.nrics)
            found += sum(1 for v in scan.nrics if v in values)
    cpu = _cpu() - cpu0
    return {"pages": pages, "nrics": truth, "found": found,
            "recall": found / truth if truth else 0.0, "cpu_seconds": round(cpu, 2),
            "pages_per_cpu_second": pages / cpu if cpu else 0.0}  # fmt: skip


def ocr_bench(clean_pages: int = 10) -> dict[str, Any]:
    """``{"clean_200dpi": {...}, "rotated_blurred": {...}}`` or ``{"skipped": why}``."""
    from scanner.extract.ocr import engine_missing
    from scanner.scan.pipeline import ScanConfig, ScanContext

    missing = engine_missing()
    if missing:
        return {"skipped": missing}
    os.environ.setdefault("PIIMAP_HASH_KEY", "piimap-bench-not-a-secret-key")
    ctx = ScanContext(ScanConfig(run_id="ocr-bench", profile="logs"))
    ctx.detector  # noqa: B018 - build the recognizers outside the timed part
    clean = scan_set(seed=16, dpi=200, pages=clean_pages)
    clean_files = [(f"scan-{i}.pdf", image_bytes([s.image], "PDF", 200), [s])
                   for i, s in enumerate(clean)]  # fmt: skip
    hard = hard_set(seed=17)
    hard_files = [(f"photo-{i}.{'jpg' if s.image.mode == 'RGB' else 'png'}",
                   image_bytes([s.image], "JPEG" if s.image.mode == "RGB" else "PNG"), [s])
                  for i, s in enumerate(hard)]  # fmt: skip
    return {"clean_200dpi": _measure(ctx, clean_files),
            "rotated_blurred": _measure(ctx, hard_files)}  # fmt: skip


def run_ocr_bench(clean_pages: int = 10) -> dict[str, Any]:
    """``ocr_bench`` for ``bench.run``: a failure becomes ``{"error": ...}``, not an abort."""
    try:
        return ocr_bench(clean_pages)
    except Exception as exc:  # noqa: BLE001 - the row reports any failure
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def ocr_rows(result: dict[str, Any]) -> list[str]:
    """Markdown lines for results.md."""
    if "skipped" in result or "error" in result:
        return [f"OCR: {result.get('skipped') or result.get('error')}"]
    lines = ["| OCR set | pages | pages/s/core | NRIC recall |", "|---|---:|---:|---:|"]
    for name, row in result.items():
        lines.append(f"| {name} | {row['pages']} | {row['pages_per_cpu_second']:.2f} | "
                     f"{row['found']}/{row['nrics']} = {row['recall']:.3f} |")  # fmt: skip
    return lines


if __name__ == "__main__":
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    outcome = ocr_bench(pages)
    print(json.dumps(outcome, indent=2))
    print("\n".join(ocr_rows(outcome)))
