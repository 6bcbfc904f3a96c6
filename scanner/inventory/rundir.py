"""One reader of a run folder: its summary, findings and files tables, with one set of errors.

``report``, ``locate``, ``retention`` and the DSAR commands all read what ``scan`` wrote. They
open it here, so a folder that is not a run gets the same one-line "not a piimap run folder"
answer everywhere (``scanner.inventory.run_folder``), and a damaged table is named by file and
error type, never by its content (a failed filter could otherwise quote value hashes).

Parquet and pandas are imported only when a table is read, so commands that only check a
folder start without them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.inventory.run_folder import RunFolderError, require_run_folder

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

SUMMARY = "summary.json"
FINDINGS = "findings.parquet"
FILES = "files.parquet"


@dataclass(frozen=True)
class RunDir:
    """A run folder written by ``piimap scan`` (or by a test building one)."""

    path: Path

    @property
    def summary_path(self) -> Path:
        return self.path / SUMMARY

    @property
    def findings_path(self) -> Path:
        return self.path / FINDINGS

    @property
    def files_path(self) -> Path:
        return self.path / FILES

    def table_path(self, name: str) -> Path:
        """``path/name``, which must be a file: else "run directory X has no NAME"."""
        target = self.path / name
        if not target.is_file():
            raise RunFolderError(f"run directory {self.path} has no {name}")
        return target

    def summary(self) -> dict[str, Any]:
        """summary.json as a dict (a missing file, bad JSON or a non-object is an error)."""
        path = self.table_path(SUMMARY)
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RunFolderError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(summary, dict):
            raise RunFolderError(f"{path}: expected a JSON object")
        return summary

    def recorded_policy_path(self) -> str | None:
        """The policy file the run was scanned with, as summary.json records it (None when the
        summary is missing, unreadable or names none)."""
        try:
            policy = self.summary().get("policy")
        except RunFolderError:
            return None
        path = policy.get("path") if isinstance(policy, dict) else None
        return path if isinstance(path, str) and path else None

    def dataset(self, name: str = FINDINGS) -> ds.Dataset:
        """A Parquet table of the run as a pyarrow dataset (read lazily, filterable)."""
        import pyarrow.dataset as ds

        path = self.table_path(name)
        try:
            return ds.dataset(path, format="parquet")
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise RunFolderError(f"{path}: cannot read parquet ({type(exc).__name__})") from exc

    def read_table(
        self,
        name: str = FINDINGS,
        columns: list[str] | None = None,
        filter: pc.Expression | None = None,
        dataset: ds.Dataset | None = None,
    ) -> pa.Table:
        """``columns`` of the rows matching ``filter`` (all of them by default)."""
        source = dataset if dataset is not None else self.dataset(name)
        try:
            return source.to_table(columns=columns, filter=filter)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise RunFolderError(
                f"{self.path / name}: cannot read parquet ({type(exc).__name__})"
            ) from exc

    def read_frame(self, name: str) -> pd.DataFrame:
        """A whole Parquet table of the run as a pandas frame."""
        import pandas as pd

        path = self.table_path(name)
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise RunFolderError(f"{path}: cannot read parquet ({type(exc).__name__})") from exc


def open_run_dir(path: str | Path) -> RunDir:
    """The run folder at ``path``; else ``RunFolderError`` with the one-line reason (missing,
    a file, not a run: no summary.json / findings.parquet)."""
    return RunDir(require_run_folder(Path(path)))


__all__ = ["FILES", "FINDINGS", "SUMMARY", "RunDir", "RunFolderError", "open_run_dir"]
