"""``--reveal``: where raw values may be shown, and how the files that hold them are protected.

Raw values never go to CI: CI logs and artifacts are kept, shared and searchable. CI systems
say they are running through their own variables, and ``CI`` is sometimes set empty (``CI=``),
so the presence of any of them refuses ``--reveal``. Where it is allowed, every file the run
writes is created readable by the owner only (umask 077: files 0600, folders 0700).
"""

from __future__ import annotations

import os

# Set by (at least) GitHub Actions, GitLab CI, CircleCI, Travis, Buildkite, Drone: `CI`;
# and by systems that do not always set it: Jenkins, Azure Pipelines (TF_BUILD), GitLab,
# Buildkite, TeamCity, Bitbucket Pipelines, AWS CodeBuild, GitHub Actions.
CI_VARIABLES = (
    "CI",
    "JENKINS_URL",
    "TF_BUILD",
    "GITLAB_CI",
    "BUILDKITE",
    "GITHUB_ACTIONS",
    "TEAMCITY_VERSION",
    "BITBUCKET_BUILD_NUMBER",
    "CODEBUILD_BUILD_ID",
)
PRIVATE_UMASK = 0o077


def ci_variable() -> str | None:
    """The first CI variable present in the environment (even when empty), or None."""
    return next((name for name in CI_VARIABLES if name in os.environ), None)


def make_outputs_private() -> int:
    """Create every later file and folder owner-only; returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


__all__ = ["CI_VARIABLES", "ci_variable", "make_outputs_private"]
