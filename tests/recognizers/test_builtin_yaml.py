"""The built-in recognizers' YAML (``configs/builtin_recognizers.yaml``) and its loader
(``recognizers.rules.loader``): every entry builds, names functions its module defines, and is
the rule object the rest of the code imports; a bad entry fails loudly when it loads."""

from __future__ import annotations

from importlib import import_module
from importlib.resources import files

import pytest
import regex

from recognizers.boundaries import TOKEN_END, TOKEN_START
from recognizers.rules import DEFAULT_RULES, PatternRule, SpanRule, ip_address, log_names
from recognizers.rules.base import Samples
from recognizers.rules.loader import (
    BUILTIN_YAML,
    CHECK_KEYS,
    RuleConfigError,
    builtin_rule,
    default_rule_names,
    parse_rules_yaml,
    rules_from_yaml,
)
from recognizers.rules.ocr_slip import OCR_SLIP

TEXT = files("configs").joinpath(BUILTIN_YAML).read_text(encoding="utf-8")
FLAGS, ENTRIES = parse_rules_yaml(TEXT)
# The public names the scanner, the Presidio classes and the tests import.
EXPORTED = {
    "SgNricFinRecognizer": ("sg_nric", "NRIC_FIN"),
    "SgNricPartialRecognizer": ("sg_nric", "NRIC_PARTIAL"),
    "SgUenRecognizer": ("sg_uen", "SG_UEN"),
    "SgPhoneRecognizer": ("sg_phone", "SG_PHONE"),
    "SgPostalCodeRecognizer": ("sg_postal", "SG_POSTAL"),
    "SgPassportRecognizer": ("sg_passport", "SG_PASSPORT"),
    "EmailRecognizer": ("email", "EMAIL"),
    "IpAddressRecognizer": ("ip_address", "IP_ADDRESS"),
    "DeviceIdRecognizer": ("device_id", "DEVICE_ID"),
    "GeoCoordinateRecognizer": ("geo_coordinate", "GEO_COORDINATE"),
    "CreditCardRecognizer": ("credit_card", "CREDIT_CARD"),
    "CompanySuffixRecognizer": ("organization", "COMPANY"),
    "LogMessageNameRecognizer": ("log_names", "LOG_NAMES"),
    "SgNricFinRecognizer (ocr-slip)": ("ocr_slip", "OCR_SLIP"),
}

BAD_NAME = """
recognizers:
  - name: BrokenCardRecognizer
    supported_entity: CREDIT_CARD
    module: credit_card
    patterns:
      - {name: card, regex: '[0-9]{16}', score: 0.1}
    validate: validate_cards
"""


def test_presidio_registry_shape_and_flags() -> None:
    assert FLAGS == 26  # Presidio's default: DOTALL | MULTILINE | IGNORECASE
    assert [entry["name"] for entry in ENTRIES] == list(EXPORTED)
    for entry in ENTRIES:
        assert regex.fullmatch(r"[A-Z][A-Z_]+", entry["supported_entity"])


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["name"])
def test_every_entry_builds_and_names_functions_of_its_module(entry) -> None:
    module = import_module(f"recognizers.rules.{entry['module']}")
    for key in (*CHECK_KEYS, "spans", "spans_at"):
        if key in entry:
            assert callable(getattr(module, entry[key])), (entry["name"], key)
    rule = builtin_rule(entry["name"])
    assert isinstance(rule, SpanRule if "spans" in entry else PatternRule)
    module_name, attribute = EXPORTED[entry["name"]]
    assert getattr(import_module(f"recognizers.rules.{module_name}"), attribute) is rule
    for _, pattern, score in getattr(rule, "patterns", ()):
        regex.compile(pattern, FLAGS)
        assert 0.0 < score <= 1.0
    for candidate in rule.candidates:
        regex.compile(candidate)


def test_a_fresh_build_equals_the_loaded_rules() -> None:
    rebuilt = rules_from_yaml(TEXT)
    assert rebuilt == [*DEFAULT_RULES, OCR_SLIP]  # dataclass equality: every field, functions
    assert [r.name for r in DEFAULT_RULES] == default_rule_names()
    assert OCR_SLIP not in DEFAULT_RULES  # ocr_only: OCR'd pages only


def test_a_misspelt_function_name_fails_when_the_rules_load() -> None:
    with pytest.raises(RuleConfigError, match=r"BrokenCardRecognizer.*validate.*validate_cards"):
        rules_from_yaml(BAD_NAME)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("module: credit_card", "module: credit_cards"), "no rules module 'credit_cards'"),
        (("    validate:", "    validat:"), r"unknown keys \['validat'\]"),
        (("    supported_entity: CREDIT_CARD\n", ""), r"missing \['supported_entity'\]"),
        (("    validate: validate_cards", "    spans: validate_card"), "either `patterns`"),
        (
            ("validate_cards", "validate_card\n    samples: {match: [a], matches: [b]}"),
            "maps match",
        ),
        (("validate_cards", "validate_card\n    samples: [a, b]"), "maps match and no_match"),
        (("validate_cards", "validate_card\n    samples: {no_match: a}"), "no_match is not a list"),
        (("validate_cards", "validate_card\n    samples: {match: [1234]}"), "match is not a list"),
        (("validate_cards", "validate_card\n    spans_at: validate_card"), "goes with `spans`"),
    ],
)
def test_a_malformed_entry_fails_with_the_reason(change, message) -> None:
    with pytest.raises(RuleConfigError, match=message):
        rules_from_yaml(BAD_NAME.replace(*change))


def test_samples_load_beside_the_rule_and_may_be_left_out() -> None:
    samples = "validate_card\n    samples: {match: ['card 4111 1111 1111 1111'], no_match: []}"
    [rule] = rules_from_yaml(BAD_NAME.replace("validate_cards", samples))
    assert rule.samples == Samples(match=("card 4111 1111 1111 1111",), no_match=())
    [bare] = rules_from_yaml(BAD_NAME.replace("validate_cards", "validate_card"))
    assert bare.samples == Samples()


def test_an_unknown_builtin_name_fails() -> None:
    with pytest.raises(RuleConfigError, match="NoSuchRecognizer"):
        builtin_rule("NoSuchRecognizer")


def test_expanded_patterns_agree_with_the_fragments_code_still_uses() -> None:
    """Patterns are written out in the YAML; code that composes the same pieces must agree."""
    ipv4, ipv6 = (pattern for _, pattern, _ in ip_address.IP_ADDRESS.patterns)
    assert ip_address._IPV4 in ipv4 and ip_address._IPV4 in ipv6
    assert ipv6.startswith(ip_address._V6_START)
    assert ipv6.endswith(ip_address._ZONE + ip_address._V6_END)
    role_words = "(?:" + "|".join(log_names._ROLE_WORDS) + ")"
    assert any(c.startswith(role_words) for c in log_names.LOG_NAMES.candidates)
    for name in ("SgNricFinRecognizer", "SgUenRecognizer", "SgPassportRecognizer"):
        rule = builtin_rule(name)
        assert isinstance(rule, PatternRule)
        for _, pattern, _ in rule.patterns:
            assert pattern.startswith(TOKEN_START) and pattern.endswith(TOKEN_END), pattern
