import pytest

from scanner.sources.globs import glob_match, path_selected


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
