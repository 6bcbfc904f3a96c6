"""Make the in-tree ``bench`` package importable under plain ``pytest``.

``bench`` is not an installed package (pyproject only maps ``scanner*`` and ``recognizers*``), and
without this the ``tests/bench`` folder shadows it as a namespace package.
"""

from __future__ import annotations

import sys
from pathlib import Path

_REPO_ROOT = str(Path(__file__).resolve().parents[2])
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)
