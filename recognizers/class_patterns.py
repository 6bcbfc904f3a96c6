"""A ``PatternRecognizer`` configured by class constants (``ENTITY``, ``PATTERNS``, ``CONTEXT``)
that a caller may override in the constructor, as Presidio's predefined recognizers allow."""

from __future__ import annotations

from typing import Any, ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.rules.base import PatternRule


def presidio_patterns(rule: PatternRule) -> list[Pattern]:
    """A rule's patterns as Presidio ``Pattern`` objects (``recognizers.rules``)."""
    return [Pattern(name, regex, score) for name, regex, score in rule.patterns]


# A rule's checks and the recognizer methods that run them (Presidio's, and the fast path's).
_RULE_HOOKS = (
    ("validate", "validate_result"),
    ("invalidate", "invalidate_result"),
    ("precheck", "worth_scanning"),
    ("postfilter", "filter_spans"),
)


class ClassPatternRecognizer(PatternRecognizer):
    name: str  # set by Presidio's __init__ (mypy cannot infer it there)
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]
    CANDIDATE_PATTERNS: ClassVar[tuple[str, ...]]
    RULE: ClassVar[PatternRule | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass that names its ``RULE`` takes its entity, patterns, context, candidates
        and checks from it, so the rule's parts are written once (``recognizers.rules``); a
        method the subclass defines itself wins over the rule's."""
        super().__init_subclass__(**kwargs)
        rule = vars(cls).get("RULE")
        if rule is None:
            return
        cls.ENTITY = rule.entity
        cls.PATTERNS = presidio_patterns(rule)
        cls.CONTEXT = list(rule.context)
        cls.CANDIDATE_PATTERNS = rule.candidates
        for part, method in _RULE_HOOKS:
            check = getattr(rule, part)
            if check is not None and method not in vars(cls):
                setattr(cls, method, staticmethod(check))

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
