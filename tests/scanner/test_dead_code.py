"""No dead code: every top-level function and class of scanner/ and recognizers/ has a user,
and the inventory wing does not reach back into the scan wing (issue 13)."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = ("scanner", "recognizers", "tests", "bench", "samples")
# Names functions by name: recognizers/rules/loader.py resolves its checks in the rules modules.
NAMING_CONFIGS = ("configs/builtin_recognizers.yaml",)
# Found by name at run time: scanner.extract.dispatch loads `extract_<type>` from the module
# of that type (scanner/extract/<type>.py) on first use.
DYNAMIC = re.compile(r"extract_[a-z]+")


def _definitions(path: Path) -> list[str]:
    """Top-level functions and classes no decorator registers (click commands, spaCy parts) and
    that Python does not call by name (module ``__getattr__``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and not node.decorator_list
        and not (node.name.startswith("__") and node.name.endswith("__"))  # PEP 562 hooks
        and not (path.parent.name == "extract" and DYNAMIC.fullmatch(node.name))
    ]


def _unused(defining: list[Path], texts: list[str], root: Path = ROOT) -> list[str]:
    words = Counter(word for text in texts for word in re.findall(r"\w+", text))
    return [
        f"{path.relative_to(root)}: {name}"
        for path in defining
        for name in _definitions(path)
        if words[name] <= 1  # the definition itself
    ]


def test_every_function_and_class_has_a_user() -> None:
    texts = [p.read_text(encoding="utf-8") for d in READERS for p in (ROOT / d).rglob("*.py")]
    texts += [(ROOT / name).read_text(encoding="utf-8") for name in NAMING_CONFIGS]
    defining = [p for d in ("scanner", "recognizers") for p in sorted((ROOT / d).rglob("*.py"))]
    assert _unused(defining, texts) == []


def test_the_check_sees_an_unused_function(tmp_path: Path) -> None:
    """Guards the test above with what scanner/scan/pipeline.py used to hold."""
    module = tmp_path / "pipeline.py"
    module.write_text(
        "import os\n\n\ndef default_workers() -> int:\n    return os.cpu_count() or 1\n",
        encoding="utf-8",
    )
    assert _unused([module], [module.read_text()], root=tmp_path) == [
        "pipeline.py: default_workers"
    ]


def test_inventory_does_not_import_the_scan_wing() -> None:
    """Data flows one way: the scan wing writes through inventory, never the reverse."""
    imports = [
        f"{path.relative_to(ROOT)}: {node.module}"
        for path in sorted((ROOT / "scanner" / "inventory").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("scanner.scan", "scanner.cli"))
    ]
    assert imports == []
