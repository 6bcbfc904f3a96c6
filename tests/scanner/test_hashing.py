import os
import stat

import pytest

from scanner.protect.hashing import HashKeyError, key_id, load_hash_key, value_hash


def test_key_file_is_created_0600_and_reused(key_file):
    key = load_hash_key()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(key) == 64
    assert load_hash_key() == key


def test_env_key_wins(monkeypatch):
    key = "5f0c4b7e9a21d3c86b1e0f4a7d92c35e"
    monkeypatch.setenv("PIIMAP_HASH_KEY", key)
    assert load_hash_key() == key.encode()


def test_short_key_file_is_refused(key_file):
    key_file.parent.mkdir()
    key_file.write_text("short")
    key_file.chmod(0o600)
    with pytest.raises(HashKeyError, match="too short"):
        load_hash_key()


def test_hash_is_keyed_and_normalised():
    k1, k2 = b"a" * 32, b"b" * 32
    assert value_hash(k1, "SG_NRIC_FIN", "s8412345e") == value_hash(k1, "SG_NRIC_FIN", "S8412345E")
    assert value_hash(k1, "SG_NRIC_FIN", "S8412345E") != value_hash(k2, "SG_NRIC_FIN", "S8412345E")
    assert value_hash(k1, "PHONE_NUMBER", "+65 9123 4567") == value_hash(
        k1, "PHONE_NUMBER", "91234567"
    )
    assert value_hash(k1, "EMAIL_ADDRESS", "Tan@Example.com") == value_hash(
        k1, "EMAIL_ADDRESS", "tan@example.com"
    )
    h = value_hash(k1, "SG_NRIC_FIN", "S8412345E")
    assert len(h) == 64 and "S8412345E" not in h


def test_key_id_differs_per_key():
    assert key_id(b"a" * 32) != key_id(b"b" * 32)
    assert len(key_id(b"a" * 32)) == 16


def test_hash_is_the_hmac_sha256_of_the_normalised_value():
    """The one-shot ``hmac.digest`` gives the stored format: hex HMAC-SHA256 (baselines compare
    these, so the digest must not change with the implementation)."""
    import hashlib
    import hmac

    key = b"5f0c4b7e9a21d3c86b1e0f4a7d92c35e"
    want = hmac.new(key, b"S8412345E", hashlib.sha256).hexdigest()
    assert value_hash(key, "SG_NRIC_FIN", " s8412345e ") == want
    assert key_id(key) == hmac.new(key, b"piimap-key-id", hashlib.sha256).hexdigest()[:16]
