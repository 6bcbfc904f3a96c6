"""The policy's `answers:` block: the words of one policy the answers use (stdin's source kind,
the deletion reason for undeclared findings, what one record of a kind is), read and linted
with the rest of the policy instead of being written in code. Mistakes in the block are in
test_policy_lint's table with every other lint mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

from scanner.policy.answers import GENERIC_UNDECLARED_REASON
from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy


def _copy_policy(tmp_path: Path, edit) -> Path:
    """The shipped policy (and its text, for the quote check) with ``edit`` applied to the YAML."""
    shutil.copy(DEFAULT_POLICY_PATH.parent / "esign-sg-privacy-policy.txt", tmp_path)
    path = tmp_path / "policy.yaml"
    path.write_text(edit(DEFAULT_POLICY_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _without_answers(text: str) -> str:
    head, _, rest = text.partition("\nanswers:\n")
    return head + "\n" + rest[rest.index("\ncategories:") :]


def test_the_shipped_policy_names_its_words():
    answers = load_policy(DEFAULT_POLICY_PATH).answers
    assert answers.stdin_source_kind == "logs"
    assert "VII(B) 2.1" in answers.undeclared_reason
    assert answers.whole_file_kinds == {"contracts"}
    assert answers.record_noun("logs") == "log line"
    assert answers.record_noun("other") is None


def test_a_policy_without_answers_uses_neutral_defaults(tmp_path):
    policy = load_policy(_copy_policy(tmp_path, _without_answers))
    assert policy.stdin_source_kind == policy.default_source_kind == "other"
    assert policy.answers.undeclared_reason == GENERIC_UNDECLARED_REASON
    assert policy.answers.whole_file_kinds == frozenset()
