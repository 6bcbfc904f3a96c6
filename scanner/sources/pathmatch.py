"""One glob dialect for every path rule: gitignore's (via ``pathspec``).

``--include``/``--exclude`` of scan and check, ``.gitignore`` files, the ``.piimap.yaml`` path
settings and the policy's source-kind path rules all match ``/``-separated relative paths with
the same rules: ``*``/``?`` stay inside a segment, ``**`` spans segments, a pattern without a
``/`` (other than a trailing one) matches the name at any depth, a leading ``/`` anchors to the
root, a trailing ``/`` matches a folder and all below it, ``!`` re-includes, the last match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import pathspec

_SLASHES = re.compile("/{2,}")


class PathMatcher:
    """A compiled list of patterns; ``match(relative_posix_path)`` says whether it is selected."""

    def __init__(self, patterns: Iterable[str], *, ignore_case: bool = False) -> None:
        self.patterns = tuple(patterns)
        # The pure-Python backend: the RE2/Hyperscan backends that pathspec picks when those
        # packages are installed cannot take names that are not valid UTF-8 (``caf\xe9.log``)
        # and ignore the case-folded patterns below.
        self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns, backend="simple")
        if ignore_case:
            for compiled in self._spec.patterns:
                regex = getattr(compiled, "regex", None)
                if regex is not None:
                    compiled.regex = re.compile(regex.pattern, regex.flags | re.IGNORECASE)

    def match(self, path: str) -> bool:
        # `x//y` is `x/y` on POSIX; collapsing also keeps a class like `[!a]` off the separator.
        return bool(self.patterns) and self._spec.match_file(_SLASHES.sub("/", path).lstrip("/"))

    def __bool__(self) -> bool:
        return bool(self.patterns)


@lru_cache(maxsize=1024)
def _cached(patterns: tuple[str, ...], ignore_case: bool) -> PathMatcher:
    return PathMatcher(patterns, ignore_case=ignore_case)


def matcher(patterns: Iterable[str], *, ignore_case: bool = False) -> PathMatcher:
    """The (cached) matcher for ``patterns``."""
    return _cached(tuple(patterns), ignore_case)


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid glob, or None."""
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except re.error as exc:  # a character class like `[z-a]`
        return f"bad character class: {exc.msg}"
    except (ValueError, TypeError) as exc:
        return str(exc)
    return None


GitIgnoreSpec = pathspec.GitIgnoreSpec


def gitignore_spec(lines: Iterable[str]) -> GitIgnoreSpec | None:
    """The spec of a ``.gitignore`` file's lines, or None when it has no pattern. A line that
    is no valid pattern (``[z-a]``) is skipped, as git skips it, instead of failing the scan."""
    good = [line for line in lines if line.strip() and pattern_error(line) is None]
    return pathspec.GitIgnoreSpec.from_lines(good, backend="simple") if good else None


# --include/--exclude of scan and check: each pattern on its own (a file is scanned when some
# include matches, or there are none, and no exclude does); `./` in front is the root.


def _clean(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def glob_match(pattern: str, path: str) -> bool:
    """True when the `/`-separated relative ``path`` (or a folder above it) matches ``pattern``."""
    cleaned = _clean(pattern)
    if cleaned.endswith("/**") and path == cleaned[:-3].lstrip("/"):
        return True  # `logs/**` names the folder itself too (so it is pruned, not walked)
    return matcher([cleaned]).match(path)


def path_selected(path: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A file is scanned when it matches some include (or there are none) and no exclude."""
    if include and not any(glob_match(p, path) for p in include):
        return False
    return not any(glob_match(p, path) for p in exclude)


def path_excluded(path: str, exclude: Sequence[str]) -> bool:
    """True when an exclude pattern matches the folder ``path``; used to prune whole folders."""
    return any(glob_match(p, path) or glob_match(p, path + "/") for p in exclude)
