"""Fixtures for the packaging tests: a wheel built from the committed tree, and a fresh
environment with that wheel installed (not editable) and the dev environment's dependencies.

The fresh environment sees the dev virtualenv's site-packages through a ``.pth`` line: a path
added that way is only put on ``sys.path``, its own ``.pth`` files (the editable install's
finder among them) are not run, so the project source is not importable there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that would put the source tree on the import path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    env.update(extra)
    return env


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def committed_tree(tmp_path_factory) -> Path:
    """The files of HEAD (``git archive``), not the work tree: what a user would install."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the packaging tests build from the git checkout; run them in a clone")
    dest = tmp_path_factory.mktemp("committed")
    archive = dest / "head.tar"
    _run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), "HEAD"])
    src = dest / "src"
    with tarfile.open(archive) as tar:
        tar.extractall(src, filter="data")
    archive.unlink()
    return src


@pytest.fixture(scope="session")
def wheel(committed_tree, tmp_path_factory) -> Path:
    """piimap's wheel, built without network (the dev venv's setuptools does the build)."""
    dist = tmp_path_factory.mktemp("dist")
    _run(
        [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
            "--no-build-isolation", "--wheel-dir", str(dist), str(committed_tree),
        ],
        env=clean_env(),
    )  # fmt: skip
    (built,) = dist.glob("piimap-*.whl")
    return built


@pytest.fixture(scope="session")
def installed_env(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv holding the wheel; its dependencies come from the dev venv."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    dev_paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(purelib, "piimap-test-deps.pth").write_text("\n".join(dev_paths) + "\n")
    _run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
            "--no-deps", "--no-index", str(wheel),
        ],
        env=clean_env(),
    )  # fmt: skip
    return venv
