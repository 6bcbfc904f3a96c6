"""Include/exclude globs on `/`-separated relative paths.

Rules (gitignore-like, so ``--include '*.pdf'`` does what people expect):
``*`` and ``?`` never cross ``/``; ``**`` as a whole segment matches zero or more segments;
``[abc]``/``[!abc]`` are character classes; a pattern without ``/`` matches the file name at any
depth; a leading ``/`` or ``./`` anchors to the root (all other patterns are anchored too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


def _translate_segment(segment: str) -> str:
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        char = segment[i]
        if char == "*":
            while i < n and segment[i] == "*":
                i += 1
            out.append("[^/]*")
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            end = segment.find("]", i + 2 if segment[i + 1 : i + 2] in ("!", "^") else i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = segment[i + 1 : end]
                negate = body[:1] in ("!", "^")
                if negate:
                    body = body[1:]
                body = body.replace("\\", "\\\\")
                out.append(f"[^/{body}]" if negate else f"(?!/)[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression a glob pattern stands for (full match on a relative path)."""
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if pattern.startswith("/"):
        pattern = pattern.lstrip("/")
    elif "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    pattern = pattern.rstrip("/") or "**"
    segments: list[str] = []
    for segment in pattern.split("/"):
        if segment and not (segment == "**" and segments[-1:] == ["**"]):
            segments.append(segment)  # `**/**` is the same as `**`
    parts: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            if last:
                if parts:
                    parts[-1] = parts[-1][:-1]  # drop the `/`: `a/**` matches `a` too
                    parts.append("(?:/.*)?")
                else:
                    parts.append(".*")
            else:
                parts.append("(?:.*/)?")
        else:
            parts.append(_translate_segment(segment) + ("" if last else "/"))
    return re.compile("".join(parts), re.DOTALL)


def glob_match(pattern: str, path: str) -> bool:
    """True when the `/`-separated relative ``path`` matches ``pattern``."""
    return compile_glob(pattern).fullmatch(path) is not None


def path_selected(path: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A file is scanned when it matches some include (or there are none) and no exclude."""
    if include and not any(glob_match(p, path) for p in include):
        return False
    return not any(glob_match(p, path) for p in exclude)


def path_excluded(path: str, exclude: Sequence[str]) -> bool:
    """True when an exclude pattern matches ``path``; used to prune whole directories."""
    return any(glob_match(p, path) for p in exclude)
