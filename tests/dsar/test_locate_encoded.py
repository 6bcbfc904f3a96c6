"""Percent-encoded values are found, hashed decoded, and located by their plain form
(issue 17 item 7)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from click.testing import CliRunner

from scanner.cli.main import main


def test_locate_finds_percent_encoded_phone_and_email(tmp_path):
    data = tmp_path / "logs"
    data.mkdir()
    (data / "access.log").write_text(
        "10.0.0.1 - - [02/Jan/2026:10:00:00 +0800] "
        '"POST /otp?mobile=%2B6591234567&email=tan.ah.kow%40example.com HTTP/1.1" 200 12\n',
        encoding="utf-8",
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["scan", str(data), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out / "findings.parquet").to_pylist()
    by_type = {r["entity_type"]: r for r in rows}
    line = (data / "access.log").read_text(encoding="utf-8")
    phone, email = by_type["PHONE_NUMBER"], by_type["EMAIL_ADDRESS"]
    assert line[phone["start"] : phone["end"]] == "%2B6591234567"  # raw offsets
    assert line[email["start"] : email["end"]] == "tan.ah.kow%40example.com"
    assert "%" not in phone["masked_value"] + email["masked_value"]
    for value in ("+65 9123 4567", "tan.ah.kow@example.com"):
        located = CliRunner().invoke(
            main, ["locate", str(out), "--value", value, "--format", "json"]
        )
        assert located.exit_code == 0, located.output
        report = json.loads(located.stdout)
        assert "access.log" in json.dumps(report), (value, report)
