"""Registry: our recognizers only, every entity type covered, YAML extras, analyzer builder."""

from __future__ import annotations

from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from recognizers import (
    NER_ENTITY_TYPES,
    RECOGNIZER_ENTITY_TYPES,
    build_analyzer,
    default_recognizers,
    load_recognizers_yaml,
)
from tests.fixtures.recognizers import reported

CONFIG = Path(__file__).resolve().parents[2] / "configs" / "recognizers.yaml"


def _entities(recs: list[EntityRecognizer]) -> set[str]:
    return {entity for rec in recs for entity in rec.supported_entities}


def test_entity_types_are_unique_and_complete():
    assert len(set(RECOGNIZER_ENTITY_TYPES)) == len(RECOGNIZER_ENTITY_TYPES) == 14
    assert set(NER_ENTITY_TYPES) <= set(RECOGNIZER_ENTITY_TYPES)


def test_default_recognizers_cover_every_non_ner_type_and_only_ours():
    recs = default_recognizers()
    # PERSON: names in log messages (LogMessageNameRecognizer); NER adds the rest.
    assert _entities(recs) == set(RECOGNIZER_ENTITY_TYPES) - {"LOCATION"}
    for rec in recs:
        assert type(rec).__module__.startswith("recognizers."), type(rec)
        assert rec.context, f"{rec.name} exposes no context words"
    assert len({rec.name for rec in recs}) == len(recs)


def test_ner_adds_spacy_for_person_org_location():
    recs = default_recognizers(ner=True)
    assert _entities(recs) == set(RECOGNIZER_ENTITY_TYPES)
    [spacy_rec] = [rec for rec in recs if isinstance(rec, SpacyRecognizer)]
    assert set(spacy_rec.supported_entities) == set(NER_ENTITY_TYPES)


def test_each_call_returns_fresh_instances():
    first, second = default_recognizers(), default_recognizers()
    assert not {id(r) for r in first} & {id(r) for r in second}


def test_shipped_yaml_adds_the_example_recognizer_only():
    recs = load_recognizers_yaml(CONFIG)
    assert [rec.supported_entities for rec in recs] == [["ESIGN_ACCOUNT_ID"]]
    [rec] = recs
    assert {"account", "esign"} <= set(rec.context)
    text = "account ESA-20231104 reopened; ESA-123 is too short"
    results = rec.analyze(text, entities=["ESIGN_ACCOUNT_ID"])
    assert [text[r.start : r.end] for r in results] == ["ESA-20231104"]


def test_user_yaml_with_a_deny_list(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text(
        "supported_languages: [en]\n"
        "global_regex_flags: 26\n"
        "recognizers:\n"
        "  - name: CodeNames\n"
        "    supported_language: en\n"
        "    supported_entity: PROJECT_CODE_NAME\n"
        "    deny_list: [Project Merlion]\n"
        "    deny_list_score: 0.7\n",
        encoding="utf-8",
    )
    [rec] = load_recognizers_yaml(path)
    text = "status of project merlion"
    [result] = rec.analyze(text, entities=["PROJECT_CODE_NAME"])
    assert (text[result.start : result.end], result.score) == ("project merlion", 0.7)


def test_missing_yaml_is_an_error_not_presidio_defaults(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        load_recognizers_yaml(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "content",
    [
        "recognizers: [\n",  # broken YAML
        "just a string\n",
        "recognizers:\n  - name: NoEntity\n    patterns: [{name: p, regex: 'x', score: 2}]\n",
    ],
)
def test_invalid_yaml_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises((ValueError, TypeError)):
        load_recognizers_yaml(path)


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer(extra_yaml=CONFIG)


def test_analyzer_without_ner_finds_patterns_and_yaml_entities(analyzer):
    text = (
        "Tan Ah Kow (S1234567D) mail tan@example.com.sg phone +65 9123 4567 "
        "from 203.0.113.7 account ESA-20231104"
    )
    found = reported(analyzer, text)
    assert {
        ("SG_NRIC_FIN", "S1234567D"),
        ("EMAIL_ADDRESS", "tan@example.com.sg"),
        ("PHONE_NUMBER", "+65 9123 4567"),
        ("IP_ADDRESS", "203.0.113.7"),
        ("ESIGN_ACCOUNT_ID", "ESA-20231104"),
    } <= found
    assert not {entity for entity, _ in found} & {"PERSON", "LOCATION"}  # no NER on this path
    assert analyzer.supported_languages == ["en"]


def test_analyzer_keeps_ip_scope_metadata(analyzer):
    [result] = analyzer.analyze("client 10.1.2.3", "en", entities=["IP_ADDRESS"])
    assert result.recognition_metadata["ip_scope"] == "private"


def test_presidio_built_ins_are_not_registered(analyzer):
    # Presidio's SG_NRIC_FIN/SG_UEN/phone/email/IP/card and US recognizers would shadow ours.
    # (The YAML example is a plain PatternRecognizer built from the config.)
    modules = {
        type(rec).__module__
        for rec in analyzer.registry.recognizers
        if type(rec) is not PatternRecognizer
    }
    assert modules and all(m.startswith("recognizers.") for m in modules), modules
    assert {"SgFinRecognizer", "UsSsnRecognizer", "PhoneRecognizer"}.isdisjoint(
        type(rec).__name__ for rec in analyzer.registry.recognizers
    )


def test_context_words_match_whole_words_only():
    """Regression: 'hp' must boost a bare mobile number, 'php' must not."""
    analyzer = build_analyzer()

    def phone_score(text: str) -> float:
        scores = [
            r.score
            for r in analyzer.analyze(text, language="en")
            if r.entity_type == "PHONE_NUMBER"
        ]
        return max(scores, default=0.0)

    assert phone_score("hp 91234567") >= 0.5
    assert phone_score("php 91234567") < 0.3
