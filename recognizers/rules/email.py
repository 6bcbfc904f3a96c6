"""Email rules: a practical address pattern, the domain checked against the public suffix list.

Presidio's EmailRecognizer calls ``tldextract.extract``, whose default extractor fetches the
public suffix list over the network on first use. Here the extractor is built with
``suffix_list_urls=()`` so it only reads the snapshot bundled with tldextract (built on first
use: importing tldextract is cheap, building the extractor is not). The local part is the
practical set (letters, digits, ``. _ + - '``), not RFC 5322's full set: ``= & ? /`` would
swallow the key of a URL query string (``?email=tan@example.com.sg``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from recognizers.rules.loader import builtin_pattern_rule

if TYPE_CHECKING:  # imported where used: building the extractor is not cheap
    from tldextract import TLDExtract


@lru_cache(maxsize=1)
def _tld_extractor() -> TLDExtract:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def has_public_suffix(domain: str) -> bool:
    """True when ``domain`` ends in a public suffix with a registrable name before it."""
    parts = _tld_extractor()(domain)
    return bool(parts.suffix) and bool(parts.domain)


def is_valid_email(value: str) -> bool:
    """Length limits (RFC 5321) and a domain under a public suffix; `%40` is decoded first."""
    address = unquote(value) if "%" in value else value
    local, _, domain = address.rpartition("@")
    if not local or len(local) > 64 or len(domain) > 253:
        return False
    return has_public_suffix(domain.lower())


def may_hold_email(text: str) -> bool:
    """False when ``text`` has no `@` (plain or URL-encoded): no pattern can match."""
    return "@" in text or "%40" in text


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
EMAIL = builtin_pattern_rule("EmailRecognizer")
