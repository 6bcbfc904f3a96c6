"""CSV / TSV cells and Parquet columns: field, context, line and offset."""

from __future__ import annotations

import csv
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq

from scanner.extract import Limits
from scanner.extract.tabular import render_cell


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)  # writes CRLF line ends
    return out.getvalue()


def test_csv_cells_with_column_names_and_offsets(run_extract, check_offsets) -> None:
    rows = [["name", "nric", "phone"],
            ["Tan Ah Kow", "S1234567D", "+65 9123 4567"],
            ["Lim, Mei Ling", "", 'say "hi"']]  # fmt: skip
    text = _csv_text(rows)
    assert "\r\n" in text
    result = run_extract("export/users.csv", text.encode())
    assert result.error is None
    assert [(s.field, s.context, s.text, s.line) for s in result.segments] == [
        ("name", "", "name", 1),  # header cells are scanned too, with no context
        ("nric", "", "nric", 1),
        ("phone", "", "phone", 1),
        ("name", "name", "Tan Ah Kow", 2),
        ("nric", "nric", "S1234567D", 2),
        ("phone", "phone", "+65 9123 4567", 2),
        ("name", "name", "Lim, Mei Ling", 3),
        ("phone", "phone", 'say "hi"', 3),
    ]
    assert {s.kind for s in result.segments} == {"field"}
    assert {s.path for s in result.segments} == {"export/users.csv"}
    # Escaped quotes make the raw cell longer; all other cells sit exactly at their offset.
    check_offsets(result.segments[:-1], text)
    last = result.segments[-1]
    assert text[last.offset : last.offset + 6] == 'say ""'


def test_quoted_multiline_cell_line_numbers(run_extract, check_offsets) -> None:
    text = (
        "id,address,nric\n"
        '1,"Blk 123\nAng Mo Kio Ave 3\n#05-67",S1234567D\n'
        '2,"1 Jalan Besar",T7654321A\n'
    )
    result = run_extract("addr.csv", text.encode())
    check_offsets(result.segments, text)
    data = [s for s in result.segments if s.context]
    assert [(s.field, s.line) for s in data] == [
        ("id", 2), ("address", 2), ("nric", 4), ("id", 5), ("address", 5), ("nric", 5),
    ]  # fmt: skip
    assert data[1].text == "Blk 123\nAng Mo Kio Ave 3\n#05-67"


def test_tsv(run_extract, check_offsets) -> None:
    text = "email\tnric\ntan@example.com\tS1234567D\n"
    result = run_extract("dump.tsv", text.encode())
    check_offsets(result.segments, text)
    assert [(s.field, s.text) for s in result.segments if s.context] == [
        ("email", "tan@example.com"),
        ("nric", "S1234567D"),
    ]


def test_headerless_csv_does_not_leak_values_into_field_names(run_extract) -> None:
    text = "S1234567D,tan@example.com,Tan\nT7654321A,lim@example.com,Lim\n"
    result = run_extract("noheader.csv", text.encode())
    # A first row holding values is a record: every column is column_N and the row is scanned.
    assert [(s.field, s.text, s.line) for s in result.segments] == [
        ("column_1", "S1234567D", 1), ("column_2", "tan@example.com", 1), ("column_3", "Tan", 1),
        ("column_1", "T7654321A", 2), ("column_2", "lim@example.com", 2), ("column_3", "Lim", 2),
    ]  # fmt: skip


def test_extra_cells_get_numbered_columns(run_extract) -> None:
    result = run_extract("ragged.csv", b"a\n1,S1234567D\n")
    assert [(s.field, s.text) for s in result.segments if s.context] == [
        ("a", "1"), ("column_2", "S1234567D"),
    ]  # fmt: skip


def test_malformed_csv_scans_the_rest_as_text(run_extract, check_offsets) -> None:
    text = "a,b\n1,2\nx\ry,S1234567D\n3,4\n"
    result = run_extract("bad.csv", text.encode())
    assert str(result.error).startswith("malformed CSV record at line 3")
    check_offsets(result.segments, text)
    assert [s.kind for s in result.segments] == ["field"] * 4 + ["log"]  # header a, b; 1, 2
    assert result.segments[-1].text == "x\ry,S1234567D\n3,4\n"


