"""JSON documents and JSON Lines: one field segment per leaf, with path, key and exact offset."""

from __future__ import annotations

import codecs
import json

from scanner.extract import Limits

DOC = {
    "user": {"nric": "S1234567D", "name": "Tan Ah Kow", "age": 42, "active": True},
    "contacts": [{"phone": "+65 9123 4567"}, {"email": "tan@example.com"}, None],
    "first name": "Ah Kow",
    "notes": "",
}


def _fields(result) -> list[tuple[str | None, str, str]]:
    return [(s.field, s.context, s.text) for s in result.segments]


def test_paths_keys_and_offsets_in_a_pretty_printed_document(run_extract, check_offsets) -> None:
    text = json.dumps(DOC, indent=2, ensure_ascii=False)
    result = run_extract("export/user.json", text.encode())
    assert result.error is None
    assert _fields(result) == [
        ("$.user.nric", "nric", "S1234567D"),
        ("$.user.name", "name", "Tan Ah Kow"),
        ("$.user.age", "age", "42"),
        ("$.contacts[0].phone", "phone", "+65 9123 4567"),
        ("$.contacts[1].email", "email", "tan@example.com"),
        ('$["first name"]', "first name", "Ah Kow"),
    ]
    assert {s.kind for s in result.segments} == {"field"}
    assert {s.path for s in result.segments} == {"export/user.json"}
    check_offsets(result.segments, text)
    assert result.segments[0].line == 3  # "{", '"user": {', then the nric line


def test_top_level_array_path_and_array_key_context(run_extract) -> None:
    text = '[{}, 1, [], {"phone": "81234567", "tags": ["vip", "S1234567D"]}]'
    result = run_extract("list.json", text.encode())
    assert _fields(result) == [
        ("$[1]", "", "1"),
        ("$[3].phone", "phone", "81234567"),
        ("$[3].tags[0]", "tags", "vip"),
        ("$[3].tags[1]", "tags", "S1234567D"),
    ]


def test_escaped_string_is_decoded_and_starts_at_its_offset(run_extract) -> None:
    text = '{"email": "tan\\u0040example.com", "quote": "say \\"hi\\""}'
    result = run_extract("e.json", text.encode())
    email, quote = result.segments
    assert email.text == "tan@example.com"
    assert text[email.offset : email.offset + 3] == "tan"
    assert quote.text == 'say "hi"'
    assert text[quote.offset] == "s"


def test_key_that_is_personal_data_is_scanned_but_not_reported_as_a_field(
    run_extract, check_offsets
) -> None:
    text = '{"S1234567D": {"plan": "gold"}, "tan@example.com": 1}'
    result = run_extract("keys.json", text.encode())
    check_offsets(result.segments, text)
    assert _fields(result) == [
        ("$", "", "S1234567D"),
        ("$.*.plan", "plan", "gold"),
        ("$", "", "tan@example.com"),
        ("$.*", "", "1"),
    ]
    assert all("S1234567D" not in (s.field or "") + s.context for s in result.segments)


def test_bom_crlf_and_non_ascii_offsets(run_extract, check_offsets) -> None:
    text = '{\r\n  "名前": "田中 太郎",\r\n  "nric": "S1234567D"\r\n}\r\n'
    result = run_extract("jp.json", codecs.BOM_UTF8 + text.encode())
    check_offsets(result.segments, text)
    assert [s.line for s in result.segments] == [2, 3]


def test_ndjson_named_json_is_read_value_by_value(run_extract) -> None:
    text = '{"nric": "S1234567D"}\n{"nric": "T7654321A"}\n'
    result = run_extract("misnamed.json", text.encode())
    assert result.error is None
    assert [(s.field, s.text, s.line) for s in result.segments] == [
        ("$.nric", "S1234567D", 1),
        ("$.nric", "T7654321A", 2),
    ]


def test_malformed_json_scans_the_rest_as_text_then_raises(run_extract, check_offsets) -> None:
    text = '{"a": "first",\n "b": oops, "nric": "S1234567D"}\n'
    result = run_extract("bad.json", text.encode())
    assert str(result.error).startswith("malformed JSON at line 2 column 7")
    assert "S1234567D" not in str(result.error)
    check_offsets(result.segments, text)
    assert result.segments[0].text == "first"
    rest = result.segments[1:]
    assert [s.kind for s in rest] == ["log"]
    assert "S1234567D" in rest[0].text
    # No overlap: the rest starts right after the last field.
    assert rest[0].offset == result.segments[0].offset + len("first")


