"""docs/architecture.md names exactly the packages in the tree, and each has a contract section.

The doc's fenced ``packages`` block lists one package per line (its path first); the tree's
packages are the folders under ``scanner/`` and ``recognizers/`` that hold an ``__init__.py``.
A package moved, added or removed without the doc (or the reverse) fails here, and so does an
entity type or source kind the doc lists that the code does not have (or the reverse).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
TOP_PACKAGES = ("scanner", "recognizers")
# A `### ` heading whose first word is a path in the tree: `### scanner/gate/` or `### scanner/`.
HEADING_PATH = re.compile(r"^### +`?((?:scanner|recognizers)(?:/[\w.]+)*/?)`?(?:\s|$)", re.M)


def packages_in_doc(text: str) -> list[str]:
    """The first word of every line of the doc's ```packages block, as `a/b/` paths."""
    blocks = re.findall(r"^```packages\n(.*?)^```", text, re.M | re.S)
    if len(blocks) != 1:
        raise AssertionError(f"{DOC.name} needs exactly one ```packages block, found {len(blocks)}")
    names = [line.split()[0] for line in blocks[0].splitlines() if line.strip()]
    return [name.rstrip("/") + "/" for name in names]


def packages_in_tree(root: Path = ROOT) -> set[str]:
    """Every package (folder with __init__.py) under the top-level packages, at any depth."""
    found: set[str] = set()
    for top in TOP_PACKAGES:
        for init in (root / top).rglob("__init__.py"):
            rel = init.parent.relative_to(root).as_posix()
            if "__pycache__" not in rel:
                found.add(rel + "/")
    return found


def contract_headings(text: str) -> list[str]:
    return [
        m.rstrip("/") + ("/" if (ROOT / m).is_dir() else "") for m in HEADING_PATH.findall(text)
    ]


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_package_in_the_doc_exists(doc_text):
    named = packages_in_doc(doc_text)
    assert len(named) == len(set(named)), "a package is listed twice"
    missing = [p for p in named if not (ROOT / p / "__init__.py").is_file()]
    assert not missing, f"{DOC.name} names packages that do not exist: {missing}"


def test_every_package_in_the_tree_is_in_the_doc(doc_text):
    unnamed = sorted(packages_in_tree() - set(packages_in_doc(doc_text)))
    assert not unnamed, f"packages missing from the ```packages block of {DOC.name}: {unnamed}"


def test_every_package_has_a_contract_section(doc_text):
    headings = contract_headings(doc_text)
    without = [p for p in packages_in_doc(doc_text) if p not in headings]
    assert not without, f"packages without a '### <package>/' contract section: {without}"
    stale = [h for h in headings if not (ROOT / h).exists()]
    assert not stale, f"contract sections for paths that do not exist: {stale}"


def section(text: str, heading_start: str) -> str:
    """The body of the ``## `` section whose heading starts with ``heading_start``."""
    match = re.search(rf"^## {re.escape(heading_start)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"{DOC.name} has no '## {heading_start}' section"
    return match.group(1)


def code_entity_types() -> tuple[str, ...]:
    try:  # the one Presidio-free home of the list (issue 13), once it exists
        from recognizers.entities import KNOWN_ENTITY_TYPES
    except ImportError:
        from scanner.policy.model import KNOWN_ENTITY_TYPES
    return tuple(KNOWN_ENTITY_TYPES)


def test_entity_types_section_matches_the_code(doc_text):
    body = section(doc_text, "Entity types")
    first_paragraph = body.split("\n\n", 1)[0]
    named = re.findall(r"`([A-Z][A-Z0-9_]+)`", first_paragraph)
    assert sorted(named) == sorted(code_entity_types())


def test_source_kinds_section_matches_the_shipped_policy(doc_text):
    from scanner.policy.model import load_policy

    body = section(doc_text, "Source kinds")
    first_paragraph = body.split("\n\n", 1)[0]
    named_kinds = set(re.findall(r"`([a-z_]+)` \(", first_paragraph))
    assert named_kinds == set(load_policy().source_kinds())


# The checks above, on a made-up tree, so a broken parser cannot pass them vacuously.


def test_parsers_read_the_block_and_headings():
    text = (
        "intro scanner/not-a-package/ in prose\n"
        "```packages\nscanner/          top\nscanner/a/   holds a\n\nrecognizers/sg/ sg\n```\n"
        "### scanner/a/\n### `recognizers/sg/` (ids)\n### Not a path\n"
    )
    assert packages_in_doc(text) == ["scanner/", "scanner/a/", "recognizers/sg/"]
    assert [h.rstrip("/") for h in HEADING_PATH.findall(text)] == ["scanner/a", "recognizers/sg"]


def test_tree_walk_finds_nested_packages_and_skips_data_folders(tmp_path):
    for pkg in (
        "scanner",
        "scanner/gate",
        "scanner/gate/reporters",
        "recognizers",
        "recognizers/sg",
    ):
        (tmp_path / pkg).mkdir(parents=True, exist_ok=True)
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "scanner/report/templates").mkdir(parents=True)  # data, not a package
    assert packages_in_tree(tmp_path) == {
        "scanner/",
        "scanner/gate/",
        "scanner/gate/reporters/",
        "recognizers/",
        "recognizers/sg/",
    }
