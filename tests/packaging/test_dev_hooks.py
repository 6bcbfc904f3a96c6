"""The project's own pre-commit hooks (.pre-commit-config.yaml) run the same checks as the
Makefile's `lint` target, and `pre-commit run` passes them on a copy of the tree and fails a
planted lint error. Offline: the hooks are local and use the dev venv's pinned tools."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.packaging.conftest import ROOT, clean_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

_FILES_RE = re.compile(r"\^\(([\w|]+)\)/")


def _lint_commands() -> set[tuple[str, frozenset[str]]]:
    """(tool and subcommand, folders) of each command in the Makefile's `lint` recipe."""
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe, "Makefile has no lint target"
    commands = set()
    for line in recipe.group(1).splitlines():
        words = shlex.split(line.strip())
        assert words[0].startswith("$(BIN)/"), line
        tool = [words[0].removeprefix("$(BIN)/")]
        args = words[1:]
        while args and args[0] not in _folders():
            tool.append(args.pop(0))
        commands.add((" ".join(tool), frozenset(args)))
    return commands


def _folders() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir()}


def _hook_commands(config: dict) -> set[tuple[str, frozenset[str]]]:
    """(tool and subcommand, folders) of each hook; mypy's folders are pyproject's."""
    commands = set()
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            words = shlex.split(hook["entry"])
            assert words[0].startswith(".venv/bin/"), hook["entry"]
            tool = " ".join([words[0].removeprefix(".venv/bin/"), *words[1:]])
            if hook.get("pass_filenames", True):
                match = _FILES_RE.fullmatch(hook["files"])
                assert match, hook["files"]
                commands.add((tool, frozenset(match.group(1).split("|"))))
            else:
                commands.add((tool, frozenset()))
    return commands


def test_hooks_run_the_lint_targets_commands_on_the_same_folders():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert all(h["language"] == "system" for r in config["repos"] for h in r["hooks"])
    lint = _lint_commands()
    assert {tool for tool, _ in lint} == {"ruff check", "ruff format --check", "mypy"}
    assert _hook_commands(config) == lint
    # mypy takes no folders on either side: both read [tool.mypy] files in pyproject.
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert mypy["strict"] is True and mypy["files"] == ["scanner", "recognizers"]
    mypy_hook = next(h for r in config["repos"] for h in r["hooks"] if h["id"] == "mypy")
    assert _FILES_RE.fullmatch(mypy_hook["files"]).group(1).split("|") == [
        "scanner",
        "recognizers",
    ]


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The tracked files of the work tree in a fresh git repository, the dev venv beside it."""
    repo = tmp_path_factory.mktemp("dev-hooks") / "repo"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = repo / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = clean_env(
        PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"),
        GIT_AUTHOR_NAME="piimap test", GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="piimap test", GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
        MYPY_CACHE_DIR=str(repo.parent / "mypy-cache"),
    )  # fmt: skip
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=env)
    return repo, env


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_the_hooks_pass_on_the_tree(tree_copy):
    repo, env = tree_copy
    done = _pre_commit(repo, env, "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("ruff check", "ruff format --check", "mypy"):
        assert re.search(rf"^{re.escape(name)}.*Passed$", done.stdout, re.M), done.stdout


def test_the_hooks_fail_an_unused_import_an_unformatted_line_and_an_untyped_def(tree_copy):
    repo, env = tree_copy
    bad = repo / "scanner" / "planted_lint_error.py"
    bad.write_text('import os\nx = {"a":1}\n\n\ndef untyped(value):\n    return value\n')
    subprocess.run(["git", "-C", str(repo), "add", str(bad)], check=True, env=env)
    try:
        checks = (
            ("ruff-check", "F401"),
            ("ruff-format", "would be reformatted"),
            ("mypy", "no-untyped-def"),
        )
        for hook, says in checks:
            done = _pre_commit(repo, env, hook, "--files", "scanner/planted_lint_error.py")
            assert done.returncode == 1, done.stdout + done.stderr
            assert says in done.stdout, done.stdout
    finally:
        subprocess.run(["git", "-C", str(repo), "rm", "-q", "-f", str(bad)], check=True, env=env)
