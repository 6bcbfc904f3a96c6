"""The shipped eSign SG policy model: classification, source-kind rules, loading errors, output."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.policy.model import (
    DEFAULT_POLICY_PATH,
    KNOWN_ENTITY_TYPES,
    ON_REQUEST_ACTIONS,
    Classification,
    Policy,
    PolicyError,
    format_policy,
    glob_error,
    load_policy,
)

POLICY_TEXT = DEFAULT_POLICY_PATH.parent / "esign-sg-privacy-policy.txt"
# sha256 of the reference policy text (../shared/policy/esign-sg-privacy-policy.txt, relative to
# the repository root); the copy shipped in configs/ must be byte-identical to it.
REFERENCE_TEXT_SHA256 = "bfa161efc2ddea93dd525d37a215149628f696f39a62b98f16fbc14d3c28b5f9"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_POLICY_PATH)


# ------------------------------------------------------------------ classification


@pytest.mark.parametrize(
    ("entity_type", "source_kind", "declared", "category"),
    [
        # The cases the policy reading rests on (see the comments in esign-sg.yaml).
        ("SG_NRIC_FIN", "contracts", True, "other-persons-information"),
        ("SG_NRIC_FIN", "identity_records", True, "real-name-authentication"),
        ("SG_NRIC_FIN", "logs", False, "real-name-authentication"),
        ("SG_NRIC_PARTIAL", "logs", False, "real-name-authentication"),
        ("PHONE_NUMBER", "logs", False, "real-name-authentication"),
        ("PHONE_NUMBER", "identity_records", True, "real-name-authentication"),
        ("IP_ADDRESS", "logs", True, "device-information"),
        ("IP_ADDRESS", "identity_records", False, "uploaded-materials"),
        ("DEVICE_ID", "logs", True, "device-information"),
        ("GEO_COORDINATE", "logs", True, "ip-and-location"),
        ("SG_UEN", "contracts", True, "enterprise-information"),
        ("SG_UEN", "identity_records", True, "enterprise-information"),
        ("ORGANIZATION", "contracts", True, "enterprise-information"),
        ("EMAIL_ADDRESS", "identity_records", True, "account-registration"),
        ("EMAIL_ADDRESS", "logs", True, "account-registration"),
        ("EMAIL_ADDRESS", "contracts", True, "other-persons-information"),
        ("EMAIL_ADDRESS", "other", False, "account-registration"),
        ("SG_PASSPORT", "identity_records", True, "real-name-authentication"),
        ("SG_PASSPORT", "logs", False, "real-name-authentication"),
        ("PERSON", "logs", False, "real-name-authentication"),
        ("LOCATION", "contracts", True, "other-persons-information"),
        ("SG_POSTAL_CODE", "contracts", True, "other-persons-information"),
        ("SG_POSTAL_CODE", "identity_records", False, "other-persons-information"),
        ("LOCATION", "logs", False, "other-persons-information"),
        ("DEVICE_ID", "contracts", True, "uploaded-materials"),
    ],
)
def test_classify_maps_entity_and_source_kind_to_the_policy(
    policy: Policy, entity_type: str, source_kind: str, declared: bool, category: str
) -> None:
    result = policy.classify(entity_type, source_kind)
    assert (result.declared, result.category) == (declared, category)


@pytest.mark.parametrize("source_kind", ["contracts", "logs", "identity_records", "other"])
def test_credit_card_is_declared_nowhere(policy: Policy, source_kind: str) -> None:
    assert policy.classify("CREDIT_CARD", source_kind) == Classification(
        "", False, "CREDIT_CARD is declared nowhere in the policy"
    )


def test_declared_reason_names_section_and_title(policy: Policy) -> None:
    result = policy.classify("IP_ADDRESS", "logs")
    assert result.reason == "declared in I(ii) 2.1: Device information"


def test_undeclared_reason_names_where_it_is_declared(policy: Policy) -> None:
    result = policy.classify("SG_NRIC_FIN", "logs")
    assert result.reason == (
        "SG_NRIC_FIN is declared in I(i) 1.2 (Real-name authentication via Singpass "
        "(individual)) for identity_records, not for logs"
    )


def test_every_entity_type_but_credit_card_is_declared_somewhere(policy: Policy) -> None:
    declared_somewhere = {e for c in policy.categories for e in c.entity_types}
    assert set(KNOWN_ENTITY_TYPES) - declared_somewhere == {"CREDIT_CARD"}


def test_classification_agrees_with_the_categories(policy: Policy) -> None:
    """classify() is declared exactly when some category lists the pair, first one winning."""
    for entity_type in KNOWN_ENTITY_TYPES:
        for kind in policy.source_kinds():
            owners = [
                c.id
                for c in policy.categories
                if entity_type in c.entity_types and kind in c.source_kinds
            ]
            result = policy.classify(entity_type, kind)
            assert result.declared == bool(owners)
            if owners:
                assert result.category == owners[0]


# ------------------------------------------------------------------ the shipped model


def test_shipped_quotes_occur_verbatim_in_the_policy_text(policy: Policy) -> None:
    text = " ".join(POLICY_TEXT.read_text(encoding="utf-8").split())
    for category in policy.categories:
        assert " ".join(category.quote.split()) in text, category.id


def test_policy_text_copy_is_the_reference_text() -> None:
    assert hashlib.sha256(POLICY_TEXT.read_bytes()).hexdigest() == REFERENCE_TEXT_SHA256


def test_policy_metadata(policy: Policy) -> None:
    assert (policy.id, policy.version, policy.default_source_kind) == (
        "esign-sg",
        "2022-01",
        "other",
    )
    assert policy.sha256 == hashlib.sha256(DEFAULT_POLICY_PATH.read_bytes()).hexdigest()
    assert policy.path == str(DEFAULT_POLICY_PATH)
    assert policy.source_kinds() == ["identity_records", "logs", "contracts", "other"]


def test_categories_carry_purpose_sharing_retention_and_deletion(policy: Policy) -> None:
    ids = [c.id for c in policy.categories]
    for required in (
        "account-registration",
        "real-name-authentication",
        "enterprise-information",
        "uploaded-materials",
        "other-persons-information",
        "device-information",
        "software-information",
        "service-logs",
        "ip-and-location",
        "cookies",
    ):
        assert required in ids
    for category in policy.categories:
        assert category.on_request_action in ON_REQUEST_ACTIONS
        assert category.purpose.startswith(("II(", "IV"))
        assert "V(b)" in category.retention
        assert category.retention_period is None
    assert policy.category("real-name-authentication").on_request_action == "keep"
    assert policy.category("uploaded-materials").on_request_action == "keep"
    assert policy.category("account-registration").on_request_action == "delete"
    assert "Ant Blockchain" in policy.category("real-name-authentication").shared_with
    assert "III(i) 1.4" in policy.category("service-logs").shared_with


def test_service_logs_declare_no_identifier(policy: Policy) -> None:
    assert policy.category("service-logs").entity_types == ()


def test_unknown_category_raises_key_error(policy: Policy) -> None:
    with pytest.raises(KeyError, match="no-such-category"):
        policy.category("no-such-category")


# ------------------------------------------------------------------ source kinds


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("contracts/2023/lease.pdf", "contracts"),
        ("contracts/notes.txt", "contracts"),
        ("uploads/a.docx", "contracts"),
        ("tenant-a/uploads/scan.png", "contracts"),
        ("scans/contract_v2.txt", "contracts"),
        ("lease.pdf", "contracts"),
        ("Board/Agreement-Final.DOCX", "contracts"),
        ("kyc/alice.json", "identity_records"),
        ("identity/2024/records.csv", "identity_records"),
        ("exports/singpass_myinfo.json", "identity_records"),
        ("exports/users_2024.csv", "identity_records"),
        ("accounts.parquet", "identity_records"),
        ("logs/app.log", "logs"),
        ("logs/2024/06/01/events.json", "logs"),
        ("var/app.log.1", "logs"),
        ("var/app.log.gz", "logs"),
        ("events.jsonl", "logs"),
        ("nginx/access_log", "logs"),
        # Folder rules come before file-name rules.
        ("logs/contract-service.log", "logs"),
        ("logs/agreement.pdf", "logs"),
        ("kyc/passport-scan.pdf", "identity_records"),
        # Log names beat identity names: the narrower declaration is the safe side.
        ("singpass-callback.log", "logs"),
        ("README.md", "other"),
        ("data/export.csv", "other"),
        ("catalogue/mylogs/x.txt", "other"),
        # Spelling variants of the same relative path.
        ("./logs/app.txt", "logs"),
        ("/logs/app.txt", "logs"),
        ("logs\\app.txt", "logs"),
        ("CONTRACTS/Lease.PDF", "contracts"),
    ],
)
def test_source_kind_for(policy: Policy, path: str, kind: str) -> None:
    assert policy.source_kind_for(path) == kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("bundle.zip!logs/app.txt", "logs"),
        ("bundle.zip!server.log", "logs"),
        ("backup.zip!inner.zip!users.csv", "identity_records"),
        ("uploads/bundle.zip!notes.txt", "contracts"),
        ("archive.ZIP!deep/dir/lease.pdf", "contracts"),
        ("misc.zip!readme.txt", "other"),
    ],
)
def test_source_kind_for_zip_members_matches_the_inner_path(
    policy: Policy, path: str, kind: str
) -> None:
    assert policy.source_kind_for(path) == kind


def test_exclamation_mark_outside_a_zip_is_part_of_the_name(policy: Policy) -> None:
    assert policy.source_kind_for("notes!logs/x.txt") == "other"


# ------------------------------------------------------------------ glob semantics


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.log", "a.log", True),
        ("**/*.log", "x/y/z/a.log", True),
        ("**/*.log", "a.log.1", False),
        # One dialect with --include/--exclude (gitignore): no `/` means the name at any depth.
        ("*.log", "x/a.log", True),
        ("/*.log", "x/a.log", False),
        ("logs/**", "logs/a", True),
        ("logs/**", "logs/a/b/c.txt", True),
        ("logs/**", "mylogs/a", False),
        ("**/kyc/**", "kyc/a.json", True),
        ("**/kyc/**", "x/kyc/y/a.json", True),
        ("**/kyc/**", "x/kyc.json", False),
        ("a/**/b.txt", "a/b.txt", True),
        ("a/**/b.txt", "a/x/y/b.txt", True),
        ("file?.csv", "file1.csv", True),
        ("file?.csv", "file10.csv", False),
        ("[!a]*.csv", "b.csv", True),
        ("[!a]*.csv", "a.csv", False),
        ("users[0-9].csv", "users7.csv", True),
        ("users[0-9].csv", "usersx.csv", False),
        ("a+b(c).txt", "a+b(c).txt", True),
        ("a+b(c).txt", "aab(c).txt", False),
    ],
)
def test_glob_semantics(pattern: str, path: str, matches: bool) -> None:
    from scanner.policy.model import SourceKindRule

    assert SourceKindRule("k", "", (pattern,)).matches(path) is matches


@given(
    st.lists(st.from_regex(r"[a-z0-9_.-]{1,8}", fullmatch=True), min_size=0, max_size=4),
    st.from_regex(r"[a-z0-9_-]{1,8}", fullmatch=True),
)
def test_double_star_matches_any_depth(folders: list[str], stem: str) -> None:
    from scanner.policy.model import SourceKindRule

    path = "/".join([*folders, f"{stem}.log"])
    assert SourceKindRule("logs", "", ("**/*.log",)).matches(path)
    assert not SourceKindRule("logs", "", ("**/*.log",)).matches(path + "x")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("", "empty glob"),
        ("/abs/**", "leading '/'"),
        ("logs/", "empty path segment"),
        ("a//b", "empty path segment"),
        ("a**b", "whole path segment"),
        ("[abc", "unclosed '['"),
        ("logs\\*.log", "use '/'"),
        ("[z-a].txt", "bad character class"),
    ],
)
def test_glob_error_explains_a_bad_glob(pattern: str, reason: str) -> None:
    error = glob_error(pattern)
    assert error is not None and reason in error


def test_glob_error_accepts_the_shipped_globs(policy: Policy) -> None:
    for rule in policy.source_kind_rules:
        for pattern in rule.paths:
            assert glob_error(pattern) is None, pattern


# ------------------------------------------------------------------ loading errors


def test_policy_error_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "esign-sg.yaml"
    lines = DEFAULT_POLICY_PATH.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "[DEVICE_ID, IP_ADDRESS]" in line)
    lines[index] = lines[index].replace("DEVICE_ID", "DEVICE_IDENTIFIER")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PolicyError) as excinfo:
        load_policy(broken)
    assert str(excinfo.value).startswith(f"{broken}:{index + 1}: ")
    assert "unknown entity type 'DEVICE_IDENTIFIER'" in str(excinfo.value)


def test_policy_error_on_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text("id: x\ntitle: t\nsource_kinds: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=rf"^{broken}:\d+: YAML syntax error"):
        load_policy(broken)


def test_policy_error_counts_further_problems(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text("id: Not_Kebab\nextra: 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"and \d+ more; run `piimap policy lint`"):
        load_policy(broken)


def test_missing_policy_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read policy file"):
        load_policy(tmp_path / "absent.yaml")


def test_load_does_not_need_the_policy_text(tmp_path: Path) -> None:
    """A scan runs without the policy text; quotes are checked by lint."""
    copy = tmp_path / "esign-sg.yaml"
    shutil.copy(DEFAULT_POLICY_PATH, copy)
    assert load_policy(copy).categories == load_policy(DEFAULT_POLICY_PATH).categories


# ------------------------------------------------------------------ show


def test_format_policy_lists_every_category_and_its_terms(policy: Policy) -> None:
    shown = format_policy(policy)
    assert shown.startswith("Policy esign-sg: ")
    for category in policy.categories:
        assert f"{category.id} ({category.section}): {category.title}" in shown
        assert " ".join(category.on_request.split())[:40] in " ".join(shown.split())
    assert "SG_NRIC_FIN" in shown and "Ant Blockchain (III(i) 1.2)" in shown
    assert "**/kyc/**" in shown
    assert max(len(line) for line in shown.splitlines()) <= 110
