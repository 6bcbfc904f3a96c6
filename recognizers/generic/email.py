"""EMAIL_ADDRESS: addresses whose domain ends in a real public suffix, checked offline.

Presidio's EmailRecognizer calls ``tldextract.extract``, whose default extractor fetches the
public suffix list over the network on first use. Here the extractor is built with
``suffix_list_urls=()`` so it only reads the snapshot bundled with tldextract. The local part
is the practical set (letters, digits, ``. _ + - '``), not RFC 5322's full set: ``= & ? /``
would swallow the key of a URL query string (``?email=tan@example.com.sg``).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

import tldextract
from presidio_analyzer import Pattern

from recognizers.prechecked import PrecheckedPatternRecognizer

_TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_LOCAL = r"[^\W_][\w.+'-]{0,63}"
# Host labels hold letters, digits and `-` only (RFC 1123), never `_`.
_DOMAIN = r"(?:[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?\.){1,8}(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
_ENCODED_LOCAL = r"[^\W_](?:[\w.+-]|%(?!40)[0-9A-Fa-f]{2}){0,63}"
_START = r"(?<![\w.+%-])"
_END = r"(?![^\W_]|-|\.[^\W_])"  # `tan@example.com_history.csv` ends at `com`


@lru_cache(maxsize=4096)
def has_public_suffix(domain: str) -> bool:
    """True when ``domain`` is a registrable name under a known public suffix."""
    parts = _TLD_EXTRACTOR(domain)
    return bool(parts.suffix) and bool(parts.domain)


class EmailRecognizer(PrecheckedPatternRecognizer):
    """Recognize e-mail addresses, including URL-encoded ones in query strings (``a%40b.com``)."""

    ENTITY = "EMAIL_ADDRESS"
    CANDIDATE_PATTERNS = ("@", "%40")  # one-pass candidates: the pre-check's characters
    PATTERNS = [
        Pattern("email", _START + _LOCAL + "@" + _DOMAIN + _END, 0.5),
        Pattern("email_url_encoded", _START + _ENCODED_LOCAL + "%40" + _DOMAIN + _END, 0.5),
    ]
    CONTEXT = ["email", "e-mail", "mail", "contact", "correo"]
    # Lets a scanner that runs the patterns itself skip text `analyze` would skip.

    TRUE_SAMPLES = [
        "Contact tan.ah.kow@example.com.sg for details",
        "GET /api/users?email=tan@example.com.sg&page=2",
        "GET /unsubscribe?email=mary.lim%40gmail.com HTTP/1.1",
        '{"email": "Mary.Lim+news@Company.co.uk"}',
        "reply-to: <o'brien@example.org>",
        "login ok user=siti_nur@esign.sg ip=10.0.0.5",
    ]
    FALSE_SAMPLES = [
        "ssh user@localhost",
        "send to foo@bar.invalidtld now",
        "root@1.2.3.4 accepted publickey",
        "asset icon@2x.png loaded",
        "npm install lodash@4.17.21",
        "email: not provided",
    ]

    @staticmethod
    def worth_scanning(text: str) -> bool:
        """False when no address can be in ``text``: it has no ``@``, raw or URL-encoded."""
        return "@" in text or "%40" in text

    def validate_result(self, pattern_text: str) -> bool:
        """Valid when the domain ends in a public suffix (offline snapshot)."""
        address = unquote(pattern_text) if "%" in pattern_text else pattern_text
        local, _, domain = address.rpartition("@")
        if not local or len(local) > 64 or len(domain) > 253:
            return False
        return has_public_suffix(domain.lower())
