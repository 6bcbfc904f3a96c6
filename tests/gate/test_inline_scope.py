"""Inline markers cover one value, only from a comment (issue 18 item 9): a marker in a JSON
value, a CSV cell or a logged user field suppresses nothing, and a marker covers the nearest
value of its type, not every value on the line."""

from __future__ import annotations

import json

NRIC = "S8412345E"
NRIC_2 = "M2424771J"
NRIC_3 = "T0312457B"


def _reported(report: dict) -> list[tuple[int, str]]:
    return sorted((f["line"], f["masked_value"]) for f in report["findings"])


def test_marker_in_minified_json_line_suppresses_nothing(workdir, check_json):
    (workdir / "data").mkdir()
    row = {"note": "piimap:allow SG_NRIC_FIN qa fixture", "a": NRIC, "b": NRIC_2}
    (workdir / "data/users.jsonl").write_text(json.dumps(row, separators=(",", ":")) + "\n")
    (workdir / "data/app.log").write_text(
        "INFO "
        + json.dumps({"note": "# piimap:allow SG_NRIC_FIN qa", "a": NRIC, "b": NRIC_2})
        + "\n"
    )
    code, report = check_json("data")
    assert code == 1
    assert len(report["findings"]) == 4 and not report["suppressed"]


def test_marker_in_json_or_csv_file_suppresses_nothing(workdir, check_json):
    (workdir / "data").mkdir()
    (workdir / "data/users.json").write_text(
        json.dumps({"# piimap:allow SG_NRIC_FIN test key": NRIC})
    )
    (workdir / "data/users.csv").write_text(
        f"nric,note\n{NRIC},# piimap:allow SG_NRIC_FIN test row\n"
    )
    code, report = check_json("data", "--fail-on", "declared")
    assert code == 1
    assert len(report["findings"]) == 2 and not report["suppressed"]


def test_logged_user_field_does_not_reach_the_next_line(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(
        "2026-01-02T10:00:00Z INFO profile updated bio=# piimap:allow SG_NRIC_FIN mine\n"
        f"2026-01-02T10:00:01Z INFO kyc nric={NRIC}\n"
        '2026-01-02T10:00:02Z INFO profile updated bio="# piimap:allow SG_NRIC_FIN mine"\n'
        f"2026-01-02T10:00:03Z INFO kyc nric={NRIC_2}\n"
        "2026-01-02T10:00:04Z INFO profile bio # piimap:allow SG_NRIC_FIN trailing\n"
        f"2026-01-02T10:00:05Z INFO kyc nric={NRIC_3}\n"
    )
    code, report = check_json("logs")
    assert code == 1
    assert _reported(report) == [(2, "S****345E"), (4, "M****771J"), (6, "T****457B")]


def test_marker_covers_the_nearest_value_of_its_type_only(workdir, check_json):
    (workdir / "logs").mkdir()
    (workdir / "logs/app.log").write_text(
        f"INFO batch a={NRIC} b={NRIC_2} c={NRIC_3}  # piimap:allow SG_NRIC_FIN qa user c\n"
        "# piimap:allow SG_NRIC_FIN seeded QA account\n"
        f"INFO batch a={NRIC} b={NRIC_2}\n"
    )
    code, report = check_json("logs")
    assert code == 1
    assert _reported(report) == [
        (1, "M****771J"),
        (1, "S****345E"),
        (3, "M****771J"),
    ]
    assert sorted((s["line"], s["masked_value"]) for s in report["suppressed"]) == [
        (1, "T****457B"),
        (3, "S****345E"),
    ]
