"""The run journal: an SQLite database in ``RUN_DIR/.state/state.sqlite`` (WAL mode).

Why a journal: a scan of a large store can be killed (OOM killer, a redeploy, Ctrl-C, SIGKILL).
Each completed file is committed as ONE transaction holding its ``FileRecord`` and all of its
findings, so after a crash a file is either fully recorded or not at all. ``piimap scan --resume``
reopens the journal, skips the files already in it and scans the rest; the inventory files
(findings.parquet, files.parquet, summary.json) are always written from the journal at the end,
in listing order, so an interrupted-and-resumed run writes the same rows as an uninterrupted one.

The same ``files`` table is the run's manifest (source, path, size, mtime, ETag, sha256): a later
``piimap scan --incremental`` attaches it read-only as its baseline, copies the rows of unchanged
files (same size, mtime and ETag) forward without reading them, and scans only what changed.

Only what the inventory holds is stored: masked values and keyed hashes, raw values only with
``--reveal`` (exactly like findings.parquet). Nothing here imports the pipeline.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.model import FINDING_COLUMNS, FileRecord, Finding

STATE_DIR = ".state"
STATE_DB = "state.sqlite"
SCHEMA_VERSION = 1

# Finding fields stored per row; run_id is the run's (one value in `meta`), not per row.
_FINDING_FIELDS = (*FINDING_COLUMNS[1:], "value")
_FILE_FIELDS = (
    "source",
    "path",
    "size",
    "file_type",
    "source_kind",
    "status",
    "reason",
    "findings",
    "sha256",
    "mtime",
)
_Q = '", "'.join(_FINDING_FIELDS)
_FINDING_COLS_SQL = f'"{_Q}"'

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    source TEXT NOT NULL, path TEXT NOT NULL, size INTEGER, file_type TEXT,
    source_kind TEXT, status TEXT NOT NULL, reason TEXT, findings INTEGER NOT NULL,
    sha256 TEXT, mtime REAL, etag TEXT,
    UNIQUE (source, path)
);
CREATE TABLE IF NOT EXISTS findings (
    file_id INTEGER NOT NULL, ord INTEGER NOT NULL,
    {", ".join(f'"{c}"' for c in _FINDING_FIELDS)},
    PRIMARY KEY (file_id, ord)
) WITHOUT ROWID;
"""


class StateError(Exception):
    """The run directory has no usable journal (wrong folder, or another piimap version)."""


def state_path(run_dir: Path) -> Path:
    return Path(run_dir) / STATE_DIR / STATE_DB


@dataclass(frozen=True)
class ManifestEntry:
    """What a previous run knew about a file, to decide whether it changed."""

    file_id: int
    size: int | None
    mtime: float | None
    etag: str | None
    sha256: str
    status: str


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # durable across a process kill (not power loss)
    return conn


