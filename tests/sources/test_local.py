import os
import pickle
import socket
import stat
from pathlib import Path

import pytest

from scanner.sources import (
    SourceError,
    SourceFile,
    SourceReadError,
    iter_source,
    open_source_file,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _by_path(items: list) -> dict[str, SourceFile | SourceError]:
    return {item.path: item for item in items}


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    _write(root / "b.txt", "bee")
    _write(root / "a.txt", "a")
    _write(root / "a" / "z.csv", "col\n1\n")
    _write(root / "docs" / "contract.pdf", "%PDF-1.4 fake")
    _write(root / "docs" / "deep" / "notes.txt", "notes")
    _write(root / "logs" / "app.log", "line\n")
    return root


def test_walk_is_recursive_sorted_and_relative(tree: Path) -> None:
    items = list(iter_source(str(tree)))
    paths = [item.path for item in items]
    assert paths == [
        "a.txt",
        "a/z.csv",
        "b.txt",
        "docs/contract.pdf",
        "docs/deep/notes.txt",
        "logs/app.log",
    ]
    assert paths == sorted(paths)
    assert all(isinstance(item, SourceFile) for item in items)
    b = _by_path(items)["b.txt"]
    assert b.source == str(tree)
    assert b.size == 3
    assert b.mtime == pytest.approx((tree / "b.txt").stat().st_mtime)
    with open_source_file(b) as handle:
        assert handle.read() == b"bee"


def test_include_and_exclude_globs(tree: Path) -> None:
    txt = [i.path for i in iter_source(str(tree), include=["*.txt"])]
    assert txt == ["a.txt", "b.txt", "docs/deep/notes.txt"]
    no_docs = [i.path for i in iter_source(str(tree), exclude=["docs/**", "*.csv"])]
    assert no_docs == ["a.txt", "b.txt", "logs/app.log"]
    both = [i.path for i in iter_source(str(tree), include=["docs/**"], exclude=["**/deep"])]
    assert both == ["docs/contract.pdf"]


def test_single_file_source(tree: Path) -> None:
    [item] = list(iter_source(str(tree / "docs" / "contract.pdf")))
    assert isinstance(item, SourceFile)
    assert item.path == "contract.pdf"
    with open_source_file(item) as handle:
        assert handle.read().startswith(b"%PDF")


def test_missing_source_is_an_error_not_an_exception(tmp_path: Path) -> None:
    [item] = list(iter_source(str(tmp_path / "nope")))
    assert isinstance(item, SourceError)
    assert "vanished" in item.reason or "cannot stat" in item.reason


def test_symlink_inside_root_is_followed(tree: Path) -> None:
    (tree / "link.txt").symlink_to(tree / "b.txt")
    (tree / "docs-alias").symlink_to(tree / "docs", target_is_directory=True)
    items = _by_path(list(iter_source(str(tree))))
    link = items["link.txt"]
    assert isinstance(link, SourceFile)
    assert link.size == 3
    with open_source_file(link) as handle:
        assert handle.read() == b"bee"
    assert isinstance(items["docs-alias/deep/notes.txt"], SourceFile)


def test_symlink_outside_root_is_not_followed(tmp_path: Path, tree: Path) -> None:
    secret = _write(tmp_path / "outside" / "secret.txt", "S1234567D")
    (tree / "escape.txt").symlink_to(secret)
    (tree / "escape-dir").symlink_to(secret.parent, target_is_directory=True)
    (tree / "docs" / "up").symlink_to(Path("..") / ".." / "outside" / "secret.txt")
    items = _by_path(list(iter_source(str(tree))))
    for path in ("escape.txt", "escape-dir", "docs/up"):
        assert isinstance(items[path], SourceError), path
        assert items[path].reason == "symlink points outside the scan root"
    assert not any("secret" in p for p in items)


def test_symlink_loops_are_reported(tree: Path) -> None:
    (tree / "docs" / "deep" / "back").symlink_to(tree / "docs", target_is_directory=True)
    (tree / "self").symlink_to(tree / "self")
    items = list(iter_source(str(tree)))  # terminates
    by_path = _by_path(items)
    assert isinstance(by_path["docs/deep/back"], SourceError)
    assert "loop" in by_path["docs/deep/back"].reason
    assert isinstance(by_path["self"], SourceError)
    assert "loop" in by_path["self"].reason
    assert not any(p.startswith("docs/deep/back/") for p in by_path)


def test_broken_symlink(tree: Path) -> None:
    (tree / "dangling").symlink_to(tree / "missing.txt")
    item = _by_path(list(iter_source(str(tree))))["dangling"]
    assert isinstance(item, SourceError)
    assert "broken symlink" in item.reason


def test_fifo_and_socket_are_not_regular_files(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock_path = tree / "s.sock"
    if len(str(sock_path)) < 100:
        sock.bind(str(sock_path))
    try:
        items = _by_path(list(iter_source(str(tree))))
    finally:
        sock.close()
    assert items["pipe"] == SourceError(str(tree), "pipe", "not a regular file (fifo)")
    if sock_path.exists():
        assert items["s.sock"].reason == "not a regular file (socket)"


def test_open_refuses_a_file_replaced_by_a_fifo(tree: Path) -> None:
    item = _by_path(list(iter_source(str(tree))))["b.txt"]
    (tree / "b.txt").unlink()
    os.mkfifo(tree / "b.txt")
    with pytest.raises(SourceReadError, match=r"not a regular file \(fifo\)"):
        open_source_file(item)  # must not block waiting for a writer


def test_file_vanished_before_read(tree: Path) -> None:
    item = _by_path(list(iter_source(str(tree))))["a.txt"]
    (tree / "a.txt").unlink()
    with pytest.raises(SourceReadError, match="file vanished before it was read"):
        open_source_file(item)


@pytest.mark.skipif(IS_ROOT, reason="root reads files and folders regardless of mode bits")
def test_permission_denied_file_and_folder(tree: Path) -> None:
    locked_file = tree / "b.txt"
    locked_dir = tree / "docs"
    locked_file.chmod(0)
    locked_dir.chmod(0)
    try:
        items = _by_path(list(iter_source(str(tree))))
        assert items["b.txt"].reason.startswith("permission denied")
        assert items["docs"].reason.startswith("permission denied")
        assert isinstance(items["a.txt"], SourceFile)  # the rest is still listed
        with pytest.raises(SourceReadError, match="permission denied"):
            open_source_file(SourceFile(str(tree), "b.txt", str(locked_file), 3))
    finally:
        locked_dir.chmod(stat.S_IRWXU)
        locked_file.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unlistable_folder_is_yielded_as_error(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs as root too: the OS refusal is injected at the one call that lists a folder."""
    real_scandir = os.scandir
    locked = str(tree / "docs")

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = _by_path(list(iter_source(str(tree))))
    assert items["docs"] == SourceError(
        str(tree), "docs", "permission denied: cannot list directory"
    )
    assert isinstance(items["logs/app.log"], SourceFile)


def test_source_file_pickles_and_hides_storage_options() -> None:
    item = SourceFile("s3://b/p", "k.txt", "s3://b/p/k.txt", 5, 1.0, "abc", {"secret": "hunter2"})
    again = pickle.loads(pickle.dumps(item))
    assert again == item
    assert again.storage_options == {"secret": "hunter2"}
    assert "hunter2" not in repr(item)
    assert hash(item) == hash(again)
