"""The OCR bench row: table lines, and a missing engine reported instead of crashing."""

from __future__ import annotations

from bench.ocr_bench import ocr_rows, run_ocr_bench


def test_rows_show_speed_and_recall():
    result = {"clean_200dpi": {"pages": 10, "nrics": 40, "found": 39, "recall": 0.975,
                               "cpu_seconds": 8.0, "pages_per_cpu_second": 1.25}}  # fmt: skip
    lines = ocr_rows(result)
    assert lines[0].startswith("| OCR set | pages | pages/s/core | NRIC recall |")
    assert lines[2] == "| clean_200dpi | 10 | 1.25 | 39/40 = 0.975 |"


def test_missing_engine_is_a_skipped_row(monkeypatch):
    monkeypatch.setattr("scanner.extract.ocr.engine_missing", lambda: "tesseract not installed")
    result = run_ocr_bench(1)
    assert result == {"skipped": "tesseract not installed"}
    assert ocr_rows(result) == ["OCR: tesseract not installed"]
