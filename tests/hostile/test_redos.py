"""Issue 14 item 2: every pattern runs in linear time, including the user's `--recognizers` YAML.

A catastrophic-backtracking pattern over a 1 MB line runs on RE2 (no stall); a pattern RE2
cannot run is refused when the YAML is loaded, with exit 2 and the reason.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from recognizers import load_recognizers_yaml
from recognizers.linear import RE2_ATTRIBUTE
from scanner.detect.detector import Detector
from scanner.detect.profiles import load_profiles
from scanner.model import Segment
from tests.fixtures.cli import run_child

HASH_KEY = "redos-test-key-0123456789abcdef0123"
# Backtracking engines take exponential time on this over a long run of "a" with no "b".
EVIL = "(a+)+b"


def _yaml(path: Path, regex: str, *, deny: bool = False) -> Path:
    deny_part = "    deny_list: [Project Merlion]\n" if deny else ""
    path.write_text(
        "supported_languages: [en]\nglobal_regex_flags: 26\nrecognizers:\n"
        "  - name: UserRecognizer\n    type: custom\n    supported_language: en\n"
        "    supported_entity: USER_THING\n    patterns:\n      - name: p\n"
        f"        regex: '{regex}'\n        score: 0.6\n{deny_part}",
        encoding="utf-8",
    )
    return path


def test_catastrophic_pattern_on_a_1mb_line_does_not_stall(tmp_path):
    recognizers_yaml = _yaml(tmp_path / "evil.yaml", EVIL)
    src = tmp_path / "src"
    src.mkdir()
    (src / "line.log").write_text("a" * 1_000_000 + "\nfound aaab here\n", encoding="utf-8")
    # On a backtracking engine this scan would not finish in any test's lifetime; the
    # timeout is a guard, not a speed measurement.
    proc = run_child(
        [
            "scan",
            str(src),
            "--out",
            str(tmp_path / "run"),
            "--profile",
            "logs",
            "--workers",
            "1",
            "-q",
            "--recognizers",
            str(recognizers_yaml),
        ],
        env={"PIIMAP_HASH_KEY": HASH_KEY, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    assert [(r["entity_type"], r["line"]) for r in rows] == [("USER_THING", 2)]


def test_user_patterns_are_marked_for_re2_and_match(tmp_path):
    [rec] = load_recognizers_yaml(_yaml(tmp_path / "ok.yaml", r"\bTCK-\d{5}\b", deny=True))
    assert getattr(rec, RE2_ATTRIBUTE) is True
    profiles = load_profiles()
    detector = Detector(profiles["logs"], [rec], sub_profiles=profiles)
    text = "ticket tck-12345 for Project Merlion\n"
    found = [(d.value, d.score) for d in detector.detect_segment(Segment(text=text, path="a"))]
    # Presidio's flags apply (IGNORECASE), and the deny list still works.
    assert sorted(found) == [("Project Merlion", 1.0), ("tck-12345", 0.6)]


@pytest.mark.parametrize("regex", [r"(a)\1", r"(?<!x)abc", r"abc(?=d)"])
def test_non_linear_patterns_are_refused_at_load(tmp_path, regex):
    with pytest.raises(ValueError, match="cannot run in linear time"):
        load_recognizers_yaml(_yaml(tmp_path / "bad.yaml", regex))


def test_cli_refuses_with_exit_2(tmp_path):
    bad = _yaml(tmp_path / "bad.yaml", r"(a)\1")
    (tmp_path / "x.log").write_text("hello\n", encoding="utf-8")
    proc = run_child(
        [
            "scan",
            str(tmp_path / "x.log"),
            "--out",
            str(tmp_path / "run"),
            "--workers",
            "1",
            "--recognizers",
            str(bad),
        ],
        env={"PIIMAP_HASH_KEY": HASH_KEY, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 2
    assert "cannot run in linear time" in proc.stderr
    assert "Traceback" not in proc.stderr
