"""build_nlp_engine: the NER engine keeps spaCy's entities with fewer components; the blank
engine yields none; both give lower-case lemmas that Presidio's context enhancer uses."""

from __future__ import annotations

import pytest
import spacy

from recognizers import DEFAULT_NLP_MODEL
from recognizers.generic.device_id import DeviceIdRecognizer
from recognizers.nlp_engine import ENTITY_MAPPING, EXCLUDED_COMPONENTS, build_nlp_engine
from tests.fixtures.recognizers import analyzer_for

MODEL = DEFAULT_NLP_MODEL
TEXT = (
    "Mary Lim of Orchard Logistics met Tan Ah Kow in Singapore at Changi Airport. "
    "Microsoft and Grab signed in Kuala Lumpur on Monday."
)


def test_ner_engine_runs_without_unneeded_components(nlp_engine):
    names = nlp_engine.get_nlp("en").pipe_names
    assert "ner" in names
    assert not set(names) & set(EXCLUDED_COMPONENTS)


def test_ner_engine_finds_what_the_full_pipeline_finds(nlp_engine):
    full = spacy.load(MODEL)
    expected = [
        (ent.start_char, ent.end_char, ENTITY_MAPPING[ent.label_])
        for ent in full(TEXT).ents
        if ent.label_ in ENTITY_MAPPING
    ]
    artifacts = nlp_engine.process_text(TEXT, "en")
    found = [(ent.start_char, ent.end_char, ent.label_) for ent in artifacts.entities]
    assert found == expected
    assert {"PERSON", "LOCATION"} <= {label for _, _, label in found}
    assert set(nlp_engine.get_supported_entities()) == {"PERSON", "ORGANIZATION", "LOCATION"}


def test_lemmas_are_lower_cased_tokens(nlp_engine, blank_nlp_engine):
    for engine in (nlp_engine, blank_nlp_engine):
        artifacts = engine.process_text("Device IMEI Numbers", "en")
        assert artifacts.lemmas == ["device", "imei", "numbers"]


def test_blank_engine_yields_no_entities(blank_nlp_engine):
    artifacts = blank_nlp_engine.process_text(TEXT, "en")
    assert list(artifacts.entities) == []
    assert blank_nlp_engine.get_supported_entities() == []


@pytest.mark.parametrize("engine_name", ["nlp_engine", "blank_nlp_engine"])
def test_presidio_context_enhancer_still_works(engine_name, request):
    engine = analyzer_for(request.getfixturevalue(engine_name), DeviceIdRecognizer())
    imei = "490154203237518"
    [with_context] = engine.analyze(f"the device IMEI is {imei}", "en")
    [without_context] = engine.analyze(f"the order number is {imei}", "en")
    assert with_context.score >= 0.4
    assert without_context.score < 0.3


def test_missing_model_fails_instead_of_downloading(monkeypatch):
    def refuse_download(*args, **kwargs):
        raise AssertionError("tried to download a spaCy model")

    monkeypatch.setattr(spacy.cli, "download", refuse_download)
    with pytest.raises(OSError):
        build_nlp_engine("en_no_such_model_installed")
