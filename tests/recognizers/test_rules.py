"""The Presidio-free rules (``recognizers.rules``) and the Presidio recognizers built from them:
the rule modules import neither Presidio nor spaCy, and each recognizer class carries exactly
its rule's patterns, context words, candidates and checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from recognizers import default_recognizers
from recognizers.rules import PatternRule, SpanRule, default_rules

ROOT = Path(__file__).resolve().parents[2]
RECOGNIZERS = default_recognizers()


def test_rules_and_the_light_scanner_modules_import_no_presidio_or_spacy() -> None:
    probe = (
        "import json, sys\n"
        "import recognizers, recognizers.rules, recognizers.normalize\n"
        "import scanner.protect.hashing, scanner.detect.detector, scanner.detect.candidates\n"
        "import scanner.detect.ocr_detect\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = json.loads(done.stdout)
    assert "recognizers.rules.sg_nric" in modules  # the probe imported what it names
    assert [m for m in modules if m.split(".")[0] in ("presidio_analyzer", "spacy")] == []


def test_one_rule_per_default_recognizer_in_the_same_order() -> None:
    assert [r.name for r in default_rules()] == [r.name for r in RECOGNIZERS]
    assert [r.entity for r in default_rules()] == [r.supported_entities[0] for r in RECOGNIZERS]


@pytest.mark.parametrize("rec", RECOGNIZERS, ids=lambda r: r.name)
def test_recognizer_is_built_from_its_rule(rec) -> None:
    [rule] = [r for r in default_rules() if r.name == rec.name]
    assert list(rec.context) == list(rule.context)
    assert tuple(type(rec).CANDIDATE_PATTERNS) == rule.candidates
    if isinstance(rule, SpanRule):
        return
    assert isinstance(rule, PatternRule)
    assert [(p.name, p.regex, p.score) for p in rec.patterns] == list(rule.patterns)
    assert rec.global_regex_flags == rule.flags
    # The class's validators are the rule's: same verdict on every match in the samples.
    texts = [*rec.TRUE_SAMPLES, *rec.FALSE_SAMPLES]
    values = [
        m.group()
        for _, pattern, _ in rule.patterns
        for text in texts
        for m in regex.finditer(pattern, text, rule.flags)
    ]
    assert values
    for value in values:
        if rule.validate is not None:
            assert rec.validate_result(value) == rule.validate(value), value
        if rule.invalidate is not None:
            assert rec.invalidate_result(value) == rule.invalidate(value), value
