"""Entity types are written once (recognizers/entities.py): every wing, table and doc agrees."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from recognizers import RECOGNIZER_ENTITY_TYPES
from recognizers.entities import ENTITY_TYPES, NER_ENTITY_TYPES
from recognizers.normalize import _RULES
from scanner.dsar import locate
from scanner.gate.reporters.sarif import ENTITY_DESCRIPTIONS
from scanner.policy.model import KNOWN_ENTITY_TYPES
from scanner.report.model import ENTITY_WEIGHTS

ROOT = Path(__file__).resolve().parents[2]
ENTITIES_MODULE = ROOT / "recognizers" / "entities.py"


def _documented_entity_types() -> list[str]:
    """The backticked names under the architecture doc's "Entity types" heading, in order."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = re.search(r"^#+ Entity types[^\n]*\n(.*?)(?=^#)", text, re.S | re.M)
    assert section, "docs/architecture.md has no 'Entity types' section"
    return re.findall(r"`([A-Z][A-Z_]+)`", section.group(1))


def test_entity_types_are_unique_and_the_ner_types_among_them() -> None:
    assert len(set(ENTITY_TYPES)) == len(ENTITY_TYPES)
    assert set(NER_ENTITY_TYPES) <= set(ENTITY_TYPES)


def test_the_docs_list_the_entity_types_in_display_order() -> None:
    assert _documented_entity_types() == list(ENTITY_TYPES)


def test_every_wing_reads_the_one_list() -> None:
    for alias in (RECOGNIZER_ENTITY_TYPES, KNOWN_ENTITY_TYPES, locate.ENTITY_TYPES):
        assert alias is ENTITY_TYPES


def test_per_type_tables_cover_exactly_the_entity_types() -> None:
    assert set(ENTITY_DESCRIPTIONS) == set(ENTITY_TYPES)
    assert set(ENTITY_WEIGHTS) == set(ENTITY_TYPES)
    assert set(_RULES) <= set(ENTITY_TYPES)


def test_the_entity_module_imports_nothing_heavy() -> None:
    """Presidio-free: the policy linter and the CLI's light commands read it."""
    tree = ast.parse(ENTITIES_MODULE.read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__"}


def _literal_lists(path: Path) -> list[tuple[int, set[str]]]:
    """String collections written out in ``path`` (tuples, lists, sets), with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            names = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            found.append((node.lineno, {n for n in names if isinstance(n, str)}))
    return found


def test_no_module_writes_the_entity_list_again() -> None:
    """A second copy of (most of) the list is how the lists drifted apart before."""
    copies = []
    for package in ("scanner", "recognizers"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ENTITIES_MODULE:
                continue
            for line, names in _literal_lists(path):
                if len(names & set(ENTITY_TYPES)) >= len(ENTITY_TYPES) // 2:
                    copies.append(f"{path.relative_to(ROOT)}:{line}")
    assert copies == []


def test_the_copy_check_sees_a_copy(tmp_path: Path) -> None:
    """Guards the test above: a written-out list is found."""
    copy = tmp_path / "copy.py"
    copy.write_text(f"TYPES = {ENTITY_TYPES!r}\n", encoding="utf-8")
    assert [names for _, names in _literal_lists(copy)] == [set(ENTITY_TYPES)]
