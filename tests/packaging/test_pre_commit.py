"""The pre-commit hook (.pre-commit-hooks.yaml) works as pre-commit installs it: `pre-commit
try-repo` against a throwaway git repository fails on a log holding an undeclared NRIC and passes
on a clean one.

Offline and quick: pre-commit's own virtualenv gets piimap with `pip install .` as always, with
pip told to use no index; the build backend comes from virtualenv's bundled setuptools wheel and
the dependencies from a folder of links into the dev venv (on PYTHONPATH) that leaves out piimap's
editable install and the spaCy model, so the hook also shows it never needs the model.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, clean_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

LEFT_OUT = ("piimap", "__editable__", "_virtualenv", "en_core_web", "__pycache__")


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("pre-commit")
    deps = base / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if entry.suffix == ".pth" or entry.name.lower().startswith(LEFT_OUT):
            continue
        (deps / entry.name).symlink_to(entry)
    import virtualenv

    embedded = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
    assert list(embedded.glob("setuptools-*.whl")), "virtualenv ships no setuptools wheel"
    return clean_env(
        PRE_COMMIT_HOME=str(base / "cache"),
        PYTHONPATH=str(deps),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(embedded),
        PIIMAP_HASH_KEY="c3a91e07f25d48b6e0a7c19d3f5b2e84",
        GIT_AUTHOR_NAME="piimap test", GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="piimap test", GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
    )  # fmt: skip


def _try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "piimap-check",
         "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_the_hook_fails_on_an_undeclared_nric_and_passes_a_clean_log(hook_env, tmp_path):
    repo = tmp_path / "repo"
    (repo / "logs").mkdir(parents=True)
    (repo / "logs" / "app.log").write_text("2026-01-02T10:00:01Z WARN kyc nric=S8412345E\n")
    (repo / "logs" / "clean.log").write_text("2026-01-02T10:00:00Z INFO service started\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=hook_env)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=hook_env)

    failed = _try_repo(repo, hook_env, "logs/app.log")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "SG_NRIC_FIN" in failed.stdout
    assert "S8412345E" not in failed.stdout + failed.stderr  # masked: S****345E

    passed = _try_repo(repo, hook_env, "logs/clean.log")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