def _parquet(table: pa.Table, **kwargs) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **kwargs)
    return sink.getvalue()


def test_parquet_columns_rows_and_virtual_text_offsets(run_extract, check_offsets) -> None:
    table = pa.table({
        "name": ["Tan Ah Kow", None, "Lim Mei Ling", "Ng"],
        "nric": ["S1234567D", "T7654321A", "", "F1234567N"],
        "age": [42, 35, None, 7],
        "vip": [True, False, None, True],
        "tags": [["a"], [], None, ["x", "y"]],
    })  # fmt: skip
    data = _parquet(table, row_group_size=2)
    result = run_extract("t.parquet", data, Limits(parquet_batch_rows=3))
    assert result.error is None
    rows = table.to_pylist()
    virtual = "".join("\t".join(render_cell(v)[0] for v in row.values()) + "\n" for row in rows)
    for segment in result.segments:
        start = segment.offset
        assert virtual[start : start + len(segment.text)] == segment.text
        assert segment.line == virtual.count("\n", 0, start) + 1
    assert [(s.line, s.field, s.context, s.text) for s in result.segments] == [
        (1, "name", "name", "Tan Ah Kow"),
        (1, "nric", "nric", "S1234567D"),
        (1, "age", "age", "42"),
        (1, "tags", "tags", '["a"]'),
        (2, "nric", "nric", "T7654321A"),
        (2, "age", "age", "35"),
        (2, "tags", "tags", "[]"),
        (3, "name", "name", "Lim Mei Ling"),
        (4, "name", "name", "Ng"),
        (4, "nric", "nric", "F1234567N"),
        (4, "age", "age", "7"),
        (4, "tags", "tags", json.dumps(["x", "y"])),
    ]


def test_parquet_from_a_non_seekable_stream(run_extract) -> None:
    data = _parquet(pa.table({"email": ["tan@example.com"]}))
    result = run_extract("s3/obj.parquet", data, seekable=False)
    assert [(s.field, s.text) for s in result.segments] == [("email", "tan@example.com")]


def test_corrupt_parquet_is_an_extract_error(run_extract) -> None:
    result = run_extract("broken.parquet", b"PAR1 this is not really parquet PAR1")
    assert type(result.error).__name__ == "ExtractError"
    assert str(result.error).startswith("unreadable Parquet file")


def test_huge_csv_cell_is_cut_like_a_long_line(run_extract, check_offsets) -> None:
    """Issue 18 item 1: one long cell reaches detection in chunk_chars pieces."""
    limits = Limits(chunk_chars=64, break_search_chars=16)
    value = "word " * 100 + "S1234567D"
    text = f"id,remark\n1,{value}\n"
    result = run_extract("t.csv", text.encode(), limits)
    pieces = [s for s in result.segments if s.context == "remark"]
    assert len(pieces) > 1 and all(len(s.text) <= 64 for s in pieces)
    assert "".join(s.text for s in pieces) == value
    check_offsets(pieces, text)


def test_headerless_first_row_is_scanned(run_extract, check_offsets) -> None:
    """Issue 18 item 8: `S1234567D,tan@example.com,+65 9123 4567` gave 0 findings."""
    text = "S1234567D,tan@example.com,+65 9123 4567\n"
    result = run_extract("export.csv", text.encode())
    assert [(s.field, s.text, s.line) for s in result.segments] == [
        ("column_1", "S1234567D", 1),
        ("column_2", "tan@example.com", 1),
        ("column_3", "+65 9123 4567", 1),
    ]
    check_offsets(result.segments, text)


def test_header_cells_are_scanned_as_values(run_extract, check_offsets) -> None:
    text = "name,Tan Ah Kow\nLim,x\n"  # a header cell that is a person's name
    result = run_extract("h.csv", text.encode())
    header = [(s.field, s.text, s.context) for s in result.segments if s.line == 1]
    assert header == [("name", "name", ""), ("Tan Ah Kow", "Tan Ah Kow", "")]
    check_offsets(result.segments, text)


def test_first_row_with_a_number_is_a_record(run_extract) -> None:
    result = run_extract("n.csv", b"1,Tan Ah Kow\n2,Lim\n")
    assert [s.field for s in result.segments] == ["column_1", "column_2"] * 2
