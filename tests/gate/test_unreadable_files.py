"""A file the gate could not read is not clean (issue 18 item 7): UTF-16/32 logs without a BOM
are decoded and scanned; a file still skipped as binary makes `check` exit 2 with the reason."""

from __future__ import annotations

import pytest

NRIC = "S8412345E"
LOG = f"2026-01-02T10:00:00Z INFO signup ok nric={NRIC}\n" * 3


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bom_less_wide_log_is_decoded_and_fails_the_gate(workdir, check_json, encoding):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_bytes(LOG.encode(encoding))
    code, report = check_json("logs")
    assert code == 1, report
    assert {f["masked_value"] for f in report["findings"]} == {"S****345E"}
    assert {f["line"] for f in report["findings"]} == {1, 2, 3}
    assert not report.get("errors")


def test_utf32_with_bom_is_decoded(workdir, check_json):
    (workdir / "app.log").write_bytes(LOG.encode("utf-32"))
    code, report = check_json("app.log")
    assert code == 1 and len(report["findings"]) == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("app.log", b"\x00" * 64 + LOG.encode()),  # NUL padding (a crash), then the values
        ("dump", b"\x00\x01\x02\x03" * 40 + LOG.encode()),  # no extension, binary head
    ],
)
def test_file_skipped_as_binary_makes_the_gate_exit_2(workdir, check, name, content):
    (workdir / "logs").mkdir()
    (workdir / "logs/clean.log").write_text("2026-01-02 INFO ok\n")
    (workdir / "logs" / name).write_bytes(content)
    result = check("logs")
    assert result.exit_code == 2, result.output
    assert f"logs/{name}" in result.output
    assert "binary content" in result.output


def test_clean_text_files_still_pass(workdir, check):
    (workdir / "logs").mkdir()
    (workdir / "logs/clean.log").write_text("2026-01-02 INFO ok\n")
    assert check("logs").exit_code == 0
