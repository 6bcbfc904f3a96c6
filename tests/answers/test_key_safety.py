"""Issue 17 item 6 and issue 18 item 12: key safety and key strength.

The first run that creates a key says so once; locate/check never create a key when one was
named or expected; a weak, world-readable or symlinked key is refused with exit 2, never a
traceback.
"""

from __future__ import annotations

import os

import pytest

from scanner.exit_codes import EXIT_OK, EXIT_USAGE
from scanner.protect.hashing import HashKeyError, check_key_text, load_hash_key
from tests.fixtures.cli import piimap
from tests.fixtures.corpus import NRIC

GOOD_KEY = "9f2d1c7b3a5e48f6b0c2d4e6f8a1b3c5"


def _invoke(args, env=None):
    return piimap(*args, env=env)


def test_first_scan_announces_the_new_key_once(key_file, log_dir, tmp_path):
    first = _invoke(["scan", log_dir, "--out", tmp_path / "r1", "-q"])
    assert first.exit_code == EXIT_OK, first.output
    assert key_file.exists()
    assert first.output.count("created a new hash key") == 1
    assert str(key_file) in first.output and "back it up" in first.output
    second = _invoke(["scan", log_dir, "--out", tmp_path / "r2", "-q"])
    assert second.exit_code == EXIT_OK
    assert "created a new hash key" not in second.output


def test_locate_with_a_wrong_key_path_creates_nothing(key_file, log_dir, tmp_path):
    assert _invoke(["scan", log_dir, "--out", tmp_path / "run", "-q"]).exit_code == EXIT_OK
    wrong = tmp_path / "typo" / "hash.key"
    result = _invoke(
        ["locate", tmp_path / "run", "--value", NRIC], env={"PIIMAP_KEY_FILE": str(wrong)}
    )
    assert result.exit_code == EXIT_USAGE
    assert "no hash key" in result.output and str(wrong) in result.output
    assert not wrong.exists() and not wrong.parent.exists()


def test_check_with_a_baseline_never_creates_a_key(key_file, log_dir, tmp_path, monkeypatch):
    baseline = tmp_path / "baseline.json"
    made = _invoke(["baseline", "create", log_dir, "--out", baseline])
    assert made.exit_code == EXIT_OK, made.output
    missing = tmp_path / "elsewhere" / "hash.key"
    monkeypatch.setenv("PIIMAP_KEY_FILE", str(missing))
    result = _invoke(["check", log_dir, "--baseline", baseline])
    assert result.exit_code == EXIT_USAGE
    assert "no hash key" in result.output
    assert not missing.exists()


def test_check_with_a_named_missing_key_file_is_an_error(key_file, log_dir):
    result = _invoke(["check", log_dir])
    assert result.exit_code == EXIT_USAGE
    assert "no hash key" in result.output
    assert not key_file.exists()


@pytest.mark.parametrize(
    "key",
    [
        "k9",  # the guessable key of the report
        "secret",
        "0123456789abcdef",  # 8 bytes of hex
        "a" * 64,  # long but not random
        "correct horse battery staple",  # not hex/base64
    ],
)
def test_weak_env_keys_are_refused_with_exit_2(key, log_dir, tmp_path):
    result = _invoke(
        ["scan", log_dir, "--out", tmp_path / "run", "-q"], env={"PIIMAP_HASH_KEY": key}
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert "PIIMAP_HASH_KEY" in result.output
    assert "secrets.token_hex(32)" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(
    "key",
    [GOOD_KEY, "q1w2e3r4t5y6u7i8o9p0AsDfGhJkL+/=", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"],
)
def test_hex_and_base64_keys_of_16_bytes_are_accepted(key):
    assert check_key_text(key.encode(), "PIIMAP_HASH_KEY") == key.encode()


def test_weak_key_on_locate_and_check_is_exit_2(log_dir, tmp_path):
    env = {"PIIMAP_HASH_KEY": "k9"}
    assert _invoke(["check", log_dir], env=env).exit_code == EXIT_USAGE
    assert _invoke(["scan", log_dir, "--out", tmp_path / "run", "-q"]).exit_code == EXIT_OK
    located = _invoke(["locate", tmp_path / "run", "--value", NRIC], env=env)
    assert located.exit_code == EXIT_USAGE
    assert "at least 16 random bytes" in located.output


def test_world_readable_key_file_is_refused(key_file, log_dir, tmp_path):
    key_file.parent.mkdir(parents=True)
    key_file.write_text(GOOD_KEY + "\n")
    os.chmod(key_file, 0o644)
    result = _invoke(["scan", log_dir, "--out", tmp_path / "run", "-q"])
    assert result.exit_code == EXIT_USAGE
    assert "readable by everyone" in result.output and "chmod 600" in result.output
    os.chmod(key_file, 0o600)
    assert _invoke(["scan", log_dir, "--out", tmp_path / "run", "-q"]).exit_code == EXIT_OK


def test_symlinked_key_file_is_refused(key_file, tmp_path):
    real = tmp_path / "real.key"
    real.write_text(GOOD_KEY + "\n")
    os.chmod(real, 0o600)
    key_file.parent.mkdir(parents=True)
    key_file.symlink_to(real)
    with pytest.raises(HashKeyError, match="symlink"):
        load_hash_key()


def test_weak_key_file_is_refused(key_file, log_dir, tmp_path):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("password1234567890\n")
    os.chmod(key_file, 0o600)
    result = _invoke(["scan", log_dir, "--out", tmp_path / "run", "-q"])
    assert result.exit_code == EXIT_USAGE
    assert "not hex/base64" in result.output
    assert "password" not in result.output  # the key is never quoted


def test_first_incremental_scan_announces_the_key_and_weak_key_is_exit_2(
    key_file, log_dir, tmp_path
):
    reports = tmp_path / "reports"
    first = _invoke(["scan", log_dir, "--out", reports / "a", "-q", "--incremental"])
    assert first.exit_code == EXIT_OK, first.output
    assert first.output.count("created a new hash key") == 1
    weak = _invoke(
        ["scan", log_dir, "--out", reports / "b", "-q", "--incremental"],
        env={"PIIMAP_HASH_KEY": "k9"},
    )
    assert weak.exit_code == EXIT_USAGE  # an earlier run exists: the key is checked first
    assert isinstance(weak.exception, SystemExit)
    assert "at least 16 random bytes" in weak.output
