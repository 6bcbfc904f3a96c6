"""spaCy NLP engines for Presidio that load offline and run only what NER needs.

Presidio's own ``SpacyNlpEngine.load`` downloads a missing model and runs the full pipeline
(tagger, parser, lemmatizer) although only NER and lemmas for context words are used. The
engines here load an installed model or a blank tokenizer, drop what NER does not need, and
fall back to lower-cased tokens as lemmas, which is what the context enhancer compares.
"""

from __future__ import annotations

import logging

import spacy
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpEngine, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

LANGUAGE = "en"

# spaCy labels we keep, mapped to piimap entity types; every other label is ignored.
ENTITY_MAPPING: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}

# Components NER never reads. Without the lemmatizer (and the tagger/attribute_ruler it
# needs) lemmas come from the ``piimap_lower_lemma`` component below.
EXCLUDED_COMPONENTS: tuple[str, ...] = (
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
    "morphologizer",
    "trainable_lemmatizer",
)

LOWER_LEMMA_COMPONENT = "piimap_lower_lemma"


@Language.component(LOWER_LEMMA_COMPONENT)
def lower_lemma(doc: Doc) -> Doc:
    """Set each token's lemma to its lower-cased text (context words are matched lower-case)."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """A SpacyNlpEngine that never downloads and keeps only tokenizer + NER (or nothing).

    ``model_name=None`` gives a blank English tokenizer with no NER: the logs path, where
    recognizers only need tokens and lemmas for context words.
    """

    def __init__(self, model_name: str | None) -> None:
        self.model_name = model_name
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": model_name or "blank:en"}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(ENTITY_MAPPING),
                labels_to_ignore=[],
            ),
        )

    def load(self) -> None:
        """Load the installed model (no download) or a blank tokenizer."""
        if self.model_name is None:
            nlp = spacy.blank(LANGUAGE)
        else:
            nlp = spacy.load(self.model_name, exclude=list(EXCLUDED_COMPONENTS))
            drop_unused_tok2vec(nlp)
            if nlp.has_pipe("ner"):
                # spaCy types get_pipe as a bare Doc callable; the NER pipe has labels.
                labels = nlp.get_pipe("ner").labels  # type: ignore[attr-defined]
                self.ner_model_configuration.labels_to_ignore = [
                    label for label in labels if label not in ENTITY_MAPPING
                ]
        nlp.add_pipe(LOWER_LEMMA_COMPONENT, last=True)
        # Presidio's SpacyNlpEngine declares nlp as None until load() sets it.
        self.nlp = {LANGUAGE: nlp}  # type: ignore[assignment]

    def get_supported_entities(self) -> list[str]:
        """Entities this engine's NER can yield (none for the blank tokenizer)."""
        if self.model_name is None:
            return []
        return sorted(set(ENTITY_MAPPING.values()))


def drop_unused_tok2vec(nlp: Language) -> None:
    """Remove a shared tok2vec that no remaining component listens to (NER in the small
    English models embeds its own), which saves a third of the pipeline's time."""
    if not nlp.has_pipe("tok2vec"):
        return
    tok2vec = nlp.get_pipe("tok2vec")
    if not getattr(tok2vec, "listening_components", None):
        nlp.remove_pipe("tok2vec")


def build_nlp_engine(model: str | None) -> NlpEngine:
    """Return a loaded engine: ``model`` (an installed spaCy package) with NER, or, with
    ``None``, a blank tokenizer that yields no entities (used for logs, never needs NER)."""
    engine = OfflineSpacyNlpEngine(model)
    engine.load()
    return engine
