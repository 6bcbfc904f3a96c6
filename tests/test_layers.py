"""Import direction, read from the source with ``ast`` (lazy imports inside functions count):

- nothing outside ``scanner/cli/`` imports ``scanner.cli`` (the CLI is the outermost layer);
- ``recognizers`` imports nothing from ``scanner`` (they are plain Presidio recognizers);
- the data wings run one way, sources -> extract -> detect -> policy -> protect -> inventory: a
  wing never imports a wing after it, nor the code that drives the wings (scan, gate, dsar,
  report, engines, cli).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAIN = ("sources", "extract", "detect", "policy", "protect", "inventory")
DRIVERS = ("scan", "gate", "dsar", "report", "engines", "cli")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> Iterator[str]:
    """Every module ``path`` imports, absolute; ``from a import b`` yields ``a`` and ``a.b``."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "scanner" and len(parts) > 1 else None


def is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_walker_sees_top_level_and_lazy_imports() -> None:
    """Guards the tests below: an import the walker missed would make them pass vacuously."""
    check = ROOT / "scanner" / "cli" / "check.py"
    assert "scanner.gate.run" in set(imported_modules(check))
    scan = ROOT / "scanner" / "cli" / "scan.py"
    assert "scanner.scan.pipeline" in set(imported_modules(scan))  # imported inside `scan`
    assert any(is_under(m, "scanner.cli") for m in imported_modules(ROOT / "scanner/cli/main.py"))


def test_the_walker_resolves_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / "scanner" / "sources"
    package.mkdir(parents=True)
    probe = package / "probe.py"
    probe.write_text("def f():\n    from ..cli import main\n    from . import sniff\n")
    found = set(imported_modules(probe, tmp_path))
    assert {"scanner.cli", "scanner.cli.main", "scanner.sources.sniff"} <= found


def test_nothing_outside_the_cli_imports_it() -> None:
    offenders = [
        f"{module_name(p)} imports {m}"
        for p in sources("scanner", "recognizers", "bench", "samples")
        if not is_under(module_name(p), "scanner.cli")
        for m in set(imported_modules(p))
        if is_under(m, "scanner.cli")
    ]
    assert not offenders, "\n".join(sorted(offenders))


def test_recognizers_import_nothing_from_scanner() -> None:
    offenders = [
        f"{module_name(p)} imports {m}"
        for p in sources("recognizers")
        for m in set(imported_modules(p))
        if is_under(m, "scanner")
    ]
    assert not offenders, "\n".join(sorted(offenders))


@pytest.mark.parametrize("wing", CHAIN)
def test_a_data_wing_never_imports_a_later_wing_or_a_driver(wing: str) -> None:
    later = CHAIN[CHAIN.index(wing) + 1 :] + DRIVERS
    folder = ROOT / "scanner" / wing
    assert folder.is_dir(), f"scanner/{wing} is not a package any more: update CHAIN"
    offenders = [
        f"{module_name(p)} imports {m}"
        for p in sorted(folder.rglob("*.py"))
        for m in set(imported_modules(p))
        if wing_of(m) in later
    ]
    assert not offenders, "\n".join(sorted(offenders))


def test_every_driver_named_here_exists() -> None:
    missing = [d for d in DRIVERS if not (ROOT / "scanner" / d / "__init__.py").is_file()]
    assert not missing
