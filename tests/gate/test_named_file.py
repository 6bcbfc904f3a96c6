"""A baseline or allowlist the user names but that cannot be read is that file's own error."""

from __future__ import annotations

import pytest

from scanner.gate.allowlist import AllowlistError, load_allowlist
from scanner.gate.baseline import BaselineError, load_baseline


@pytest.mark.parametrize(
    ("load", "error"), [(load_baseline, BaselineError), (load_allowlist, AllowlistError)]
)
def test_missing_file_is_named_with_its_own_error(tmp_path, load, error):
    with pytest.raises(error, match=r"gone\.yml: no such file"):
        load(tmp_path / "gone.yml")


@pytest.mark.parametrize(
    ("load", "error"), [(load_baseline, BaselineError), (load_allowlist, AllowlistError)]
)
def test_undecodable_or_unreadable_file_says_why(tmp_path, load, error):
    latin1 = tmp_path / "latin1.yml"
    latin1.write_bytes(b"entries: [caf\xe9]\n")
    with pytest.raises(error, match=r"latin1\.yml: cannot read \(UnicodeDecodeError\)"):
        load(latin1)
    with pytest.raises(error, match=r"cannot read \(IsADirectoryError\)"):
        load(tmp_path)
