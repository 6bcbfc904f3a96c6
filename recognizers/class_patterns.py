"""A ``PatternRecognizer`` configured by class constants (``ENTITY``, ``PATTERNS``, ``CONTEXT``)
that a caller may override in the constructor, as Presidio's predefined recognizers allow."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.rules.base import PatternRule


def presidio_patterns(rule: PatternRule) -> list[Pattern]:
    """A rule's patterns as Presidio ``Pattern`` objects (``recognizers.rules``)."""
    return [Pattern(name, regex, score) for name, regex, score in rule.patterns]


class ClassPatternRecognizer(PatternRecognizer):
    name: str  # set by Presidio's __init__ (mypy cannot infer it there)
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=list(patterns if patterns else self.PATTERNS),
            context=list(context if context else self.CONTEXT),
            supported_language=supported_language,
            name=name,  # type: ignore[arg-type]  # Presidio types `name: str = None`; None = class name
        )
