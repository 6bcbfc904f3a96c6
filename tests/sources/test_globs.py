import pytest

from scanner.sources.pathmatch import glob_match, path_selected, pattern_error


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.pdf", "a.pdf", True),
        ("*.pdf", "deep/er/a.pdf", True),  # no `/` in the pattern: matches the name anywhere
        ("*.pdf", "a.pdf.txt", False),
        ("docs/*.pdf", "docs/a.pdf", True),
        ("docs/*.pdf", "docs/sub/a.pdf", False),  # `*` does not cross `/`
        ("docs/*.pdf", "other/docs/a.pdf", False),  # patterns with `/` are anchored
        ("docs/**/*.pdf", "docs/a.pdf", True),  # `**` matches zero segments
        ("docs/**/*.pdf", "docs/x/y/a.pdf", True),
        ("**/logs/*", "logs/app.log", True),
        ("**/logs/*", "svc/logs/app.log", True),
        ("logs/**", "logs", True),
        ("logs/**", "logs/a/b.log", True),
        ("logs/**", "logsx/a.log", False),
        ("/top.txt", "top.txt", True),
        ("/top.txt", "sub/top.txt", False),
        ("./sub/*.txt", "sub/a.txt", True),
        ("file?.csv", "file1.csv", True),
        ("file?.csv", "file10.csv", False),
        ("a?b", "a/b", False),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "c.txt", True),
        ("[!ab].txt", "a.txt", False),
        ("x/[!a]y", "x//y", False),
        ("*.TXT", "a.txt", False),  # case-sensitive, like the file systems we scan
        ("a+b(1).txt", "a+b(1).txt", True),  # regex characters are literal
        ("**", "anything/at/all", True),
    ],
)
def test_glob_match(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


def test_path_selected_combines_include_and_exclude() -> None:
    include, exclude = ["*.txt", "*.csv"], ["tmp/**"]
    assert path_selected("a/b.txt", include, exclude)
    assert not path_selected("a/b.pdf", include, exclude)
    assert not path_selected("tmp/b.txt", include, exclude)
    assert path_selected("anything.bin", (), ())


def test_a_bad_character_class_is_explained_not_raised() -> None:
    """Regression: `[z-a]` made pathspec raise re.error out of pattern_error."""
    error = pattern_error("[z-a].txt")
    assert error is not None and "bad character class" in error
    assert pattern_error("logs/**/*.log") is None


def test_one_module_holds_the_glob_dialect() -> None:
    """Every path rule goes through scanner.sources.pathmatch; nothing else parses globs."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # (`glob.glob`, which check uses to expand a quoted PATH argument on disk, is no path rule.)
    parsers = {"pathspec", "fnmatch", "wcmatch"}
    users = sorted(
        str(path.relative_to(root))
        for path in (root / "scanner").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and {a.name.split(".")[0] for a in node.names} & parsers)
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in parsers)
    )
    assert users == ["scanner/sources/pathmatch.py"]
    assert not (root / "scanner" / "sources" / "globs.py").exists()


def test_a_gitignore_line_that_is_no_pattern_is_skipped_not_fatal(tmp_path) -> None:
    """Regression: a written `.gitignore` with `[z-a]` raised re.error out of the scan."""
    from scanner.sources.gitignore import GitIgnore

    (tmp_path / ".gitignore").write_text("[z-a].log\n*.tmp\n", encoding="utf-8")
    (tmp_path / "a.tmp").write_text("x", encoding="utf-8")
    ignore = GitIgnore(tmp_path)
    assert ignore.ignored(tmp_path / "a.tmp")
    assert not ignore.ignored(tmp_path / "z.log")
