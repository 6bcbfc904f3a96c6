"""What git would ignore, read from ``.gitignore`` files with ``pathspec`` (no git needed).

The root's ``.gitignore`` and ``.git/info/exclude``, then each ``.gitignore`` on the way down to
the file, each matched on the path relative to its own folder; the deepest decision wins, as in
git. Global excludes (``core.excludesFile``) are the user's, not the project's, and are not read.
"""

from __future__ import annotations

import os
from pathlib import Path

from scanner.sources.pathmatch import GitIgnoreSpec, gitignore_spec


class GitIgnore:
    """``ignored(path)`` for files below ``root`` (a git work tree or a scanned folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._specs: dict[Path, GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            sources = [folder / ".gitignore"]
            if folder == self.root:
                sources.insert(0, folder / ".git" / "info" / "exclude")
            for source in sources:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
            self._specs[folder] = gitignore_spec(lines)
        return self._specs[folder]

    def ignored(self, path: str | os.PathLike[str]) -> bool:
        """True when git would ignore ``path`` (a file at or below ``root``)."""
        target = Path(os.path.abspath(path))
        try:
            rel = target.relative_to(self.root)
        except ValueError:
            return False
        decision = False
        folder = self.root
        parts = rel.parts
        for depth in range(len(parts)):
            spec = self._spec(folder)
            if spec is not None:
                sub = "/".join(parts[depth:])
                result = spec.check_file(sub)
                if result.include is not None:
                    decision = result.include
                # A folder ignored above cannot be re-included below (git does not look inside).
                for cut in range(1, len(parts) - depth):
                    if spec.match_file("/".join(parts[depth : depth + cut]) + "/"):
                        return True
            folder = folder / parts[depth]
        return decision
