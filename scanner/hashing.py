"""Keyed hashes of found values, so findings correlate across files without storing the value.

A plain SHA of an NRIC is reversible by enumeration (about 5e7 NRIC/FINs exist), so every hash is
HMAC-SHA256 with a per-installation key: ``PIIMAP_HASH_KEY`` (hex or text), else a key file
(``PIIMAP_KEY_FILE`` or ``~/.config/piimap/hash.key``) created with mode 0600 on first use.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from recognizers.normalize import normalize_value

KEY_ENV = "PIIMAP_HASH_KEY"
KEY_FILE_ENV = "PIIMAP_KEY_FILE"


class HashKeyError(Exception):
    """The hash key cannot be read or created."""


def default_key_file() -> Path:
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "piimap" / "hash.key"


def load_hash_key(key_file: Path | None = None) -> bytes:
    """Return the installation's key, creating the key file (0600) on first use."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = key_file or default_key_file()
    try:
        if path.exists():
            key = path.read_bytes().strip()
            if len(key) < 16:
                raise HashKeyError(
                    f"hash key file {path} is too short; delete it to create a new one"
                )
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode("ascii")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
        return key
    except FileExistsError:  # another worker created it between exists() and open()
        return path.read_bytes().strip()
    except OSError as exc:
        raise HashKeyError(
            f"cannot read or create the hash key file {path}: {exc.strerror}. "
            f"Set {KEY_ENV} or {KEY_FILE_ENV} to a writable location."
        ) from exc


def value_hash(key: bytes, entity_type: str, value: str) -> str:
    """HMAC-SHA256 of the normalised value (hex); equal values in any format hash alike."""
    normalised = normalize_value(entity_type, value)
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A short fingerprint of the key, stored in summary.json to detect a wrong key later."""
    return hmac.new(key, b"piimap-key-id", hashlib.sha256).hexdigest()[:16]
