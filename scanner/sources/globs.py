"""Include/exclude globs on `/`-separated relative paths, in the one dialect of
``scanner.sources.pathmatch`` (gitignore's, so ``--include '*.pdf'`` does what people expect):
``*`` and ``?`` never cross ``/``; ``**`` as a whole segment matches zero or more segments;
``[abc]``/``[!abc]`` are character classes; a pattern without ``/`` matches the file name at any
depth; a leading ``/`` or ``./`` anchors to the root (all other patterns are anchored too).
"""

from __future__ import annotations

from collections.abc import Sequence

from scanner.sources.pathmatch import matcher


def _clean(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _match(patterns: Sequence[str], path: str) -> bool:
    return matcher([_clean(p) for p in patterns]).match(path)


def glob_match(pattern: str, path: str) -> bool:
    """True when the `/`-separated relative ``path`` (or a folder above it) matches ``pattern``."""
    cleaned = _clean(pattern)
    if cleaned.endswith("/**") and path == cleaned[:-3].lstrip("/"):
        return True  # `logs/**` names the folder itself too (so it is pruned, not walked)
    return _match([pattern], path)


def path_selected(path: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A file is scanned when it matches some include (or there are none) and no exclude."""
    if include and not any(glob_match(p, path) for p in include):
        return False
    return not any(glob_match(p, path) for p in exclude)


def path_excluded(path: str, exclude: Sequence[str]) -> bool:
    """True when an exclude pattern matches the folder ``path``; used to prune whole folders."""
    return any(glob_match(p, path) or glob_match(p, path + "/") for p in exclude)
