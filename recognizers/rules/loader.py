"""Builds the built-in rules from ``configs/builtin_recognizers.yaml`` (the data) and the rules
modules (the code), so a recognizer's patterns, scores, context words and candidates are
written once, in Presidio's recognizer-registry YAML format, and its checks once, in Python.

An entry names its checks (``validate: validate_card``) in its ``module``
(``recognizers.rules.<module>``); a name the module does not define fails when the entry is
built, with the entry, key and module in the message. Each rules module ends with
``X = builtin_rule("<recognizer name>")``, so ``from recognizers.rules.credit_card import
CREDIT_CARD`` keeps working. The YAML is parsed once per process (C loader when PyYAML has
it: ``piimap check`` pays this on every commit).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.resources import files
from types import ModuleType
from typing import Any

import yaml

from recognizers.rules.base import PRESIDIO_REGEX_FLAGS, PatternRule, Rule, Samples, SpanRule

BUILTIN_YAML = "builtin_recognizers.yaml"  # in the ``configs`` package
RULES_PACKAGE = "recognizers.rules"
CHECK_KEYS = ("validate", "invalidate", "precheck", "postfilter")
_REQUIRED = frozenset({"name", "supported_entity", "module"})
_KEYS = _REQUIRED | {
    "patterns",
    "context",
    "candidates",
    "spans",
    "spans_at",
    "ocr_only",
    "samples",
    *CHECK_KEYS,
}
SAMPLE_KEYS = ("match", "no_match")
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleConfigError(ValueError):
    """A built-in recognizer entry that cannot become a rule (the message says which, why)."""


def parse_rules_yaml(text: str) -> tuple[int, list[dict[str, Any]]]:
    """``(regex flags, entries)`` of a rules YAML, each entry's keys checked."""
    data = yaml.load(text, Loader=_SafeLoader) or {}
    flags = int(data.get("global_regex_flags", PRESIDIO_REGEX_FLAGS))
    entries = data.get("recognizers") or []
    for entry in entries:
        name = entry.get("name", "<unnamed>")
        missing = sorted(_REQUIRED - entry.keys())
        unknown = sorted(entry.keys() - _KEYS)
        if missing or unknown:
            raise RuleConfigError(f"recognizer {name!r}: missing {missing}, unknown keys {unknown}")
        if ("spans" in entry) == ("patterns" in entry):
            raise RuleConfigError(f"recognizer {name!r}: give either `patterns` or `spans`")
        if "spans_at" in entry and "spans" not in entry:
            raise RuleConfigError(f"recognizer {name!r}: `spans_at` goes with `spans`")
        if "spans" in entry and entry.keys() & set(CHECK_KEYS):
            raise RuleConfigError(f"recognizer {name!r}: a `spans` rule takes no pattern checks")
        _check_samples(name, entry.get("samples", {}))
    return flags, entries


def _check_samples(name: str, samples: Any) -> None:
    """``samples`` is a mapping of ``match`` / ``no_match`` to lists of strings."""
    if not isinstance(samples, dict) or samples.keys() - set(SAMPLE_KEYS):
        raise RuleConfigError(
            f"recognizer {name!r}: `samples` maps {' and '.join(SAMPLE_KEYS)} to lists of texts"
        )
    for key, texts in samples.items():
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            raise RuleConfigError(f"recognizer {name!r}: samples.{key} is not a list of texts")


def _function(entry: dict[str, Any], key: str, module: ModuleType) -> Callable[..., Any] | None:
    name = entry.get(key)
    if name is None:
        return None
    found = getattr(module, name, None)
    if not callable(found):
        raise RuleConfigError(
            f"recognizer {entry['name']!r}: {key} names {name!r}, "
            f"which {module.__name__} does not define"
        )
    return found  # type: ignore[no-any-return]


def build_rule(entry: dict[str, Any], flags: int = PRESIDIO_REGEX_FLAGS) -> Rule:
    """The ``PatternRule`` (``patterns``) or ``SpanRule`` (``spans``) an entry describes."""
    try:
        module = import_module(f"{RULES_PACKAGE}.{entry['module']}")
    except ModuleNotFoundError as exc:
        raise RuleConfigError(
            f"recognizer {entry['name']!r}: no rules module {entry['module']!r}"
        ) from exc
    name, entity = entry["name"], entry["supported_entity"]
    context = tuple(entry.get("context", ()))
    candidates = tuple(entry.get("candidates", ()))
    samples = Samples(**{key: tuple(texts) for key, texts in entry.get("samples", {}).items()})
    if "spans" in entry:
        spans = _function(entry, "spans", module)
        assert spans is not None
        return SpanRule(
            name,
            entity,
            spans,
            context=context,
            candidates=candidates,
            samples=samples,
            spans_at=_function(entry, "spans_at", module),
        )
    patterns = tuple((p["name"], p["regex"], float(p["score"])) for p in entry["patterns"])
    checks = {key: _function(entry, key, module) for key in CHECK_KEYS}
    return PatternRule(
        name,
        entity,
        patterns,
        context=context,
        candidates=candidates,
        samples=samples,
        flags=flags,
        **checks,
    )


def rules_from_yaml(text: str) -> list[Rule]:
    """Every entry of a rules YAML built into its rule, in file order."""
    flags, entries = parse_rules_yaml(text)
    return [build_rule(entry, flags) for entry in entries]


@cache
def _builtin() -> tuple[int, dict[str, dict[str, Any]]]:
    text = files("configs").joinpath(BUILTIN_YAML).read_text(encoding="utf-8")
    flags, entries = parse_rules_yaml(text)
    return flags, {entry["name"]: entry for entry in entries}


def default_rule_names() -> list[str]:
    """The built-in recognizers run by default (all but ``ocr_only``), in file order."""
    return [name for name, entry in _builtin()[1].items() if not entry.get("ocr_only")]


_BUILT: dict[str, Rule] = {}


def builtin_rule(name: str) -> Rule:
    """The built-in rule called ``name``, built once per process."""
    rule = _BUILT.get(name)
    if rule is not None:
        return rule
    flags, entries = _builtin()
    if name not in entries:
        raise RuleConfigError(f"no built-in recognizer {name!r} in configs/{BUILTIN_YAML}")
    entry = entries[name]
    # Importing the module may build this very rule (its last line asks for it): one object.
    import_module(f"{RULES_PACKAGE}.{entry['module']}")
    return _BUILT.get(name) or _BUILT.setdefault(name, build_rule(entry, flags))


def builtin_pattern_rule(name: str) -> PatternRule:
    """``builtin_rule(name)``, which must be a ``PatternRule``."""
    rule = builtin_rule(name)
    if not isinstance(rule, PatternRule):
        raise RuleConfigError(f"built-in recognizer {name!r} has `spans`, not `patterns`")
    return rule


def builtin_span_rule(name: str) -> SpanRule:
    """``builtin_rule(name)``, which must be a ``SpanRule``."""
    rule = builtin_rule(name)
    if not isinstance(rule, SpanRule):
        raise RuleConfigError(f"built-in recognizer {name!r} has `patterns`, not `spans`")
    return rule


__all__ = [
    "BUILTIN_YAML",
    "RuleConfigError",
    "SAMPLE_KEYS",
    "build_rule",
    "builtin_pattern_rule",
    "builtin_rule",
    "builtin_span_rule",
    "default_rule_names",
    "parse_rules_yaml",
    "rules_from_yaml",
]
