"""One glob dialect for every path rule: gitignore's (via ``pathspec``).

``--include``/``--exclude`` of scan and check, ``.gitignore`` files, the ``.piimap.yaml`` path
settings and the policy's source-kind path rules all match ``/``-separated relative paths with
the same rules: ``*``/``?`` stay inside a segment, ``**`` spans segments, a pattern without a
``/`` (other than a trailing one) matches the name at any depth, a leading ``/`` anchors to the
root, a trailing ``/`` matches a folder and all below it, ``!`` re-includes, the last match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    except (ValueError, TypeError) as exc:
        return str(exc)
    return None
