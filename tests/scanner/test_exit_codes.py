"""Exit codes live in scanner/exit_codes.py only: defined there, imported from there."""

from __future__ import annotations

import ast
from pathlib import Path

from scanner.exit_codes import EXIT_PARTIAL, INCOMPLETE_STATUSES

ROOT = Path(__file__).resolve().parents[2]
CODES_MODULE = ROOT / "scanner" / "exit_codes.py"
# Still defining EXIT_ERROR for itself until branch `gatedsar` moves it onto scanner.exit_codes
# (issue 13); empty this (and the import exemption below) once it has.
NOT_YET_MOVED: set[Path] = set()
NOT_YET_MOVED_MODULES: set[str] = set()


def _is_exit_name(name: str) -> bool:
    return name.startswith("EXIT_") or name == "INCOMPLETE_STATUSES"


def _problems(path: Path) -> list[str]:
    """Exit constants ``path`` defines itself, or imports from anywhere but scanner.exit_codes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            found += [f"{path.name}:{node.lineno} defines {n}" for n in names if _is_exit_name(n)]
        elif isinstance(node, ast.ImportFrom) and node.module not in (
            "scanner.exit_codes",
            *NOT_YET_MOVED_MODULES,
        ):
            found += [
                f"{path.name}:{node.lineno} imports {a.name} from {node.module}"
                for a in node.names
                if _is_exit_name(a.name)
            ]
    return found


def test_exit_constants_are_defined_and_imported_in_one_place() -> None:
    problems = [
        problem
        for folder in ("scanner", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != CODES_MODULE and path not in NOT_YET_MOVED
        for problem in _problems(path)
    ]
    assert problems == []


def test_the_check_sees_a_copy_and_a_detour(tmp_path: Path) -> None:
    """Guards the test above with what pipeline.py used to hold and the imports it invited."""
    module = tmp_path / "old.py"
    module.write_text(
        'INCOMPLETE_STATUSES = ("error", "partial")\n'
        "from scanner.scan.pipeline import EXIT_PARTIAL\n",
        encoding="utf-8",
    )
    assert len(_problems(module)) == 2


def test_an_incomplete_file_is_one_not_fully_read() -> None:
    assert set(INCOMPLETE_STATUSES) == {"error", "partial"}
    assert EXIT_PARTIAL == 3
