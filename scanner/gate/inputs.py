"""What `piimap check` reads: its PATH arguments expanded, folders listed, stdin spooled.

Every input gets its display path (relative to the working directory, ``/``-separated), so
reports, baselines and SARIF locations agree however the inputs were spelled. Folders are
listed without what .git/.venv/node_modules hold and, optionally, what .gitignore ignores. A
path that does not exist, a glob that matches nothing or an unusable ``--changed-since`` is an
``InputError``: a gate given nothing to read must not pass.
"""

from __future__ import annotations

import glob
import io
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.sources import SourceError, SourceFile, is_url, iter_source
from scanner.sources.gitignore import GitIgnore
from scanner.sources.pathmatch import matcher

STDIN_ARG = "-"
STDIN_PATH = "<stdin>"
_STDIN_CHUNK = 1 << 20
_GLOB_CHARS = "*?["
# Folders `check` never walks into unless a path names them (tool and dependency trees).
DEFAULT_EXCLUDES = (".git/", ".venv/", "node_modules/")


class InputError(Exception):
    """The inputs cannot be read as given; the message says which and what to do."""


def git_root(start: Path) -> Path | None:
    """The work tree holding ``start`` (a folder with ``.git``), without running git."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def display_path(path: str) -> str:
    """The path as reports show it: relative to the working directory when inside it, `/`-separated.

    Reports, baselines and SARIF locations all use it, so running from the repository root
    gives repository-relative paths no matter how the inputs were spelled.
    """
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    chosen = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return chosen.replace(os.sep, "/")


def expand_inputs(paths: tuple[str, ...]) -> tuple[list[str], bool]:
    """Files/folders to scan (globs expanded) and whether `-` (stdin) was given.

    A path that does not exist or a glob that matches nothing is a usage error: a gate given
    nothing to read must not pass.
    """
    targets: list[str] = []
    use_stdin = False
    for p in paths:
        if p == STDIN_ARG:
            use_stdin = True
        elif is_url(p):
            raise InputError(
                f"{p}: check reads local files and stdin; use `piimap scan` for object storage"
            )
        elif any(c in p for c in _GLOB_CHARS) and not os.path.lexists(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(f"{p}: the pattern matched no files")
            targets.extend(matches)
        elif not os.path.lexists(p):
            raise InputError(f"no such file or folder: {p}")
        else:
            targets.append(p)
    return list(dict.fromkeys(targets)), use_stdin


def list_inputs(
    targets: list[str], selection: Selection | None = None
) -> Iterator[SourceFile | SourceError]:
    """List each target and give every item its display path (deduplicated, in order).

    Inside folders, ``selection`` prunes .git/.venv/node_modules and what .gitignore ignores;
    its include/exclude globs apply to every display path, named files included.
    """
    selection = selection or Selection()
    seen: set[str] = set()
    for target in targets:
        is_dir = os.path.isdir(target)
        for item in iter_source(target, exclude=selection.prune if is_dir else ()):
            if is_dir and item.path:
                local = os.path.join(target, item.path)
                shown = display_path(local)
                if selection.ignored(local):
                    continue
            else:
                shown = display_path(target)
            if shown in seen or not selection.selected(shown):
                continue
            seen.add(shown)
            yield replace(item, path=shown)


@dataclass
class Selection:
    """Which files `check` reads: include/exclude globs (scanner.sources.pathmatch's dialect) on the
    display path, default folder excludes, and optionally what git ignores."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = False
    prune: tuple[str, ...] = DEFAULT_EXCLUDES
    _ignores: dict[str, GitIgnore | None] = field(default_factory=dict)

    def selected(self, shown: str) -> bool:
        if self.include and not matcher(self.include).match(shown):
            return False
        return not matcher(self.exclude).match(shown)

    def ignored(self, local: str) -> bool:
        if not self.gitignore:
            return False
        folder = os.path.dirname(os.path.abspath(local))
        if folder not in self._ignores:
            root = git_root(Path(folder))
            self._ignores[folder] = next(
                (g for g in self._ignores.values() if g is not None and g.root == root), None
            ) or (GitIgnore(root) if root is not None else None)
        ignore = self._ignores[folder]
        return ignore is not None and ignore.ignored(local)


def _git(args: list[str]) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise InputError("--changed-since needs git, which is not installed") from exc
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


def changed_since(rev: str) -> set[str]:
    """Display paths of files changed since ``rev``: committed (``rev...HEAD``), staged,
    modified or untracked in the work tree; deleted files are left out."""
    try:
        top = _git(["rev-parse", "--show-toplevel"]).strip()
    except subprocess.CalledProcessError as exc:
        raise InputError(
            "--changed-since needs a git work tree, and the current folder is not inside one"
        ) from exc
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"])
    except subprocess.CalledProcessError as exc:
        raise InputError(f"--changed-since: unknown git revision {rev!r}") from exc
    names: list[str] = []
    for args in (
        ["diff", "--name-only", "-z", "--diff-filter=d", f"{rev}...HEAD"],
        ["diff", "--name-only", "-z", "--diff-filter=d", "HEAD"],
        ["ls-files", "-z", "--full-name", "--others", "--exclude-standard"],
    ):
        try:
            names.extend(n for n in _git(["-C", top, *args]).split("\0") if n)
        except subprocess.CalledProcessError as exc:
            raise InputError(f"--changed-since: git {args[0]} failed: {exc.stderr}") from exc
    return {
        display_path(os.path.join(top, n)) for n in names if os.path.isfile(os.path.join(top, n))
    }


def spool_stdin(stream: io.BufferedIOBase) -> tuple[str, int]:
    """Copy stdin to a private temporary file in chunks; returns its path and size."""
    fd, tmp = tempfile.mkstemp(prefix="piimap-stdin-", suffix=".log")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while block := stream.read(_STDIN_CHUNK):
                out.write(block)
                size += len(block)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp, size


__all__ = [
    "DEFAULT_EXCLUDES",
    "STDIN_ARG",
    "STDIN_PATH",
    "InputError",
    "Selection",
    "changed_since",
    "display_path",
    "expand_inputs",
    "git_root",
    "list_inputs",
    "spool_stdin",
]
