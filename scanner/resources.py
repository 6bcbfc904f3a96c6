"""Where the shipped defaults are: the ``configs`` package data, found with importlib.resources.

The defaults ship inside the wheel (``configs/`` is an importable package whose YAML and text are
package data), so an installed ``piimap`` finds them from any working folder; user files given
with ``--policy``/``--profiles``/``--recognizers`` are plain paths and never go through here.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

CONFIG_PACKAGE = "configs"

_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def config_path(*parts: str) -> Path:
    """A real file path for ``configs/<parts>``: the package file itself when installed on disk
    (wheel or editable), else a temporary copy kept until exit (zip imports)."""
    resource = files(CONFIG_PACKAGE).joinpath(*parts)
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))


def default_policy_path() -> Path:
    return config_path("policies", "esign-sg.yaml")


def default_profiles_path() -> Path:
    return config_path("profiles.yaml")