def test_truncated_json_raises(run_extract) -> None:
    result = run_extract("cut.json", b'{"a": ["S1234567D", ')
    assert "unexpected end of data" in str(result.error)
    assert result.segments[0].text == "S1234567D"


def test_deep_nesting_does_not_recurse(run_extract) -> None:
    depth = 100_000
    text = "[" * depth + '"S1234567D"' + "]" * depth
    result = run_extract("deep.json", text.encode())
    assert result.error is None
    (segment,) = result.segments
    assert segment.text == "S1234567D" and segment.offset == depth + 1


def test_document_over_the_size_limit_is_scanned_as_text(run_extract) -> None:
    text = json.dumps([{"nric": "S1234567D"}] * 100)
    result = run_extract("big.json", text.encode(), Limits(max_document_chars=500))
    assert "max_document_chars" in str(result.error)
    assert result.text == text
    assert {s.kind for s in result.segments} == {"log"}


def test_jsonl_lines_offsets_and_malformed_lines(run_extract, check_offsets) -> None:
    text = (
        '{"user": {"nric": "S1234567D"}}\r\n'
        "\r\n"
        "panic: not json, phone 91234567\r\n"
        '{"phones": ["+65 9123 4567", 6581234567]}\r\n'
        '{"unterminated": "T7654321A"\r\n'
        '"just a string"'
    )
    result = run_extract("events.ndjson", text.encode())
    assert str(result.error) == "2 malformed JSON lines, first at line 3"
    check_offsets(result.segments, text)
    assert [(s.kind, s.field, s.context, s.line, s.text.strip()) for s in result.segments] == [
        ("field", "$.user.nric", "nric", 1, "S1234567D"),
        ("log", None, "", 3, "panic: not json, phone 91234567"),
        ("field", "$.phones[0]", "phones", 4, "+65 9123 4567"),
        ("field", "$.phones[1]", "phones", 4, "6581234567"),
        ("log", None, "", 5, '{"unterminated": "T7654321A"'),
        ("field", "$", "", 6, "just a string"),
    ]


def test_jsonl_overlong_line_is_scanned_as_text(run_extract) -> None:
    line = json.dumps({"blob": "x" * 200, "nric": "S1234567D"})
    text = line + "\n" + '{"ok": "yes"}\n'
    result = run_extract("big.jsonl", text.encode(), Limits(max_line_chars=64, chunk_chars=64))
    assert str(result.error) == "1 malformed JSON line, first at line 1"
    assert "".join(s.text for s in result.segments if s.kind == "log") == line + "\n"
    assert result.segments[-1].field == "$.ok"


def test_paths_stop_growing_below_the_depth_cap(run_extract) -> None:
    text = '{"a": ' * 200 + '"S1234567D"' + "}" * 200
    (segment,) = run_extract("deep.json", text.encode()).segments
    assert segment.field is not None and segment.field.endswith("…")
    assert segment.field.startswith("$.a.a.a") and len(segment.field) < 200
    assert segment.context == "a"


def test_huge_json_string_is_cut_like_a_long_line(run_extract) -> None:
    """Issue 18 item 1: one long value reaches detection in chunk_chars pieces."""
    limits = Limits(chunk_chars=64, break_search_chars=16)
    value = "note " * 100 + "S1234567D " + "end " * 20
    text = json.dumps({"user": {"remark": value}, "id": "x"})
    result = run_extract("one.json", text.encode(), limits)
    pieces = [s for s in result.segments if s.field == "$.user.remark"]
    assert len(pieces) > 1 and all(len(s.text) <= 64 for s in pieces)
    assert "".join(s.text for s in pieces) == value
    assert all(text[s.offset : s.offset + len(s.text)] == s.text for s in pieces)
    assert {s.context for s in pieces} == {"remark"}
    jsonl = run_extract("one.jsonl", (text + "\n").encode(), limits)
    assert "".join(s.text for s in jsonl.segments if s.field == "$.user.remark") == value
    assert max(len(s.text) for s in jsonl.segments) <= 64
