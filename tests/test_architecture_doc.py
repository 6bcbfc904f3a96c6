"""docs/architecture.md names exactly the packages in the tree, and each has a contract section.

The doc's fenced ``packages`` block lists one package per line (its path first); the tree's
packages are the folders under ``scanner/`` and ``recognizers/`` that hold an ``__init__.py``.
A package moved, added or removed without the doc (or the reverse) fails here.
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
