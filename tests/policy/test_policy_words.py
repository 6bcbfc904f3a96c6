"""Policy-specific words (source kinds, section numbers) live in the policy YAML, not in code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scanner.policy.model import DEFAULT_POLICY_PATH, load_policy

ROOT = Path(__file__).resolve().parents[2]
# A section reference in the reference policy's numbering: I(i) 1.2, VII(B) 2.1, IV.
SECTION = re.compile(r"\b[IVX]+\([A-Za-z]+\)")
# Still holding the reference policy's words until branch `gatedsar` reads them from the Policy
# (issue 13); empty this once it has.
NOT_YET_MOVED: tuple[str, ...] = ()


def _policy_words(path: Path, kinds: set[str], root: Path = ROOT) -> list[str]:
    """String constants in ``path`` that are a source kind or cite a policy section."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in kinds or SECTION.search(node.value):
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.value[:40]!r}")
    return found


def test_code_names_no_source_kind_and_cites_no_section() -> None:
    kinds = set(load_policy(DEFAULT_POLICY_PATH).source_kinds())
    found = [
        word
        for path in sorted((ROOT / "scanner").rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(NOT_YET_MOVED)
        for word in _policy_words(path, kinds)
    ]
    assert found == []


def test_the_check_sees_what_report_model_used_to_hold(tmp_path: Path) -> None:
    old = tmp_path / "scanner" / "old.py"
    old.parent.mkdir()
    old.write_text(
        'SOURCE_KINDS = ("contracts", "logs", "identity_records", "other")\n'
        'NOTE = "VII(B) 2.1 gives a reason"\n',
        encoding="utf-8",
    )
    kinds = set(load_policy(DEFAULT_POLICY_PATH).source_kinds())
    assert len(_policy_words(old, kinds, root=tmp_path)) == 5
