"""The constructor options piimap's recognizer classes share with Presidio's predefined ones,
and the class attributes they take from their rule.

A caller may give any recognizer its own context words, language, entity name or recognizer
name (Presidio's YAML registry and ``AnalyzerEngine`` users do); the class's own are the
defaults. Written once here, so a base class or a recognizer with options of its own (the
phone region) only adds what is its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypedDict

from recognizers.rules.base import Rule


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


class RuleBacked:
    """A recognizer class built from the rule it names as ``RULE`` takes from it, once, its
    entity, context words, one-pass candidates and samples (``TRUE_SAMPLES`` /
    ``FALSE_SAMPLES``: the rule's ``match`` / ``no_match`` texts, kept beside its patterns in
    configs/builtin_recognizers.yaml). Mixed into ``ClassPatternRecognizer`` and
    ``SpanRuleRecognizer``, which add what is their own (patterns and checks, spans)."""

    RULE: ClassVar[Rule | None] = None
    ENTITY: ClassVar[str]
    CONTEXT: ClassVar[list[str]]
    CANDIDATE_PATTERNS: ClassVar[tuple[str, ...]]
    TRUE_SAMPLES: ClassVar[list[str]]
    FALSE_SAMPLES: ClassVar[list[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rule = vars(cls).get("RULE")
        if rule is None:
            return
        cls.ENTITY = rule.entity
        cls.CONTEXT = list(rule.context)
        cls.CANDIDATE_PATTERNS = rule.candidates
        cls.TRUE_SAMPLES = list(rule.samples.match)
        cls.FALSE_SAMPLES = list(rule.samples.no_match)
