"""The constructor options piimap's recognizer classes share with Presidio's predefined ones.

A caller may give any recognizer its own context words, language, entity name or recognizer
name (Presidio's YAML registry and ``AnalyzerEngine`` users do); the class's own are the
defaults. Written once here, so a base class or a recognizer with options of its own (the
phone region) only adds what is its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict


class RecognizerOptions(TypedDict, total=False):
    """Keyword options of every piimap recognizer class (None or absent: the class's own)."""

    context: list[str] | None
    supported_language: str
    supported_entity: str | None
    name: str | None


def entity_of(options: RecognizerOptions, default: str) -> str:
    """The entity type the caller names, else the class's."""
    return options.get("supported_entity") or default


def presidio_keywords(options: RecognizerOptions, context: Sequence[str]) -> dict[str, Any]:
    """Presidio's ``name``, ``supported_language`` and ``context`` keywords: the caller's, else
    no name (Presidio then uses the class name), English and the class's context words."""
    return {
        "name": options.get("name"),
        "supported_language": options.get("supported_language", "en"),
        "context": list(options.get("context") or context),
    }