class RunState:
    """The journal of one run directory; single writer (the process that runs the scan)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._baseline_attached = False

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, run_dir: Path, config: dict[str, Any]) -> RunState:
        """A fresh journal for a new run (an old journal in ``run_dir`` is replaced)."""
        path = state_path(run_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        conn = _connect(path)
        os.chmod(path, 0o600)
        conn.executescript(_SCHEMA)
        state = cls(conn, path)
        state.set_meta("schema_version", SCHEMA_VERSION)
        state.set_meta("config", config)
        return state

    @classmethod
    def open(cls, run_dir: Path) -> RunState:
        """The existing journal of ``run_dir`` (for ``--resume``)."""
        path = state_path(run_dir)
        if not path.is_file():
            raise StateError(
                f"{run_dir} has no scan journal ({STATE_DIR}/{STATE_DB}); it is not a piimap run "
                "directory, or it was written before resumable scans existed"
            )
        try:
            conn = _connect(path)
            conn.executescript(_SCHEMA)
            state = cls(conn, path)
            version = state.get_meta("schema_version")
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: unreadable scan journal ({exc})") from exc
        if version != SCHEMA_VERSION:
            raise StateError(f"{path}: journal schema {version}, expected {SCHEMA_VERSION}")
        return state

    def close(self) -> None:
        self._conn.close()

    # -- meta ----------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    @property
    def config(self) -> dict[str, Any]:
        return self.get_meta("config", {})

    # -- journaling ----------------------------------------------------------------------
    def done(self) -> set[tuple[str, str]]:
        """(source, path) of every file already recorded."""
        return {(s, p) for s, p in self._conn.execute("SELECT source, path FROM files")}

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM files").fetchone()[0]

    def record(
        self,
        seq: int,
        record: FileRecord,
        findings: Sequence[Finding],
        etag: str | None = None,
    ) -> None:
        """Journal one completed file and its findings in a single transaction."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            file_id = self._insert_file(seq, record, etag)
            conn.executemany(
                f"INSERT INTO findings (file_id, ord, {_FINDING_COLS_SQL}) "
                f"VALUES (?, ?, {', '.join('?' * len(_FINDING_FIELDS))})",
                (
                    (file_id, i, *(getattr(f, name) for name in _FINDING_FIELDS))
                    for i, f in enumerate(findings)
                ),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _insert_file(self, seq: int, record: FileRecord, etag: str | None) -> int:
        cur = self._conn.execute(
            f"INSERT INTO files (seq, {', '.join(_FILE_FIELDS)}, etag) "
            f"VALUES (?, {', '.join('?' * len(_FILE_FIELDS))}, ?)",
            (seq, *(getattr(record, name) for name in _FILE_FIELDS), etag),
        )
        return int(cur.lastrowid)

    # -- baseline (incremental scans) ----------------------------------------------------
    def attach_baseline(self, baseline_run: Path) -> dict[str, Any]:
        """Attach a previous run's journal read-only; returns its meta (config, fingerprint)."""
        path = state_path(baseline_run)
        if not path.is_file():
            raise StateError(f"baseline run {baseline_run} has no scan journal to compare with")
        uri = "file:" + str(path.resolve()) + "?mode=ro"
        self._conn.execute("ATTACH DATABASE ? AS base", (uri,))
        self._baseline_attached = True
        rows = self._conn.execute("SELECT key, value FROM base.meta").fetchall()
        return {k: json.loads(v) for k, v in rows}

    def baseline_entry(self, source: str, path: str) -> ManifestEntry | None:
        row = self._conn.execute(
            "SELECT id, size, mtime, etag, sha256, status FROM base.files "
            "WHERE source = ? AND path = ?",
            (source, path),
        ).fetchone()
        return ManifestEntry(*row) if row else None

    def carry_forward(
        self, seq: int, entry: ManifestEntry, etag: str | None
    ) -> FileRecord:
        """Copy an unchanged file's record and findings from the baseline (one transaction)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cols = ", ".join(_FILE_FIELDS)
            cur = conn.execute(
                f"INSERT INTO files (seq, {cols}, etag) "
                f"SELECT ?, {cols}, ? FROM base.files WHERE id = ?",
                (seq, etag, entry.file_id),
            )
            new_id = int(cur.lastrowid)
            conn.execute(
                f"INSERT INTO findings (file_id, ord, {_FINDING_COLS_SQL}) "
                f"SELECT ?, ord, {_FINDING_COLS_SQL} FROM base.findings WHERE file_id = ?",
                (new_id, entry.file_id),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        row = conn.execute(
            f"SELECT {', '.join(_FILE_FIELDS)} FROM files WHERE id = ?", (new_id,)
        ).fetchone()
        return FileRecord(**dict(zip(_FILE_FIELDS, row, strict=True)))

    # -- reading back --------------------------------------------------------------------
    def iter_files(self, run_id: str) -> Iterator[tuple[FileRecord, Iterator[Finding]]]:
        """Every journaled file with its findings, in listing order (deterministic output).

        A file's findings are read lazily (consume them before the next file): a file with
        100,000 findings is never held in memory at once.
        """
        files = self._conn.execute(
            f"SELECT id, {', '.join(_FILE_FIELDS)} FROM files ORDER BY seq, id"
        ).fetchall()
        for file_id, *values in files:
            record = FileRecord(**dict(zip(_FILE_FIELDS, values, strict=True)))
            yield record, self._iter_findings(file_id, run_id)

    def _iter_findings(self, file_id: int, run_id: str) -> Iterator[Finding]:
        rows = self._conn.execute(
            f"SELECT {_FINDING_COLS_SQL} FROM findings WHERE file_id = ? ORDER BY ord",
            (file_id,),
        )
        for row in rows:
            yield Finding(run_id=run_id, **_finding_kwargs(row))


def read_meta(run_dir: Path) -> dict[str, Any] | None:
    """A run's journal meta (config, started/finished times), read-only; None if unreadable."""
    path = state_path(run_dir)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect("file:" + str(path.resolve()) + "?mode=ro", uri=True, timeout=30)
        try:
            rows = conn.execute("SELECT key, value FROM meta").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return {k: json.loads(v) for k, v in rows}


def latest_finished_run(
    parent: Path, sources: Sequence[str], *, exclude: Path | None = None
) -> Path | None:
    """The most recently finished run directory in ``parent`` that scanned the same sources.

    This is what ``piimap scan --incremental`` compares with when no ``--baseline-run`` is given:
    runs live side by side under one reports folder (``reports/<run-id>/``).
    """
    best: tuple[str, Path] | None = None
    if not parent.is_dir():
        return None
    skip = exclude.resolve() if exclude is not None else None
    for child in parent.iterdir():
        if not child.is_dir() or (skip is not None and child.resolve() == skip):
            continue
        meta = read_meta(child)
        if not meta or not meta.get("finished_at"):
            continue
        if list(meta.get("config", {}).get("sources", [])) != list(sources):
            continue
        if best is None or meta["finished_at"] > best[0]:
            best = (meta["finished_at"], child)
    return best[1] if best else None


def _finding_kwargs(row: Sequence[Any]) -> dict[str, Any]:
    kwargs = dict(zip(_FINDING_FIELDS, row, strict=True))
    kwargs["declared"] = bool(kwargs["declared"])
    return kwargs


__all__ = [
    "STATE_DB",
    "STATE_DIR",
    "ManifestEntry",
    "RunState",
    "StateError",
    "latest_finished_run",
    "read_meta",
    "state_path",
]
