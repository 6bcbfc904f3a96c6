"""Inline suppressions: `piimap:allow ENTITY reason` on the finding's line or the line above."""

from __future__ import annotations

import pytest

from scanner.gate import inline
from scanner.gate.inline import file_has_marker, iter_lines, parse_marker, read_markers

NRIC = "S8412345E"
NRIC_2 = "M2424771J"
PHONE = "+65 9123 4567"


def _lines(report: dict) -> list[tuple[int, str]]:
    return [(f["line"], f["entity_type"]) for f in report["findings"]]


def test_same_line_previous_line_and_wrong_type(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(
        "\n".join(
            [
                f"INFO fixture nric={NRIC}  # piimap:allow SG_NRIC_FIN synthetic load-test user",
                "# piimap:allow SG_NRIC_FIN seeded QA account",  # 2
                f"INFO qa nric={NRIC_2}",  # 3: suppressed by the line above
                "# piimap:allow PHONE_NUMBER wrong entity type",  # 4
                f"INFO nric={NRIC}",  # 5: still reported
                "# piimap:allow SG_NRIC_FIN too far above",  # 6
                "",  # 7
                f"INFO nric={NRIC_2}",  # 8: still reported
                f"INFO phone {PHONE}  # piimap:allow SG_NRIC_FIN, PHONE_NUMBER support line",
            ]
        )
        + "\n"
    )
    code, report = check_json("logs/")
    assert code == 1
    assert _lines(report) == [(5, "SG_NRIC_FIN"), (8, "SG_NRIC_FIN")]
    suppressed = sorted((s["line"], s["by"]) for s in report["suppressed"])
    assert suppressed == [(1, "inline"), (3, "inline"), (9, "inline")]


def test_marker_without_reason_does_not_suppress(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(f"INFO nric={NRIC} # piimap:allow SG_NRIC_FIN\n")
    code, report = check_json("logs/")
    assert code == 1
    assert _lines(report) == [(1, "SG_NRIC_FIN")]


def test_inline_reason_text_is_never_reported(workdir, check):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(
        f"# piimap:allow SG_NRIC_FIN because {NRIC_2} belongs to a tester\nINFO nric={NRIC}\n"
    )
    result = check("logs/", "--format", "json", "--fail-on", "never")
    assert NRIC_2 not in result.output
    assert "belongs to a tester" not in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x # piimap:allow SG_NRIC_FIN test user", {"SG_NRIC_FIN"}),
        ("x piimap:allow SG_NRIC_FIN test user", None),  # not in a comment
        ('x "# piimap:allow SG_NRIC_FIN in a string"', None),
        ("x=#piimap:allow SG_NRIC_FIN glued to a value", None),
        ("  -- piimap:allow SG_NRIC_FIN sql comment", {"SG_NRIC_FIN"}),
        ("// piimap:allow EMAIL_ADDRESS,PHONE_NUMBER qa inbox", {"EMAIL_ADDRESS", "PHONE_NUMBER"}),
        ("<!-- piimap:allow PERSON sample signer -->", {"PERSON"}),
        ("piimap:allow SG_NRIC_FIN", None),  # no reason
        ("piimap:allow SG_NRIC_FIN -->", None),  # only comment punctuation
        ("piimap:allow sg_nric_fin lower case type", None),
        ("no marker here", None),
    ],
)
def test_parse_marker(text, expected):
    got = parse_marker(text)
    assert (set(got) if got is not None else None) == expected


def test_marker_found_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(inline, "_CHUNK", 7)
    f = tmp_path / "a.log"
    f.write_bytes(b"0123456789ab piimap:allow SG_NRIC_FIN reason\n")
    assert file_has_marker(str(f))
    g = tmp_path / "b.log"
    g.write_bytes(b"piimap:allo w SG_NRIC_FIN reason\n" * 3)
    assert not file_has_marker(str(g))


def test_overlong_lines_keep_physical_numbering(tmp_path, monkeypatch):
    monkeypatch.setattr(inline, "MAX_LINE_BYTES", 32)
    f = tmp_path / "a.log"
    marker = b"# piimap:allow CREDIT_CARD ok\n"
    f.write_bytes(b"x" * 100 + b"\n" + b"short\r\n" + b"y" * 40 + b"\n" + marker)
    lines = list(iter_lines(str(f)))
    assert [n for n, _ in lines] == [1, 2, 3, 4]
    assert lines[1][1] == "short"
    assert set(read_markers(str(f))) == {4}


def test_files_without_marker_are_not_read_line_by_line(tmp_path, monkeypatch):
    f = tmp_path / "a.log"
    f.write_text("INFO nothing to see\n" * 100)
    monkeypatch.setattr(inline, "iter_lines", lambda uri: pytest.fail("lines were read"))
    assert read_markers(str(f)) == {}
