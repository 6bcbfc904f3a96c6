"""Keyed hashes of found values, so findings correlate across files without storing the value.

A plain SHA of an NRIC is reversible by enumeration (about 5e7 NRIC/FINs exist), so every hash is
HMAC-SHA256 with a per-installation key: ``PIIMAP_HASH_KEY``, else a key file (``PIIMAP_KEY_FILE``
or ``~/.config/piimap/hash.key``) created with mode 0600 on first use.

The key must be at least 16 random bytes written as hex or base64: ``hash_key_id`` sits in
summaries and committed baselines, so a guessable key (``k9``) could be brute-forced from it,
after which a masked NRIC plus its hash gives the NRIC back. A key file that is a symlink or
readable by everyone is refused too. The key text itself is the HMAC key (as before), so valid
existing keys keep producing the same hashes.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

KEY_ENV = "PIIMAP_HASH_KEY"
KEY_FILE_ENV = "PIIMAP_KEY_FILE"
MIN_KEY_BYTES = 16
_MIN_DISTINCT_BYTES = 8  # 16 random bytes have ~15 distinct values; `aaaa...` has 1
_HEX = re.compile(r"[0-9a-fA-F]+")
_B64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
MAKE_KEY_HINT = "python -c 'import secrets; print(secrets.token_hex(32))'"


class HashKeyError(Exception):
    """The hash key cannot be read, created or trusted; the message says what to do."""


@dataclass(frozen=True)
class KeyInfo:
    """The key and where it came from; ``created`` is set when this call wrote the key file."""

    key: bytes
    origin: str  # "PIIMAP_HASH_KEY" or the key file's path
    created: bool = False


def default_key_file() -> Path:
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "piimap" / "hash.key"


def key_file_named() -> bool:
    """Whether the user named a key (``PIIMAP_HASH_KEY`` or ``PIIMAP_KEY_FILE``)."""
    return bool(os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV))


def _decoded(text: str) -> bytes | None:
    """The key's bytes when ``text`` is hex or base64 (standard or URL-safe), else None."""
    if _HEX.fullmatch(text) and len(text) % 2 == 0:
        return bytes.fromhex(text)
    if _B64.fullmatch(text):
        body = text.rstrip("=")
        if len(body) % 4 == 1:
            return None
        padded = body + "=" * (-len(body) % 4)
        try:
            return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            return None
    return None


def check_key_text(raw: bytes, where: str) -> bytes:
    """``raw`` stripped, when it encodes >= 16 random-looking bytes; else HashKeyError.

    The message never quotes the key.
    """
    try:
        text = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        text = ""
    decoded = _decoded(text) if text else None
    if decoded is None or len(decoded) < MIN_KEY_BYTES:
        raise HashKeyError(
            f"{where} is too short or not hex/base64: the hash key must be at least "
            f"{MIN_KEY_BYTES} random bytes written as hex or base64. Make one with "
            f"`{MAKE_KEY_HINT}` (keep it: every earlier hash and baseline depends on it)"
        )
    if len(set(decoded)) < _MIN_DISTINCT_BYTES:
        raise HashKeyError(
            f"{where} is not random (too few distinct bytes); make one with `{MAKE_KEY_HINT}`"
        )
    return text.encode("ascii")


def _read_key_file(path: Path) -> bytes:
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise HashKeyError(
            f"hash key file {path} is a symlink; refusing it (a planted link could swap the "
            "key). Point PIIMAP_KEY_FILE at the real file"
        )
    if not stat.S_ISREG(st.st_mode):
        raise HashKeyError(f"hash key file {path} is not a regular file")
    if st.st_mode & stat.S_IROTH:
        raise HashKeyError(
            f"hash key file {path} is readable by everyone; run `chmod 600 {path}` (and treat "
            "the key as exposed if others could read it)"
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(4096)
    return check_key_text(raw, f"hash key file {path}")


def resolve_hash_key(key_file: Path | None = None, *, create: bool = True) -> KeyInfo:
    """The installation's key and its origin; creates the key file (0600) only when ``create``.

    Without ``create`` a missing key file is an error: a command that looks values up (locate,
    check against a baseline) must never make a fresh key that matches nothing.
    """
    env = os.environ.get(KEY_ENV)
    if env:
        return KeyInfo(check_key_text(env.encode("utf-8", "replace"), KEY_ENV), KEY_ENV)
    path = key_file or default_key_file()
    try:
        if os.path.lexists(path):
            return KeyInfo(_read_key_file(path), str(path))
        if not create:
            raise HashKeyError(
                f"no hash key: {path} does not exist and {KEY_ENV} is not set. Use the key the "
                f"runs were made with ({KEY_ENV} or {KEY_FILE_ENV}); a new key would match nothing"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode("ascii")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
        return KeyInfo(key, str(path), created=True)
    except FileExistsError:  # another worker created it between lexists() and open()
        return KeyInfo(_read_key_file(path), str(path))
    except OSError as exc:
        raise HashKeyError(
            f"cannot read or create the hash key file {path}: {exc.strerror}. "
            f"Set {KEY_ENV} or {KEY_FILE_ENV} to a writable location."
        ) from exc


def load_hash_key(key_file: Path | None = None, *, create: bool = True) -> bytes:
    """Return the installation's key, creating the key file (0600) on first use."""
    return resolve_hash_key(key_file, create=create).key


def key_created_notice(info: KeyInfo) -> str:
    """What the first run that creates a key tells the user (once, on stderr)."""
    return (
        f"piimap: created a new hash key at {info.origin} (mode 0600). Every value hash, "
        "baseline and later subject request (`piimap locate`) depends on it: back it up and "
        f"use the same key ({KEY_ENV} or {KEY_FILE_ENV}) wherever runs are compared. Losing it "
        "breaks correlation with every earlier run."
    )


def value_hash(key: bytes, entity_type: str, value: str) -> str:
    """HMAC-SHA256 of the normalised value (hex); equal values in any format hash alike."""
    # Imported here: importing `recognizers` loads Presidio, which an incremental re-scan of an
    # unchanged tree (it hashes nothing) must not pay for.
    from recognizers.normalize import normalize_value

    normalised = normalize_value(entity_type, value)
    # One-shot OpenSSL HMAC: no Python HMAC object per value (same digest as hmac.new).
    return hmac.digest(key, normalised.encode("utf-8"), "sha256").hex()


def key_id(key: bytes) -> str:
    """A short fingerprint of the key, stored in summary.json to detect a wrong key later."""
    return hmac.digest(key, b"piimap-key-id", "sha256").hex()[:16]
